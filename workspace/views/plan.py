"""The department's plan for a half-year: its rows, adding, editing, copying the previous one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from cooperation.periods import (
    half_of,
    half_title,
    next_half,
    previous_half,
    quarter_title,
    quarters_of_half,
)
from events.models import PlannedEvent
from workspace import selectors, services
from workspace.forms import PlannedEventForm
from workspace.views._rows import (
    Rows,
    check_half,
    error_text,
    row_delete,
    row_detail,
    row_update,
    save_once,
    staff_department,
)

PAGE_SIZE = 20

PLAN_ROWS = Rows(
    name="planned_event",
    model=PlannedEvent,
    form_class=PlannedEventForm,
    period="half",
    period_title=half_title,
    closed_message=selectors.planned_event_closed_message,
    update=services.planned_event_update,
    delete=services.planned_event_delete,
    list_title="План на {}",
    delete_question="мероприятие из плана на {}",
    deleted="Мероприятие удалено из плана.",
    detail_context=lambda event: {"reports": selectors.reports_of_plan_row(event)},
)


@login_required
def plan_current(request):
    staff_department(request.user)
    today = timezone.localdate()
    return redirect(PLAN_ROWS.list_url(today.year, half_of(today)))


@login_required
def planned_event_list(request, year, half):
    check_half(year, half)
    department = staff_department(request.user)
    page = Paginator(selectors.plan_rows(department.pk, year, half), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    previous, following = previous_half(year, half), next_half(year, half)
    plan = selectors.plan_lock(department.pk, year, half)
    return render(
        request,
        "workspace/planned_event_list.html",
        {
            "year": year,
            "half": half,
            "period_title": half_title(year, half),
            "page_obj": page,
            "lock_message": plan.message,
            "editable": not plan.whole,
            # Rows of a quarter whose report is in are read-only; the others stay editable.
            "locked_rows": {event.pk for event in page if plan.row_message(event)},
            "previous": previous,
            "previous_title": half_title(*previous),
            # Offered for copying only while no quarter's report is in (copies span the half).
            "previous_count": (
                0 if plan.copy_message else selectors.plan_row_count(department.pk, *previous)
            ),
            "following": following,
            "following_title": half_title(*following),
            "quarters": [(year, q, quarter_title(year, q)) for q in quarters_of_half(half)],
        },
    )


@login_required
def planned_event_create(request, year, half):
    check_half(year, half)
    department = staff_department(request.user)
    closed = selectors.half_closed_message(department.pk, year, half)
    if closed:
        messages.error(request, closed)
        return redirect(PLAN_ROWS.list_url(year, half))
    form = PlannedEventForm(request.POST or None, year=year, half=half)
    if request.method == "POST" and form.is_valid():
        try:
            event, saved_before = save_once(
                request,
                form,
                lambda: services.planned_event_create(
                    by=request.user, year=year, half=half, **form.service_fields()
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved_before:
                return redirect(saved_before)
            messages.success(request, f"Мероприятие добавлено в план на {half_title(year, half)}.")
            return redirect(event)
    return PLAN_ROWS.form_page(request, form, year=year, period=half)


@login_required
def planned_event_detail(request, pk):
    return row_detail(request, PLAN_ROWS, pk)


@login_required
def planned_event_update(request, pk):
    return row_update(request, PLAN_ROWS, pk)


@login_required
def planned_event_delete(request, pk):
    return row_delete(request, PLAN_ROWS, pk)


@login_required
def planned_events_copy(request, year, half):
    check_half(year, half)
    department = staff_department(request.user)
    closed = selectors.plan_lock(department.pk, year, half).copy_message
    if closed:
        messages.error(request, closed)
        return redirect(PLAN_ROWS.list_url(year, half))
    if request.method == "POST":
        try:
            copied = services.planned_events_copy_half(by=request.user, year=year, half=half)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if copied:
                messages.success(
                    request,
                    f"Скопировано мероприятий: {copied}. Уточните сроки проведения — "
                    f"пока указано всё {half_title(year, half)}.",
                )
            else:
                messages.info(request, "Копировать нечего: все мероприятия уже есть в плане.")
        return redirect(PLAN_ROWS.list_url(year, half))
    previous = previous_half(year, half)
    return render(
        request,
        "workspace/planned_events_copy.html",
        {
            "year": year,
            "half": half,
            "period_title": half_title(year, half),
            "previous_title": half_title(*previous),
            "sources": selectors.plan_rows(department.pk, *previous),
        },
    )
