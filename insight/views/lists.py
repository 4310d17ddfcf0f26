"""Lists of planned and reported events with filters, sorting, pages and an XLSX download."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render

from cooperation.access import reads_approved_only
from insight.access import (
    limited_to_own_department,
    visible_planned_events,
    visible_reported_events,
)
from insight.builders import (
    PLANNED_COLUMNS,
    REPORTED_COLUMNS,
    event_list_table,
    planned_rows,
    reported_rows,
)
from insight.filters import PlannedEventFilter, ReportedEventFilter, describe
from reports.exports import report_download

PAGE_SIZE = 50


@login_required
def planned_list(request):
    events = visible_planned_events(request.user).order_by(
        "-year",
        "-half",
        "department__sort_order",
        "department__name",
        F("position").asc(nulls_last=True),
        "starts_on",
        "pk",
    )
    filterset = PlannedEventFilter(
        request.GET or None,
        queryset=events,
        limited=limited_to_own_department(request.user),
    )
    return _list_page(
        request,
        filterset,
        kind="planned",
        columns=PLANNED_COLUMNS,
        rows=planned_rows,
        # column index → ordering key of the filter
        sortable={1: "title", 2: "department", 4: "dates", 8: "status"},
        title="Мероприятия планов",
        url_name="workspace:planned_event_detail",
    )


@login_required
def reported_list(request):
    events = visible_reported_events(request.user).order_by(
        "-year",
        "-quarter",
        "department__sort_order",
        "department__name",
        F("position").asc(nulls_last=True),
        "starts_on",
        "pk",
    )
    filterset = ReportedEventFilter(
        request.GET or None,
        queryset=events,
        limited=limited_to_own_department(request.user),
        approved_only=reads_approved_only(request.user),
    )
    return _list_page(
        request,
        filterset,
        kind="reported",
        columns=REPORTED_COLUMNS,
        rows=reported_rows,
        sortable={1: "title", 2: "department", 4: "dates", 7: "participants"},
        title="Мероприятия отчётов",
        url_name="workspace:reported_event_detail",
    )


def _list_page(request, filterset, *, kind, columns, rows, sortable, title, url_name):
    valid = filterset.is_bound is False or filterset.is_valid()
    events = filterset.qs if valid else filterset.queryset.none()
    if valid and request.GET.get("format") == "xlsx":
        return report_download(
            event_list_table(kind, events, description=describe(filterset)), "xlsx"
        )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    current = request.GET.get("o", "")
    headers = []
    for index, column in enumerate(columns):
        key = sortable.get(index)
        headers.append(
            {
                "caption": column.caption,
                "key": key,
                "active": current.lstrip("-") == key if key else False,
                "descending": current.startswith("-"),
                "next": f"-{key}" if current == key else key,
            }
        )
    return render(
        request,
        "insight/event_list.html",
        {
            "title": title,
            "kind": kind,
            "filterset": filterset,
            "page_obj": page,
            "headers": headers,
            # Each cell with its column's caption: on a phone a row is a card of labelled lines.
            "rows": [
                (pk, list(zip((h["caption"] for h in headers), cells, strict=True)))
                for pk, cells in (rows(page.object_list) if page.paginator.count else [])
            ],
            "url_name": url_name,
            "limited": limited_to_own_department(request.user),
            "approved_only": kind == "reported" and reads_approved_only(request.user),
            "description": describe(filterset) if valid else "",
        },
    )
