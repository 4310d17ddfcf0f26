"""Plan versus fact for a half-year: each planned event with what was reported about it.

A report row answers for a plan row when staff linked it (ReportedEvent.planned_event) or when a
coordinator confirmed a match the portal proposed (insight.MatchDecision). The outcome of every
plan row is computed in the database, so the counts and the pages need no loop over all events;
proposals are scored in Python only for the rows on the page.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When

from cooperation.access import reads_approved_only
from cooperation.models import Department, Region
from cooperation.periods import quarter_title, quarters_of_half
from cooperation.text import format_regions
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from insight.access import visible_planned_events, visible_reported_events
from insight.models import MatchDecision, MatchDecisionKind
from insight.queries import linked_ids
from insight.text import stem, words


class Outcome(models.TextChoices):
    HELD = "held", "проведено"
    NOT_HELD = "not_held", "не проведено"
    POSTPONED = "postponed", "перенесено"
    NO_INFO = "no_info", "нет сведений"


OUTCOME_LABELS = dict(Outcome.choices)
UNPLANNED = "unplanned"
UNPLANNED_LABEL = "вне плана"

# A proposal needs dates that meet (with this much slack) and titles that share words.
DATE_SLACK = timedelta(days=31)
MIN_SIMILARITY = 0.34
MIN_SIMILARITY_SAME_REGION = 0.15
MAX_CANDIDATES = 3


def answered(reported, **conditions):
    """True for a plan row that a report row (of `reported`, with `conditions`) answers for:
    linked by staff, or never linked and confirmed by a coordinator.

    Written as `id IN (uncorrelated subquery)`: PostgreSQL hashes each subquery once for the
    whole plan instead of probing it again for every plan row.
    """
    linked = reported.filter(planned_event__isnull=False, **conditions).values("planned_event")
    unlinked = reported.filter(planned_event__isnull=True, **conditions).values("pk")
    confirmed = MatchDecision.objects.filter(
        decision=MatchDecisionKind.CONFIRMED, reported_event__in=unlinked
    ).values("planned_event")
    return Q(pk__in=linked) | Q(pk__in=confirmed)


def with_outcome(planned, reported, *, trust_plan_status=True):
    """Annotate `outcome`. Visible report rows decide first; the plan row's own status (set by
    staff together with a report row) only when report rows may be trusted unseen."""
    whens = [When(answered(reported, held=True), then=Value(Outcome.HELD))]
    if trust_plan_status:
        whens += [
            When(status=PlannedEventStatus.POSTPONED, then=Value(Outcome.POSTPONED)),
            When(status=PlannedEventStatus.CANCELLED, then=Value(Outcome.NOT_HELD)),
        ]
    whens.append(When(answered(reported), then=Value(Outcome.NOT_HELD)))
    if trust_plan_status:
        whens.append(When(status=PlannedEventStatus.HELD, then=Value(Outcome.HELD)))
    return planned.annotate(
        outcome=Case(*whens, default=Value(Outcome.NO_INFO), output_field=models.CharField())
    )


def never_planned(reported):
    """Report rows neither linked by staff nor confirmed by a coordinator."""
    confirmed = MatchDecision.objects.filter(
        reported_event=OuterRef("pk"), decision=MatchDecisionKind.CONFIRMED
    )
    return reported.filter(planned_event__isnull=True).exclude(Exists(confirmed))


@dataclass
class ReportLine:
    pk: int
    title: str
    timing_text: str
    year: int
    quarter: int
    held: bool
    note: str
    department_name: str = ""
    regions_text: str = ""
    confirmed: bool = False  # matched by a coordinator rather than linked by staff

    def describe(self):
        held = "" if self.held else ", не проведено"
        return f"{self.title} ({self.timing_text}; {quarter_title(self.year, self.quarter)}{held})"


@dataclass
class Candidate:
    report: ReportLine
    score: float
    reasons: list[str]


@dataclass
class PlanLine:
    pk: int
    title: str
    timing_text: str
    regions_text: str
    department_id: int
    department_name: str
    outcome: str
    reports: list[ReportLine] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]


REPORT_FIELDS = ("pk", "title", "timing_text", "year", "quarter", "held", "note")


class PlanVsFact:
    """Everything the page and the document need for one half-year, as the user may see it."""

    def __init__(self, *, user, year, half, department=None):
        self.year, self.half, self.department = year, half, department
        self.approved_only = reads_approved_only(user)
        planned = visible_planned_events(user).in_half(year, half)
        reported = visible_reported_events(user)
        if department is not None:
            planned = planned.filter(department=department)
            reported = reported.filter(department=department)
        self.reported = reported
        self.planned = with_outcome(
            planned, reported, trust_plan_status=not self.approved_only
        ).order_by(
            "department__sort_order",
            "department__name",
            F("position").asc(nulls_last=True),
            "starts_on",
            "pk",
        )
        self.reported_in_half = reported.filter(year=year, quarter__in=quarters_of_half(half))
        self.unplanned = never_planned(self.reported_in_half).order_by(
            "quarter", "department__sort_order", "department__name", "starts_on", "pk"
        )

    def planned_for(self, outcome):
        if outcome == UNPLANNED:
            return self.planned.none()
        return self.planned.filter(outcome=outcome) if outcome else self.planned

    def counts(self):
        found = dict(self.planned.order_by().values_list("outcome").annotate(n=Count("pk")))
        return {key: found.get(key, 0) for key in Outcome.values}

    def unplanned_count(self):
        return self.unplanned.count()

    # --- rows ---------------------------------------------------------------------------------

    def planned_rows(self, planned=None):
        """PlanLine for each plan row of `planned` (default: all), with its answering reports."""
        planned = self.planned if planned is None else planned
        departments = dict(Department.objects.values_list("pk", "name"))
        regions = Region.objects.in_bulk()
        links = linked_ids(PlannedEvent.regions.through, "plannedevent_id", "region_id", planned)
        answers = self._answers(planned)
        records = planned.values_list(
            "pk",
            "title",
            "timing_text",
            "regions_text",
            "all_regions",
            "department_id",
            "outcome",
        )
        for pk, title, timing, regions_text, all_regions, department, outcome in records:
            if not regions_text:
                named = [regions[r] for r in links.get(pk, [])]
                regions_text = "Все субъекты РФ" if all_regions else format_regions(named)
            yield PlanLine(
                pk=pk,
                title=title,
                timing_text=timing,
                regions_text=regions_text,
                department_id=department,
                department_name=departments[department],
                outcome=outcome,
                reports=answers.get(pk, []),
            )

    def _answers(self, planned):
        ids = planned.values("pk")
        answers = {}
        linked = self.reported.filter(planned_event__in=ids).order_by("year", "quarter", "pk")
        for planned_id, *values in linked.values_list("planned_event_id", *REPORT_FIELDS):
            answers.setdefault(planned_id, []).append(ReportLine(*values))
        confirmed = (
            MatchDecision.objects.filter(
                decision=MatchDecisionKind.CONFIRMED,
                planned_event__in=ids,
                reported_event__in=self.reported.filter(planned_event__isnull=True).values("pk"),
            )
            .order_by("reported_event__year", "reported_event__quarter", "reported_event")
            .values_list("planned_event_id", *(f"reported_event__{name}" for name in REPORT_FIELDS))
        )
        for planned_id, *values in confirmed:
            answers.setdefault(planned_id, []).append(ReportLine(*values, confirmed=True))
        return answers

    def unplanned_rows(self, reported=None):
        reported = self.unplanned if reported is None else reported
        departments = dict(Department.objects.values_list("pk", "name"))
        regions = Region.objects.in_bulk()
        links = linked_ids(ReportedEvent.regions.through, "reportedevent_id", "region_id", reported)
        for department, *values in reported.values_list("department_id", *REPORT_FIELDS):
            yield ReportLine(
                *values,
                department_name=departments[department],
                regions_text=format_regions([regions[r] for r in links.get(values[0], [])]),
            )

    # --- proposals ----------------------------------------------------------------------------

    def propose(self, lines):
        """Fill `candidates` of the plan rows without an answer: report rows of the same
        department in this half-year, never planned, whose dates meet the plan's and whose
        titles share words with it (or its partner region and some words). Rejected pairs are
        not proposed again."""
        open_lines = [line for line in lines if line.outcome == Outcome.NO_INFO]
        if not open_lines:
            return lines
        plans = PlannedEvent.objects.in_bulk([line.pk for line in open_lines])
        window = Q()
        for plan in plans.values():
            window |= Q(
                department_id=plan.department_id,
                starts_on__lte=plan.ends_on + DATE_SLACK,
                ends_on__gte=plan.starts_on - DATE_SLACK,
            )
        pool = list(
            never_planned(self.reported_in_half)
            .filter(window)
            .values_list("department_id", "starts_on", "ends_on", *REPORT_FIELDS)
        )
        report_regions = linked_ids(
            ReportedEvent.regions.through,
            "reportedevent_id",
            "region_id",
            ReportedEvent.objects.filter(pk__in=[row[3] for row in pool]),
        )
        plan_regions = linked_ids(
            PlannedEvent.regions.through,
            "plannedevent_id",
            "region_id",
            PlannedEvent.objects.filter(pk__in=list(plans)),
        )
        rejected = set(
            MatchDecision.objects.filter(
                planned_event__in=list(plans), decision=MatchDecisionKind.REJECTED
            ).values_list("planned_event_id", "reported_event_id")
        )
        report_stems = {row[3]: title_stems(row[4]) for row in pool}
        by_department = {}
        for row in pool:
            by_department.setdefault(row[0], []).append(row)
        for line in open_lines:
            plan = plans[line.pk]
            stems = title_stems(plan.title)
            shared_regions = set(plan_regions.get(plan.pk, []))
            found = []
            for _, starts_on, ends_on, *values in by_department.get(plan.department_id, []):
                report_pk = values[0]
                if (plan.pk, report_pk) in rejected:
                    continue
                if starts_on > plan.ends_on + DATE_SLACK or ends_on < plan.starts_on - DATE_SLACK:
                    continue
                similarity = dice(stems, report_stems[report_pk])
                same_region = bool(shared_regions & set(report_regions.get(report_pk, [])))
                enough = MIN_SIMILARITY_SAME_REGION if same_region else MIN_SIMILARITY
                if similarity < enough:
                    continue
                reasons = [
                    f"наименования совпадают на {round(similarity * 100)} %",
                    "сроки рядом",
                ]
                if same_region:
                    reasons.append("тот же субъект РФ")
                found.append(
                    Candidate(
                        report=ReportLine(*values),
                        score=similarity + (0.2 if same_region else 0),
                        reasons=reasons,
                    )
                )
            found.sort(key=lambda c: (-c.score, c.report.pk))
            line.candidates = found[:MAX_CANDIDATES]
        return lines


@lru_cache(maxsize=8192)
def title_stems(title):
    return frozenset(stem(w) for w in words(title) if len(w) >= 4)


def dice(first, second):
    """Shared words over all words (Sørensen–Dice): 1 for the same set, 0 for nothing shared."""
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))
