"""Page-level reads of the agreement, region and department pages.

Each function runs a fixed number of queries: aggregates are GROUP BYs in the database, lists are
paginated or cut to the latest rows with a link to the full, filtered list.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from agreements.models import RoadmapItem
from cooperation.access import reads_approved_only, sees_all_departments
from cooperation.periods import previous_quarter, quarter_of, quarter_title
from events.models import ReportedEvent, ReportedEventAgreement
from insight import charts
from insight.access import visible_planned_events, visible_reported_events
from insight.builders import planned_rows, reported_rows
from insight.dashboard import quarter_axis, quarter_label
from insight.matching import OUTCOME_LABELS, Outcome, with_outcome
from reports.models import Submission, SubmissionHistory, SubmissionStatus

EVENTS_PER_PAGE = 30
LATEST = 10
MAX_TIMELINE_QUARTERS = 40
DORMANT_AFTER_QUARTERS = 4


def quarter_span(first, last):
    """Quarters from first to last inclusive, the last MAX_TIMELINE_QUARTERS at most."""
    quarters, current = [], last
    while current >= first and len(quarters) < MAX_TIMELINE_QUARTERS:
        quarters.append(current)
        current = previous_quarter(*current)
    return quarters[::-1]


def current_quarter():
    today = timezone.localdate()
    return today.year, quarter_of(today)


def last_quarters(count):
    """The `count` finished quarters before the current one, oldest first."""
    quarters, current = [], previous_quarter(*current_quarter())
    for _ in range(count):
        quarters.append(current)
        current = previous_quarter(*current)
    return quarters[::-1]


def _by_quarter(events):
    return {
        (year, quarter): (held, not_held, participants or 0)
        for year, quarter, held, not_held, participants in events.order_by()
        .values_list("year", "quarter")
        .annotate(
            n_held=Count("pk", filter=Q(held=True)),
            n_not_held=Count("pk", filter=Q(held=False)),
            n_participants=Sum("participants_count", filter=Q(held=True)),
        )
    }


def _quarter_chart(found, *, first=None, with_not_held=True):
    if not found and first is None:
        return None, []
    start = min([*found, first] if first else found)
    quarters = quarter_span(start, max([*found, current_quarter()]))
    series = [("проведено", charts.PALETTE[2], [found.get(q, (0, 0, 0))[0] for q in quarters])]
    if with_not_held:
        series.append(
            ("не проведено", charts.PALETTE[5], [found.get(q, (0, 0, 0))[1] for q in quarters])
        )
    return charts.stacked_columns(quarter_axis(quarters), series), quarters


def _year_grid(found):
    """Rows of (year, [count per quarter I–IV], total) for the years that have any."""
    years = sorted({year for year, _ in found}, reverse=True)
    rows = []
    for year in years:
        cells = [found.get((year, q), (0, 0, 0))[0] for q in (1, 2, 3, 4)]
        rows.append((year, cells, sum(cells)))
    return rows


def _page_rows(rows_function, page):
    return list(rows_function(page.object_list)) if page.paginator.count else []


# --- Agreement --------------------------------------------------------------------------------


@dataclass
class RoadmapBlock:
    roadmap: object
    years: list[int]
    items: list = field(default_factory=list)  # (item, [(progress texts, events) per year])


def agreement_page(user, agreement, page_number):
    linked = Exists(
        ReportedEventAgreement.objects.filter(event=OuterRef("pk"), agreement=agreement)
    )
    events = visible_reported_events(user).filter(linked)
    found = _by_quarter(events)
    first = None
    if agreement.signed_on:
        first = (agreement.signed_on.year, quarter_of(agreement.signed_on))
    timeline, _ = _quarter_chart(found, first=first if found else None)
    recent = last_quarters(DORMANT_AFTER_QUARTERS)
    active = any(found.get(q, (0, 0, 0))[0] for q in recent)
    last_held = max((q for q, v in found.items() if v[0]), default=None)
    ordered = events.order_by(
        "-year", "-quarter", "department__sort_order", "department__name", "starts_on", "pk"
    )
    page = Paginator(ordered, EVENTS_PER_PAGE).get_page(page_number)
    return {
        "roadmaps": _roadmap_blocks(user, agreement),
        "timeline": timeline,
        "grid": _year_grid(found),
        "dormant": not active,
        "recent_from": quarter_title(*recent[0]),
        "recent_to": quarter_title(*recent[-1]),
        "last_held": quarter_title(*last_held) if last_held else None,
        "page_obj": page,
        "event_rows": _page_rows(reported_rows, page),
        "planned_count": visible_planned_events(user).filter(agreement=agreement).count(),
    }


def _roadmap_blocks(user, agreement):
    items = list(
        RoadmapItem.objects.filter(section__roadmap__agreement=agreement)
        .with_details()
        .order_by("section__roadmap", "section__position", "position")
    )
    through = ReportedEvent.roadmap_items.through
    events = dict(
        (
            ((item, year), n)
            for item, year, n in through.objects.filter(
                roadmapitem__in=[i.pk for i in items],
                reportedevent__in=visible_reported_events(user).filter(held=True).values("pk"),
            )
            .order_by()
            .values_list("roadmapitem", "reportedevent__year")
            .annotate(n=Count("reportedevent"))
        )
    )
    blocks = {}
    for item in items:
        roadmap = item.section.roadmap
        block = blocks.get(roadmap.pk)
        if block is None:
            block = blocks[roadmap.pk] = RoadmapBlock(roadmap=roadmap, years=list(roadmap.years))
        progress = {}
        for entry in item.progress_entries.all():
            progress.setdefault(entry.year, []).append(entry.text)
        cells = [(progress.get(year, []), events.get((item.pk, year), 0)) for year in block.years]
        block.items.append((item, cells))
    return list(blocks.values())


# --- Region -----------------------------------------------------------------------------------


def region_page(user, region):
    planned_through = region.planned_events.through
    reported_through = region.reported_events.through
    planned = visible_planned_events(user).filter(
        Exists(planned_through.objects.filter(plannedevent=OuterRef("pk"), region=region))
    )
    reported = visible_reported_events(user).filter(
        Exists(reported_through.objects.filter(reportedevent=OuterRef("pk"), region=region))
    )
    found = _by_quarter(reported)
    participants, quarters = None, []
    if found:
        start = min(found)
        quarters = quarter_span(start, max([*found, current_quarter()]))
        participants = charts.stacked_columns(
            quarter_axis(quarters),
            [("Участники", charts.PALETTE[2], [found.get(q, (0, 0, 0))[2] for q in quarters])],
            value_unit=" чел.",
        )
    latest_planned = planned.order_by("-year", "-half", "-starts_on", "pk")[:LATEST]
    latest_reported = reported.order_by("-year", "-quarter", "-starts_on", "pk")[:LATEST]
    return {
        "agreements": region.agreements.with_regions(),
        "roadmaps": region.roadmaps.all(),
        "planned_rows": list(planned_rows(latest_planned)),
        "planned_count": planned.count(),
        "reported_rows": list(reported_rows(latest_reported)),
        "reported_count": reported.count(),
        "participants_chart": participants,
        "participants_table": [
            (quarter_label(*q), *found[q]) for q in reversed(quarters) if q in found
        ],
    }


# --- Department -------------------------------------------------------------------------------


def department_page(user, department):
    may_read = sees_all_departments(user) or user.department_id == department.pk
    items = (
        RoadmapItem.objects.for_department(department)
        .select_related("section__roadmap__region")
        .order_by("section__roadmap", "section__position", "position")
    )
    context = {"may_read": may_read, "roadmap_items": items}
    if not may_read:
        return context
    planned = visible_planned_events(user).filter(department=department)
    reported = visible_reported_events(user).filter(department=department)
    outcomes = with_outcome(planned, reported, trust_plan_status=not reads_approved_only(user))
    halves = {}
    for year, half, outcome, n in (
        outcomes.order_by().values_list("year", "half", "outcome").annotate(n=Count("pk"))
    ):
        halves.setdefault((year, half), {})[outcome] = n
    plan_rows = [
        (year, half, sum(values.values()), [values.get(k, 0) for k in Outcome.values])
        for (year, half), values in sorted(halves.items(), reverse=True)
    ]
    counts = {
        (year, quarter): (held, not_held)
        for (year, quarter), (held, not_held, _) in _by_quarter(reported).items()
    }
    submissions = []
    for submission in Submission.objects.for_department(department).with_details():
        held, not_held = counts.get((submission.year, submission.quarter), (0, 0))
        hidden = reads_approved_only(user) and submission.status != SubmissionStatus.APPROVED
        submissions.append((submission, None if hidden else held, None if hidden else not_held))
    history = (
        SubmissionHistory.objects.filter(submission__department=department)
        .select_related("submission", "by")
        .order_by("-at", "-pk")[:20]
    )
    context.update(
        plan_rows=plan_rows,
        outcome_labels=list(OUTCOME_LABELS.values()),
        submissions=submissions,
        history=history,
    )
    return context
