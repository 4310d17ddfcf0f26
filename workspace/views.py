"""Department workspace: the half-year plan and the quarterly report.

Order of checks in every view: the record must be visible (another department's record is 404),
then the user must be department staff (coordinators and officials read, 403 on writes), then the
period must be open (a submitted or approved quarter refuses with a message).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cooperation.access import get_visible_or_404, sees_all_departments
from cooperation.periods import half_of, half_title, quarter_of, quarter_title
from events.models import PlannedEvent, ReportedEvent
from reports.models import Submission, SubmissionStatus
from reports.services import submission_get_or_create, submission_submit
from workspace import services
from workspace.forms import NotHeldForm, PlannedEventForm, ReportedEventForm, TimingPreviewForm

PAGE_SIZE = 20


def _staff_department(user):
    if not services.is_department_staff(user):
        raise PermissionDenied(
            "Вносить план и отчёт могут только сотрудники департаментов; "
            "координаторы и руководство работают с ними в разделе «Отчёты»."
        )
    return user.department


def _check_half(year, half):
    if not 2000 <= year <= 2100 or half not in (1, 2):
        raise Http404("Такого полугодия нет.")


def _check_quarter(year, quarter):
    if not 2000 <= year <= 2100 or quarter not in (1, 2, 3, 4):
        raise Http404("Такого квартала нет.")


def _neighbour_halves(year, half):
    previous = services.previous_half(year, half)
    following = (year, 2) if half == 1 else (year + 1, 1)
    return previous, following


def _neighbour_quarters(year, quarter):
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return previous, following


def _plan_url(year, half):
    return reverse("workspace:planned_event_list", args=[year, half])


def _report_url(year, quarter):
    return reverse("workspace:reported_event_list", args=[year, quarter])


def _error_text(error):
    return " ".join(error.messages)


# --- Plan -----------------------------------------------------------------------------------


@login_required
def plan_current(request):
    _staff_department(request.user)
    today = timezone.localdate()
    return redirect(_plan_url(today.year, half_of(today)))


@login_required
def planned_event_list(request, year, half):
    _check_half(year, half)
    department = _staff_department(request.user)
    events = (
        PlannedEvent.objects.in_half(year, half)
        .for_department(department)
        .with_details()
        .in_report_order()
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    previous, following = _neighbour_halves(year, half)
    closed = services.half_closed_message(department.pk, year, half)
    previous_count = (
        PlannedEvent.objects.in_half(*previous).for_department(department).count()
        if not closed
        else 0
    )
    return render(
        request,
        "workspace/planned_event_list.html",
        {
            "year": year,
            "half": half,
            "period_title": half_title(year, half),
            "page_obj": page,
            "closed_message": closed,
            "editable": not closed,
            "previous": previous,
            "previous_title": half_title(*previous),
            "previous_count": previous_count,
            "following": following,
            "following_title": half_title(*following),
            "quarters": [(year, q, quarter_title(year, q)) for q in services.half_quarters(half)],
        },
    )


def _plan_form_page(request, form, *, year, half, event=None):
    return render(
        request,
        "workspace/planned_event_form.html",
        {
            "form": form,
            "event": event,
            "year": year,
            "half": half,
            "period_title": half_title(year, half),
        },
    )


@login_required
def planned_event_create(request, year, half):
    _check_half(year, half)
    department = _staff_department(request.user)
    closed = services.half_closed_message(department.pk, year, half)
    if closed:
        messages.error(request, closed)
        return redirect(_plan_url(year, half))
    form = PlannedEventForm(request.POST or None, year=year, half=half)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.planned_event_create(
                by=request.user, year=year, half=half, **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Мероприятие добавлено в план на {half_title(year, half)}.")
            return redirect(event)
    return _plan_form_page(request, form, year=year, half=half)


@login_required
def planned_event_detail(request, pk):
    event = get_visible_or_404(PlannedEvent.objects.with_details(), request.user, pk=pk)
    can_edit = services.is_department_staff(request.user) and not services.half_closed_message(
        event.department_id, event.year, event.half
    )
    reports = event.reported_events.order_by("year", "quarter", "pk")
    return render(
        request,
        "workspace/planned_event_detail.html",
        {
            "event": event,
            "can_edit": can_edit,
            "reports": reports,
            "period_title": half_title(event.year, event.half),
        },
    )


def _editable_plan_event(request, pk):
    event = get_visible_or_404(PlannedEvent.objects.with_details(), request.user, pk=pk)
    _staff_department(request.user)
    return event, services.half_closed_message(event.department_id, event.year, event.half)


@login_required
def planned_event_update(request, pk):
    event, closed = _editable_plan_event(request, pk)
    if closed:
        messages.error(request, closed)
        return redirect(event)
    form = PlannedEventForm(
        request.POST or None,
        initial=PlannedEventForm.initial_for(event),
        year=event.year,
        half=event.half,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.planned_event_update(
                by=request.user, planned_event=event, **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(event)
    return _plan_form_page(request, form, year=event.year, half=event.half, event=event)


@login_required
def planned_event_delete(request, pk):
    event, closed = _editable_plan_event(request, pk)
    if closed:
        messages.error(request, closed)
        return redirect(event)
    if request.method == "POST":
        try:
            services.planned_event_delete(by=request.user, planned_event=event)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(event)
        messages.success(request, "Мероприятие удалено из плана.")
        return redirect(_plan_url(event.year, event.half))
    return render(
        request,
        "workspace/confirm_delete.html",
        {
            "event": event,
            "what": f"мероприятие из плана на {half_title(event.year, event.half)}",
            "back_url": event.get_absolute_url(),
            "list_url": _plan_url(event.year, event.half),
            "list_title": f"План на {half_title(event.year, event.half)}",
        },
    )


@login_required
def planned_events_copy(request, year, half):
    _check_half(year, half)
    department = _staff_department(request.user)
    closed = services.half_closed_message(department.pk, year, half)
    if closed:
        messages.error(request, closed)
        return redirect(_plan_url(year, half))
    previous = services.previous_half(year, half)
    if request.method == "POST":
        try:
            copied = services.planned_events_copy_half(by=request.user, year=year, half=half)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if copied:
                messages.success(
                    request,
                    f"Скопировано мероприятий: {copied}. Уточните сроки проведения — "
                    f"пока указано всё {half_title(year, half)}.",
                )
            else:
                messages.info(request, "Копировать нечего: все мероприятия уже есть в плане.")
        return redirect(_plan_url(year, half))
    sources = (
        PlannedEvent.objects.in_half(*previous)
        .for_department(department)
        .with_details()
        .in_report_order()
    )
    return render(
        request,
        "workspace/planned_events_copy.html",
        {
            "year": year,
            "half": half,
            "period_title": half_title(year, half),
            "previous_title": half_title(*previous),
            "sources": sources,
        },
    )


# --- Report ---------------------------------------------------------------------------------


@login_required
def report_current(request):
    _staff_department(request.user)
    today = timezone.localdate()
    return redirect(_report_url(today.year, quarter_of(today)))


@login_required
def reported_event_list(request, year, quarter):
    _check_quarter(year, quarter)
    department = _staff_department(request.user)
    state = services.quarter_state(department.pk, year, quarter)
    events = list(
        ReportedEvent.objects.in_quarter(year, quarter)
        .for_department(department)
        .with_details()
        .in_report_order()
    )
    reported_plan_ids = {event.planned_event_id for event in events}
    planned = [
        (event, event.pk in reported_plan_ids)
        for event in PlannedEvent.objects.in_quarter(year, quarter)
        .for_department(department)
        .with_details()
        .in_report_order()
    ]
    previous, following = _neighbour_quarters(year, quarter)
    return render(
        request,
        "workspace/reported_event_list.html",
        {
            "year": year,
            "quarter": quarter,
            "half": 1 if quarter <= 2 else 2,
            "state": state,
            "events": events,
            "planned": planned,
            "unreported": sum(1 for _, done in planned if not done),
            "previous": previous,
            "previous_title": quarter_title(*previous),
            "following": following,
            "following_title": quarter_title(*following),
        },
    )


def _report_form_page(request, form, *, year, quarter, event=None, planned=None):
    return render(
        request,
        "workspace/reported_event_form.html",
        {
            "form": form,
            "event": event,
            "planned": planned,
            "year": year,
            "quarter": quarter,
            "period_title": quarter_title(year, quarter),
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
    _check_quarter(year, quarter)
    department = _staff_department(request.user)
    closed = services.quarter_closed_message(department.pk, year, quarter)
    if closed:
        messages.error(request, closed)
        return redirect(_report_url(year, quarter))
    planned = None
    planned_pk = request.POST.get("planned") or request.GET.get("planned")
    if planned_pk:
        if not str(planned_pk).isdigit():
            raise Http404("Мероприятие плана не найдено.")
        planned = _plan_row_for_quarter(request, department, year, quarter, int(planned_pk))
    initial = ReportedEventForm.initial_from_plan(planned) if planned else {"held": True}
    form = ReportedEventForm(request.POST or None, initial=initial, year=year, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        try:
            services.reported_event_create(
                by=request.user,
                year=year,
                quarter=quarter,
                planned_event=planned,
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Мероприятие добавлено в отчёт за {quarter_title(year, quarter)}."
            )
            return redirect(_report_url(year, quarter))
    return _report_form_page(request, form, year=year, quarter=quarter, planned=planned)


@login_required
def reported_event_detail(request, pk):
    event = get_visible_or_404(ReportedEvent.objects.with_details(), request.user, pk=pk)
    can_edit = services.is_department_staff(request.user) and not (
        services.quarter_closed_message(event.department_id, event.year, event.quarter)
    )
    return render(
        request,
        "workspace/reported_event_detail.html",
        {
            "event": event,
            "can_edit": can_edit,
            "period_title": quarter_title(event.year, event.quarter),
        },
    )


def _editable_report_event(request, pk):
    event = get_visible_or_404(ReportedEvent.objects.with_details(), request.user, pk=pk)
    _staff_department(request.user)
    return event, services.quarter_closed_message(event.department_id, event.year, event.quarter)


@login_required
def reported_event_update(request, pk):
    event, closed = _editable_report_event(request, pk)
    if closed:
        messages.error(request, closed)
        return redirect(event)
    form = ReportedEventForm(
        request.POST or None,
        initial=ReportedEventForm.initial_for(event),
        year=event.year,
        quarter=event.quarter,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.reported_event_update(
                by=request.user, reported_event=event, **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(event)
    return _report_form_page(request, form, year=event.year, quarter=event.quarter, event=event)


@login_required
def reported_event_delete(request, pk):
    event, closed = _editable_report_event(request, pk)
    if closed:
        messages.error(request, closed)
        return redirect(event)
    if request.method == "POST":
        try:
            services.reported_event_delete(by=request.user, reported_event=event)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(event)
        messages.success(request, "Мероприятие удалено из отчёта.")
        return redirect(_report_url(event.year, event.quarter))
    return render(
        request,
        "workspace/confirm_delete.html",
        {
            "event": event,
            "what": f"мероприятие из отчёта за {quarter_title(event.year, event.quarter)}",
            "back_url": event.get_absolute_url(),
            "list_url": _report_url(event.year, event.quarter),
            "list_title": f"Отчёт за {quarter_title(event.year, event.quarter)}",
        },
    )


@login_required
def planned_event_not_held(request, year, quarter, pk):
    _check_quarter(year, quarter)
    department = _staff_department(request.user)
    planned = _plan_row_for_quarter(request, department, year, quarter, pk)
    closed = services.quarter_closed_message(department.pk, year, quarter)
    if closed:
        messages.error(request, closed)
        return redirect(_report_url(year, quarter))
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
            return redirect(_report_url(year, quarter))
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
    _check_quarter(year, quarter)
    department = _staff_department(request.user)
    try:
        submission = submission_get_or_create(
            department=department, year=year, quarter=quarter, by=request.user
        )
        submission_submit(submission=submission, by=request.user)
    except ValidationError as error:
        # A second click lands here: the service re-reads the status under a lock.
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            f"Отчёт за {quarter_title(year, quarter)} отправлен на проверку. "
            "До решения координатора он доступен только для чтения.",
        )
    return redirect(_report_url(year, quarter))


# --- Live checks ----------------------------------------------------------------------------


@login_required
@require_GET
def timing_preview(request):
    """What the timing phrase means: an htmx fragment under the field."""
    form = TimingPreviewForm(request.GET)
    context = {"parsed": None, "error": ""}
    if not form.is_valid():
        context["error"] = "Не удалось проверить сроки."
    elif form.cleaned_data["timing_text"].strip():
        data = form.cleaned_data
        try:
            if data.get("quarter"):
                parsed = services.parse_report_timing(
                    data["timing_text"], year=data["year"], quarter=data["quarter"]
                )
            else:
                parsed = services.parse_plan_timing(
                    data["timing_text"], year=data["year"], half=data["half"]
                )
        except ValidationError as error:
            context["error"] = _error_text(error)
        else:
            context["parsed"] = parsed
    return render(request, "workspace/_timing_preview.html", context)


@login_required
def home(request):
    """The start page: staff see their plan and report; coordinators and officials the way to
    the whole picture."""
    user, today = request.user, timezone.localdate()
    context = {"today": today}
    if services.is_department_staff(user):
        year, half = today.year, half_of(today)
        halves = [(year, half), (year, 2) if half == 1 else (year + 1, 1)]
        counts = {
            (row["year"], row["half"]): row
            for row in PlannedEvent.objects.for_department(user.department_id)
            .filter(
                Q(year=halves[0][0], half=halves[0][1]) | Q(year=halves[1][0], half=halves[1][1])
            )
            .values("year", "half")
            .annotate(total=Count("pk"), held=Count("pk", filter=Q(status="held")))
        }
        context["plans"] = [
            {
                "year": y,
                "half": h,
                "title": half_title(y, h),
                "total": counts.get((y, h), {}).get("total", 0),
                "held": counts.get((y, h), {}).get("held", 0),
                "closed": services.half_closed_message(user.department_id, y, h),
            }
            for y, h in halves
        ]
        quarter = quarter_of(today)
        context["state"] = services.quarter_state(user.department_id, year, quarter)
        context["reported_count"] = (
            ReportedEvent.objects.in_quarter(year, quarter)
            .for_department(user.department_id)
            .count()
        )
        context["planned_in_quarter"] = (
            PlannedEvent.objects.in_quarter(year, quarter)
            .for_department(user.department_id)
            .count()
        )
        context["returned"] = (
            Submission.objects.for_department(user.department_id)
            .filter(status=SubmissionStatus.RETURNED)
            .select_related("reviewed_by")
            .order_by("-year", "-quarter")
        )
    elif sees_all_departments(user):
        context["overview"] = True
        context["awaiting_review"] = Submission.objects.filter(
            status=SubmissionStatus.SUBMITTED
        ).count()
    return render(request, "workspace/home.html", context)
