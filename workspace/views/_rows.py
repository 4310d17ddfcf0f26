"""What the plan's and the report's pages share: who may work in them, which periods exist, and
one shape for a row's detail, edit and delete pages.

Order of checks in every view: the record must be visible (another department's record is 404),
then the user must be department staff (coordinators and officials read, 403 on writes), then the
period must be open (a submitted or approved quarter refuses with a message).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from cooperation.access import get_visible_or_404, is_department_staff
from cooperation.periods import HALVES, QUARTERS, is_report_year
from events.versions import STALE_VERSION


def staff_department(user):
    """The user's department; 403 for anyone who is not department staff."""
    if not is_department_staff(user):
        raise PermissionDenied(
            "Вносить план и отчёт могут только сотрудники департаментов; "
            "координаторы и руководство работают с ними в разделе «Отчёты»."
        )
    return user.department


def check_half(year, half):
    if not is_report_year(year) or half not in HALVES:
        raise Http404("Такого полугодия нет.")


def check_quarter(year, quarter):
    if not is_report_year(year) or quarter not in QUARTERS:
        raise Http404("Такого квартала нет.")


def error_text(error):
    return " ".join(error.messages)


@dataclass(frozen=True)
class Rows:
    """What differs between the plan's rows and the report's rows.

    `name` is the entity ("planned_event"): it names the list URL, the templates and the keyword
    its services take the row by (`planned_event_update(*, by, planned_event, ...)`).
    """

    name: str
    model: type
    form_class: type
    period: str  # the field beside the year: "half" or "quarter"
    period_title: Callable  # (year, period) -> «II полугодие 2022 года»
    closed_message: Callable  # (event) -> why the row is read-only for staff, or ""
    update: Callable
    delete: Callable
    list_title: str  # «План на {}»
    delete_question: str  # «мероприятие из плана на {}»: what the delete page asks to remove
    deleted: str
    detail_context: Callable = field(default=lambda event: {})
    # (queryset, user) -> the rows this reader may see at all (officials: no drafts)
    visible: Callable = field(default=lambda queryset, user: queryset)
    # (event) -> keywords the edit form takes besides the period
    form_kwargs: Callable = field(default=lambda event: {})

    def get_visible_or_404(self, request, pk):
        queryset = self.visible(self.model.objects.with_details(), request.user)
        return get_visible_or_404(queryset, request.user, pk=pk)

    def period_of(self, event):
        return event.year, getattr(event, self.period)

    def list_url(self, year, period):
        return reverse(f"workspace:{self.name}_list", args=[year, period])

    def closed(self, event):
        return self.closed_message(event)

    def form_page(self, request, form, *, year, period, event=None, **context):
        return render(
            request,
            f"workspace/{self.name}_form.html",
            {
                "form": form,
                "event": event,
                "year": year,
                self.period: period,
                "period_title": self.period_title(year, period),
                **context,
            },
        )


def row_detail(request, rows, pk):
    event = rows.get_visible_or_404(request, pk)
    staff = is_department_staff(request.user)
    closed = rows.closed(event) if staff else ""
    return render(
        request,
        f"workspace/{rows.name}_detail.html",
        {
            "event": event,
            "can_edit": staff and not closed,
            "closed_message": closed,
            "period_title": rows.period_title(*rows.period_of(event)),
            **rows.detail_context(event),
        },
    )


def _editable_row(request, rows, pk):
    event = rows.get_visible_or_404(request, pk)
    staff_department(request.user)
    return event, rows.closed(event)


def save_once(request, form, save):
    """Run `save` (a service call returning the new record) unless this very form was saved
    already: then the record made by the first save is shown instead (forms.SaveOnceForm)."""
    url = form.saved_url(request)
    if url:
        messages.info(request, form.ALREADY_SAVED)
        return None, url
    event = save()
    form.remember_saved(request, event.get_absolute_url())
    return event, None


def row_update(request, rows, pk):
    event, closed = _editable_row(request, rows, pk)
    if closed:
        messages.error(request, closed)
        return redirect(event)
    year, period = rows.period_of(event)
    form = rows.form_class(
        request.POST or None,
        initial=rows.form_class.initial_for(event),
        year=year,
        **{rows.period: period},
        **rows.form_kwargs(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = rows.update(
                by=request.user,
                **{rows.name: event},
                expected_version=form.expected_version,
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            if getattr(error, "code", None) == STALE_VERSION:
                current = rows.model.objects.filter(pk=event.pk).values_list("version", flat=True)
                form.keep_for_overwrite(current.first())
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(event)
    return rows.form_page(request, form, year=year, period=period, event=event)


def row_delete(request, rows, pk):
    event, closed = _editable_row(request, rows, pk)
    if closed:
        messages.error(request, closed)
        return redirect(event)
    year, period = rows.period_of(event)
    if request.method == "POST":
        try:
            rows.delete(by=request.user, **{rows.name: event})
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(event)
        messages.success(request, rows.deleted)
        return redirect(rows.list_url(year, period))
    title = rows.period_title(year, period)
    return render(
        request,
        "workspace/confirm_delete.html",
        {
            "event": event,
            "what": rows.delete_question.format(title),
            "back_url": event.get_absolute_url(),
            "list_url": rows.list_url(year, period),
            "list_title": rows.list_title.format(title),
        },
    )
