"""What the coordinator's review page reads: a department's quarter as it will print, beside the
quarter's plan, and the report's history. No writes."""

from dataclasses import dataclass

from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent


class Outcome:
    HELD = "held"
    NOT_HELD = "not_held"
    MOVED = "moved"
    CANCELLED_BEFORE = "cancelled_before"
    UNMARKED = "unmarked"


OUTCOME_LABELS = {
    Outcome.HELD: "проведено",
    Outcome.NOT_HELD: "не проведено",
    Outcome.MOVED: "перенесено",
    Outcome.CANCELLED_BEFORE: "отменено в прошлом квартале",
    Outcome.UNMARKED: "не отмечено",
}


@dataclass(frozen=True)
class PlanRow:
    """A plan row of the quarter and what the report says became of it."""

    plan: PlannedEvent
    outcome: str
    # The quarter's report row about it (None when there is none).
    reported: ReportedEvent | None

    @property
    def label(self):
        return OUTCOME_LABELS[self.outcome]

    @property
    def reason(self):
        return self.reported.note if self.reported is not None and not self.reported.held else ""


@dataclass(frozen=True)
class QuarterReview:
    events: list  # the report's rows in the document's order
    plan: list  # PlanRow for every plan row of the quarter
    outside_plan: list  # report rows that answer no plan row of the quarter
    history: list

    @property
    def printed(self):
        """(row, its agreements) in order; None for agreements the row above already names: the
        document merges such cells into one."""
        above = None
        for event in self.events:
            agreements = event.ordered_agreements()
            same = bool(agreements) and agreements == above
            yield event, None if same else agreements
            above = agreements

    @property
    def unmarked_count(self):
        return sum(1 for row in self.plan if row.outcome == Outcome.UNMARKED)


def _outcome(plan, reported, unmarked_ids):
    if reported is not None:
        if reported.held:
            return Outcome.HELD
        if plan.status == PlannedEventStatus.POSTPONED:
            return Outcome.MOVED
        return Outcome.NOT_HELD
    return Outcome.UNMARKED if plan.pk in unmarked_ids else Outcome.CANCELLED_BEFORE


def quarter_review(submission):
    department_id, year, quarter = submission.department_id, submission.year, submission.quarter
    events = list(
        ReportedEvent.objects.with_details()
        .in_quarter(year, quarter)
        .for_department(department_id)
        .in_report_order()
    )
    plans = list(
        PlannedEvent.objects.in_quarter(year, quarter)
        .for_department(department_id)
        .select_related("agreement")
        .in_report_order()
    )
    unmarked_ids = set(
        PlannedEvent.objects.unmarked_in_quarter(year, quarter)
        .for_department(department_id)
        .values_list("pk", flat=True)
    )
    by_plan = {}
    for event in events:
        if event.planned_event_id is not None:
            by_plan.setdefault(event.planned_event_id, event)
    plan_rows = [
        PlanRow(plan, _outcome(plan, by_plan.get(plan.pk), unmarked_ids), by_plan.get(plan.pk))
        for plan in plans
    ]
    plan_ids = {plan.pk for plan in plans}
    outside = [event for event in events if event.planned_event_id not in plan_ids]
    history = list(submission.history.select_related("by").order_by("at", "pk"))
    return QuarterReview(events, plan_rows, outside, history)
