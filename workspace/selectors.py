"""What the department workspace reads: whether a period is still open, the rows of a plan or a
quarterly report, and the figures of the start page. No writes."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from cooperation.periods import (
    half_of,
    half_title,
    next_half,
    previous_quarter,
    quarter_of,
    quarter_title,
)
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from reports import deadlines
from reports.locks import closed_quarters, plan_lock
from reports.models import CLOSED_STATUSES, Submission, SubmissionAction, SubmissionStatus

# --- Whether a period is open (the rules live in reports.locks) ----------------------------


def half_closed_message(department_id, year, half, *, lock=False):
    """Why nothing in the plan may change any more (every quarter's report is in), or ""."""
    plan = plan_lock(department_id, year, half, lock=lock)
    return plan.message if plan.whole else ""


def planned_event_closed_message(event):
    """Why a plan row is read-only for staff, or "" while it may be edited."""
    return plan_lock(event.department_id, event.year, event.half).row_message(event)


def quarter_closed_message(department_id, year, quarter, *, lock=False):
    """Why the quarterly report is read-only for staff, or "" while it may be edited."""
    if not closed_quarters(department_id, year, [quarter], lock=lock):
        return ""
    return (
        f"Отчёт за {quarter_title(year, quarter)} отправлен на проверку или принят: "
        "изменения недоступны."
    )


def reported_event_closed_message(event):
    """Why a report row is read-only for staff, or "" while it may be edited."""
    return quarter_closed_message(event.department_id, event.year, event.quarter)


@dataclass(frozen=True)
class QuarterState:
    year: int
    quarter: int
    submission: Submission | None
    due_on: date
    today: date
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

    @property
    def status(self):
        return self.submission.status if self.submission else None

    @property
    def status_label(self):
        return deadlines.status_label(self.status)

    @property
    def overdue(self):
        """Past the due date and not submitted (or approved): «просрочен»."""
        return deadlines.is_overdue(self.year, self.quarter, self.status, self.today)

    @property
    def delivered(self):
        return self.status in CLOSED_STATUSES


def quarter_state(department_id, year, quarter, today=None):
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
    today = today or deadlines.today()
    due_on = deadlines.report_due_date(year, quarter)
    return QuarterState(year, quarter, submission, due_on, today, reopened)


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


def quarter_states(department_id, quarters, today):
    """QuarterState of each (year, quarter), in the order given: one query for all of them."""
    wanted = Q()
    for year, quarter in quarters:
        wanted |= Q(year=year, quarter=quarter)
    submissions = {
        (s.year, s.quarter): s
        for s in Submission.objects.with_details().filter(wanted, department_id=department_id)
    }
    return [
        QuarterState(
            year,
            quarter,
            submissions.get((year, quarter)),
            deadlines.report_due_date(year, quarter),
            today,
        )
        for year, quarter in quarters
    ]


def _plan_card(department_id, year, half, counts):
    plan = plan_lock(department_id, year, half)
    row = counts.get((year, half), {})
    return {
        "year": year,
        "half": half,
        "title": half_title(year, half),
        "total": row.get("total", 0),
        "held": row.get("held", 0),
        "closed": plan.whole,
        "lock_message": plan.message,
        "status": "только чтение"
        if plan.whole
        else ("открыт частично" if plan.closed else "открыт для изменений"),
    }


def staff_dashboard(department_id, today):
    """Staff's start page: the current and next plans, the current quarter's report, the last
    finished quarter's report while it is not in (with «просрочен» after its due date), the
    status of each recent quarter, and every report a coordinator has returned."""
    year, half = today.year, half_of(today)
    halves = [(year, half), next_half(year, half)]
    counts = {
        (row["year"], row["half"]): row
        for row in PlannedEvent.objects.for_department(department_id)
        .filter(Q(year=halves[0][0], half=halves[0][1]) | Q(year=halves[1][0], half=halves[1][1]))
        .values("year", "half")
        .annotate(total=Count("pk"), held=Count("pk", filter=Q(status=PlannedEventStatus.HELD)))
    }
    quarter = quarter_of(today)
    # The current quarter and the three before it, oldest first.
    recent = [(year, quarter)]
    for _ in range(3):
        recent.insert(0, previous_quarter(*recent[0]))
    states = quarter_states(department_id, recent, today)
    last_finished = states[-2]
    return {
        "plans": [_plan_card(department_id, y, h, counts) for y, h in halves],
        "state": states[-1],
        "last_finished": None if last_finished.delivered else last_finished,
        "recent_quarters": states,
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
