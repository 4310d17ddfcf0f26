"""What the department workspace reads: whether a period is still open, the rows of a plan or a
quarterly report, and the figures of the start page. No writes."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from cooperation.periods import (
    half_of,
    half_title,
    next_half,
    quarter_of,
    quarter_title,
    quarters_of_half,
)
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from reports.deadlines import report_due_date
from reports.models import CLOSED_STATUSES, Submission, SubmissionAction, SubmissionStatus

# A quarter in one of these statuses has reached the coordinator: staff no longer change it.


# --- Whether a period is open -----------------------------------------------------------------


def closed_quarters(department_id, year, quarters, *, lock=False):
    """The quarters among `quarters` whose report is submitted or approved.

    With lock=True (inside a write) the department's submission rows stay locked until the
    transaction ends: the same rows reports.services locks on «Отправить на проверку».
    """
    submissions = Submission.objects.filter(
        department_id=department_id, year=year, quarter__in=list(quarters)
    )
    if lock:
        submissions = submissions.select_for_update()
    return sorted(s.quarter for s in submissions if s.status in CLOSED_STATUSES)


def half_closed_message(department_id, year, half, *, lock=False):
    """Why the plan is read-only for staff, or "" while it may be edited."""
    closed = closed_quarters(department_id, year, quarters_of_half(half), lock=lock)
    if not closed:
        return ""
    return (
        f"План на {half_title(year, half)} изменить нельзя: отчёт за "
        f"{quarter_title(year, closed[0])} отправлен на проверку или принят."
    )


def quarter_closed_message(department_id, year, quarter, *, lock=False):
    """Why the quarterly report is read-only for staff, or "" while it may be edited."""
    if not closed_quarters(department_id, year, [quarter], lock=lock):
        return ""
    return (
        f"Отчёт за {quarter_title(year, quarter)} отправлен на проверку или принят: "
        "изменения недоступны."
    )


@dataclass(frozen=True)
class QuarterState:
    year: int
    quarter: int
    submission: Submission | None
    due_on: date
    # The report came back because a coordinator reopened it after approval (not a return).
    reopened: bool = False

    @property
    def title(self):
        return quarter_title(self.year, self.quarter)

    @property
    def editable(self):
        return self.submission is None or self.submission.is_editable_by_staff

    @property
    def returned(self):
        return self.submission is not None and self.submission.status == SubmissionStatus.RETURNED


def quarter_state(department_id, year, quarter):
    """The department's report for the quarter as the workspace shows it."""
    submission = (
        Submission.objects.with_details()
        .filter(department_id=department_id, year=year, quarter=quarter)
        .first()
    )
    reopened = False
    if submission is not None and submission.status == SubmissionStatus.RETURNED:
        last = (
            submission.history.filter(
                action__in=[SubmissionAction.RETURNED, SubmissionAction.REOPENED]
            )
            .order_by("at", "pk")
            .last()
        )
        reopened = last is not None and last.action == SubmissionAction.REOPENED
    return QuarterState(year, quarter, submission, report_due_date(year, quarter), reopened)


# --- Plan -------------------------------------------------------------------------------------


def plan_rows(department_id, year, half):
    """The department's plan for the half-year in the document's order."""
    return (
        PlannedEvent.objects.in_half(year, half)
        .for_department(department_id)
        .with_details()
        .in_report_order()
    )


def plan_row_count(department_id, year, half):
    return PlannedEvent.objects.in_half(year, half).for_department(department_id).count()


def reports_of_plan_row(planned_event):
    """The report rows that tell what became of a plan row, oldest quarter first."""
    return planned_event.reported_events.order_by("year", "quarter", "pk")


# --- Quarterly report -------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterReport:
    events: list
    # Plan rows of the quarter, each with whether the report already accounts for it.
    planned: list

    @property
    def unmarked(self):
        """Plan rows still to be marked held, not held or moved before the report is sent."""
        return [event for event, marked in self.planned if not marked]

    @property
    def unreported(self):
        return len(self.unmarked)


def quarter_report(department_id, year, quarter):
    """The report's rows and the plan rows of the quarter, each marked or not."""
    events = list(
        ReportedEvent.objects.in_quarter(year, quarter)
        .for_department(department_id)
        .with_details()
        .in_report_order()
    )
    # The rule reports.services checks on «Отправить на проверку».
    unmarked = set(
        PlannedEvent.objects.unmarked_in_quarter(year, quarter)
        .for_department(department_id)
        .values_list("pk", flat=True)
    )
    planned = [
        (event, event.pk not in unmarked)
        for event in PlannedEvent.objects.in_quarter(year, quarter)
        .for_department(department_id)
        .with_details()
        .in_report_order()
    ]
    return QuarterReport(events, planned)


# --- Start page -------------------------------------------------------------------------------


def staff_dashboard(department_id, today):
    """Staff's start page: the current and next plans, the current quarter's report and every
    report a coordinator has returned."""
    year, half = today.year, half_of(today)
    halves = [(year, half), next_half(year, half)]
    counts = {
        (row["year"], row["half"]): row
        for row in PlannedEvent.objects.for_department(department_id)
        .filter(Q(year=halves[0][0], half=halves[0][1]) | Q(year=halves[1][0], half=halves[1][1]))
        .values("year", "half")
        .annotate(total=Count("pk"), held=Count("pk", filter=Q(status=PlannedEventStatus.HELD)))
    }
    plans = [
        {
            "year": y,
            "half": h,
            "title": half_title(y, h),
            "total": counts.get((y, h), {}).get("total", 0),
            "held": counts.get((y, h), {}).get("held", 0),
            "closed": half_closed_message(department_id, y, h),
        }
        for y, h in halves
    ]
    quarter = quarter_of(today)
    return {
        "plans": plans,
        "state": quarter_state(department_id, year, quarter),
        "reported_count": ReportedEvent.objects.in_quarter(year, quarter)
        .for_department(department_id)
        .count(),
        "planned_in_quarter": PlannedEvent.objects.in_quarter(year, quarter)
        .for_department(department_id)
        .count(),
        "returned": Submission.objects.for_department(department_id)
        .filter(status=SubmissionStatus.RETURNED)
        .select_related("reviewed_by")
        .order_by("-year", "-quarter"),
    }


def awaiting_review_count():
    return Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count()
