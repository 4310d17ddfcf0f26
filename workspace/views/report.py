"""The department's report for a quarter: its rows, recording plan rows as held or not, and
sending the report to the coordinator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cooperation.access import get_visible_or_404, reads_approved_only
from cooperation.periods import (
    half_of_quarter,
    next_quarter,
    previous_quarter,
    quarter_of,
    quarter_title,
)
from events.models import PlannedEvent, ReportedEvent
from reports.models import approved_rows
from reports.services import submission_get_or_create, submission_submit
from workspace import selectors, services
from workspace.forms import NotHeldForm, ReportedEventForm
from workspace.views._rows import (
    Rows,
    check_quarter,
    error_text,
    row_delete,
    row_detail,
    row_update,
    save_once,
    staff_department,
)

REPORT_ROWS = Rows(
    name="reported_event",
    model=ReportedEvent,
    form_class=ReportedEventForm,
    period="quarter",
    period_title=quarter_title,
    closed_message=selectors.reported_event_closed_message,
    update=services.reported_event_update,
    delete=services.reported_event_delete,
    list_title="Отчёт за {}",
    delete_question="мероприятие из отчёта за {}",
    deleted="Мероприятие удалено из отчёта.",
    visible=lambda rows, user: approved_rows(rows) if reads_approved_only(user) else rows,
    form_kwargs=lambda event: {"plan_row": event.planned_event_id is not None},
)


@login_required
def report_current(request):
    staff_department(request.user)
    today = timezone.localdate()
    return redirect(REPORT_ROWS.list_url(today.year, quarter_of(today)))


@login_required
def reported_event_list(request, year, quarter):
    check_quarter(year, quarter)
    department = staff_department(request.user)
    state = selectors.quarter_state(department.pk, year, quarter)
    report = selectors.quarter_report(department.pk, year, quarter)
    previous, following = previous_quarter(year, quarter), next_quarter(year, quarter)
    return render(
        request,
        "workspace/reported_event_list.html",
        {
            "year": year,
            "quarter": quarter,
            "half": half_of_quarter(quarter),
            "state": state,
            "events": report.events,
            "planned": report.planned,
            "unreported": report.unreported,
            "unmarked": report.unmarked,
            "previous": previous,
            "previous_title": quarter_title(*previous),
            "following": following,
            "following_title": quarter_title(*following),
        },
    )


def _plan_row_for_quarter(request, department, year, quarter, pk):
    """A plan row of the user's department whose half-year holds the quarter (or 404)."""
    return get_visible_or_404(
        PlannedEvent.objects.in_quarter(year, quarter).with_details(),
        request.user,
        pk=pk,
        department=department,
    )


@login_required
def reported_event_create(request, year, quarter):
    check_quarter(year, quarter)
    department = staff_department(request.user)
    closed = selectors.quarter_closed_message(department.pk, year, quarter)
    if closed:
        messages.error(request, closed)
        return redirect(REPORT_ROWS.list_url(year, quarter))
    planned = None
    planned_pk = request.POST.get("planned") or request.GET.get("planned")
    if planned_pk:
        if not str(planned_pk).isdigit():
            raise Http404("Мероприятие плана не найдено.")
        planned = _plan_row_for_quarter(request, department, year, quarter, int(planned_pk))
    initial = ReportedEventForm.initial_from_plan(planned) if planned else {"held": True}
    form = ReportedEventForm(
        request.POST or None,
        initial=initial,
        year=year,
        quarter=quarter,
        plan_row=planned is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _, saved_before = save_once(
                request,
                form,
                lambda: services.reported_event_create(
                    by=request.user,
                    year=year,
                    quarter=quarter,
                    planned_event=planned,
                    **form.service_fields(),
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved_before:
                return redirect(saved_before)
            messages.success(
                request, f"Мероприятие добавлено в отчёт за {quarter_title(year, quarter)}."
            )
            return redirect(REPORT_ROWS.list_url(year, quarter))
    return REPORT_ROWS.form_page(request, form, year=year, period=quarter, planned=planned)


@login_required
def reported_event_detail(request, pk):
    return row_detail(request, REPORT_ROWS, pk)


@login_required
def reported_event_update(request, pk):
    return row_update(request, REPORT_ROWS, pk)


@login_required
def reported_event_delete(request, pk):
    return row_delete(request, REPORT_ROWS, pk)


@login_required
def planned_event_not_held(request, year, quarter, pk):
    check_quarter(year, quarter)
    department = staff_department(request.user)
    planned = _plan_row_for_quarter(request, department, year, quarter, pk)
    closed = selectors.quarter_closed_message(department.pk, year, quarter)
    if closed:
        messages.error(request, closed)
        return redirect(REPORT_ROWS.list_url(year, quarter))
    form = NotHeldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.planned_event_mark_not_held(
                by=request.user,
                planned_event=planned,
                year=year,
                quarter=quarter,
                reason=form.cleaned_data["reason"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Мероприятие отмечено как не проведённое.")
            return redirect(REPORT_ROWS.list_url(year, quarter))
    return render(
        request,
        "workspace/not_held_form.html",
        {
            "form": form,
            "planned": planned,
            "year": year,
            "quarter": quarter,
            "period_title": quarter_title(year, quarter),
        },
    )


@login_required
@require_POST
def quarter_submit(request, year, quarter):
    check_quarter(year, quarter)
    department = staff_department(request.user)
    try:
        submission = submission_get_or_create(
            department=department, year=year, quarter=quarter, by=request.user
        )
        submission_submit(submission=submission, by=request.user)
    except ValidationError as error:
        # A second click lands here: the service re-reads the status under a lock.
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            f"Отчёт за {quarter_title(year, quarter)} отправлен на проверку. "
            "До решения координатора он доступен только для чтения.",
        )
    return redirect(REPORT_ROWS.list_url(year, quarter))
