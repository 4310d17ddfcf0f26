"""Demo data for today: the demo departments' plans and reports of the current half-year and of
the last quarters, so the portal does not open on zeros.

The rows are the seed documents' rows of the same department moved to the new dates (same place
in the half-year, same regions, agreements, venues and texts). They are written through the
workspace and review services, as staff and a coordinator would, so statuses, history and locks
are the real ones: two quarters back one report is approved and one is on review; the last
finished quarter has one report returned with a comment and one not sent (overdue once its due
date is past — else the quarter before it stays unsent and is the overdue one); the current
quarter is being filled in. A second load adds nothing: a period that has rows is left as it is.
"""

import calendar
import re
from datetime import date, timedelta

from agreements.models import Agreement
from cooperation.models import Region
from cooperation.periods import (
    format_period,
    half_of_quarter,
    half_range,
    parse_period,
    previous_quarter,
    quarter_of,
    quarter_range,
)
from cooperation.reference import read_fixture
from devtools.demo import PLAN_FIXTURE, REPORT_FIXTURE
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from reports import deadlines
from reports.models import Submission
from reports.services import (
    submission_approve,
    submission_get_or_create,
    submission_return,
    submission_submit,
)
from workspace import services

RETURN_COMMENT = (
    "Укажите общее количество участников и сколько из них представляли регионы-партнёры; "
    "для перенесённого мероприятия — новые сроки."
)
NOT_HELD_REASON = "Перенесено по просьбе принимающей стороны на следующий квартал."


def _shift(day, seed_half_start, target_half_start):
    """The same month of the half-year and the same day (or the month's last)."""
    months = (day.year - seed_half_start.year) * 12 + day.month - seed_half_start.month
    month_index = target_half_start.month - 1 + months
    year, month = target_half_start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _agreements_for(regions, agreements):
    """Agreements covering one of the regions, in the regions' order (at most two)."""
    chosen = []
    for region in regions:
        for agreement in agreements:
            if agreement not in chosen and region in agreement.regions.all():
                chosen.append(agreement)
    return chosen[:2]


class _Seeds:
    """The seed documents' rows of each department, read once."""

    def __init__(self):
        self.plan = read_fixture(PLAN_FIXTURE)
        self.report = read_fixture(REPORT_FIXTURE)
        self.regions = {r.short_name: r for r in Region.objects.all()}
        self.agreements = list(Agreement.objects.prefetch_related("regions"))
        self.by_slug = {a.slug: a for a in self.agreements}

    def plan_rows(self, department):
        return next(
            (g["rows"] for g in self.plan["groups"] if g["department"] == department.name), []
        )

    def report_rows(self, department):
        return next(
            (g["rows"] for g in self.report["groups"] if g["department"] == department.name), []
        )


def _plan_rows(seeds, department, by, year, half):
    """The seed plan's rows of the department moved into the half-year (once)."""
    if PlannedEvent.objects.in_half(year, half).for_department(department).exists():
        return
    seed_start = half_range(seeds.plan["year"], seeds.plan["half"]).start
    target = half_range(year, half)
    period = half_range(seeds.plan["year"], seeds.plan["half"])
    for row in seeds.plan_rows(department):
        parsed = parse_period(row["timing_text"], year=seeds.plan["year"], fallback=period)
        start = _shift(parsed.start, seed_start, target.start)
        end = min(_shift(parsed.end, seed_start, target.start), target.end)
        regions = [seeds.regions[name] for name in row["regions"]]
        agreements = _agreements_for(regions, seeds.agreements)
        services.planned_event_create(
            by=by,
            year=year,
            half=half,
            title=re.sub(r"\b20\d\d\b", str(year), row["title"]),
            timing_text=format_period(start, end) if parsed.is_exact else row["timing_text"],
            regions=[] if row["all_regions"] else regions,
            all_regions=row["all_regions"],
            # «Субъекты будут определены …»: the seed's own words when it names no region.
            regions_note="" if regions or row["all_regions"] else row["regions_text"],
            agreement=agreements[0] if agreements and not row["all_regions"] else None,
            venue=row["venue"],
            content=row["content"],
            participants=row["participants"],
        )


def _report_rows(seeds, department, by, year, quarter, *, until, not_held=False):
    """The quarter's report: each plan row that touches the quarter and has begun by `until`
    is reported held (one postponed when `not_held`), plus one unplanned row from the seed
    report; once."""
    if ReportedEvent.objects.in_quarter(year, quarter).for_department(department).exists():
        return
    period = quarter_range(year, quarter)
    seed_reports = seeds.report_rows(department) or [{}]
    planned = (
        PlannedEvent.objects.in_quarter(year, quarter)
        .for_department(department)
        .filter(starts_on__lte=until)
        .prefetch_related("regions")
        .order_by("starts_on", "pk")
    )
    for index, event in enumerate(planned):
        if not_held and index == 0:
            services.planned_event_mark_not_held(
                by=by,
                planned_event=event,
                year=year,
                quarter=quarter,
                reason=NOT_HELD_REASON,
                status=PlannedEventStatus.POSTPONED,
            )
            continue
        seed = seed_reports[index % len(seed_reports)]
        regions = list(event.regions.all())
        agreements = _agreements_for(regions, seeds.agreements) or [
            seeds.by_slug[slug] for slug in seed.get("agreements", [])[:1]
        ]
        if not agreements:
            continue
        start, end = max(event.starts_on, period.start), min(event.ends_on, period.end)
        services.reported_event_create(
            by=by,
            year=year,
            quarter=quarter,
            planned_event=event,
            title=event.title,
            timing_text=format_period(start, end),
            agreements=agreements,
            regions=regions,
            venue=event.venue,
            participants=seed.get("participants") or event.participants,
            participants_count=seed.get("participants_count") or 40 + 15 * index,
            content=seed.get("content") or event.content,
        )
    unplanned = seeds.report_rows(department)[-1:] if until >= period.end else []
    for seed in unplanned:
        day = min(period.start + timedelta(days=19), until)
        services.reported_event_create(
            by=by,
            year=year,
            quarter=quarter,
            title=seed["title"],
            timing_text=format_period(day, day),
            agreements=[seeds.by_slug[slug] for slug in seed["agreements"]],
            regions=[seeds.regions[name] for name in seed["regions"]],
            venue=seed["venue"],
            participants=seed["participants"],
            participants_count=seed["participants_count"],
            content=seed["content"],
        )


def _settle(department, year, quarter, *, staff, coordinator, outcome):
    """Bring the quarter's report to `outcome` (None: leave it unsent) unless it exists."""
    if (
        outcome is None
        or Submission.objects.filter(department=department, year=year, quarter=quarter).exists()
    ):
        return
    submission = submission_get_or_create(
        department=department, year=year, quarter=quarter, by=staff
    )
    if outcome == "draft":
        return
    submission = submission_submit(submission=submission, by=staff)
    if outcome == "approved":
        submission_approve(submission=submission, by=coordinator)
    elif outcome == "returned":
        submission_return(submission=submission, by=coordinator, comment=RETURN_COMMENT)


def demo_current_load(*, culture, sport, coordinator, today=None):
    """Fill the current half-year and the last quarters of the two demo departments.

    `culture` and `sport` are their staff users; returns the quarters filled, oldest first.
    """
    today = today or deadlines.today()
    seeds = _Seeds()
    current = (today.year, quarter_of(today))
    last = previous_quarter(*current)
    before = previous_quarter(*last)
    quarters = [before, last, current]
    last_overdue = today > deadlines.report_due_date(*last)
    # What each report ends as. One overdue: the last quarter's once its due date is past, else
    # the quarter before it (whose due date is always past).
    outcomes = {
        culture: {before: "approved", last: "returned", current: "draft"},
        sport: {before: "submitted" if last_overdue else None, last: None, current: "draft"},
    }
    halves = list(dict.fromkeys((y, half_of_quarter(q)) for y, q in quarters))
    for staff in (culture, sport):
        department = staff.department
        for year, half in halves:
            _plan_rows(seeds, department, staff, year, half)
        for year, quarter in quarters:
            is_current = (year, quarter) == current
            _report_rows(
                seeds,
                department,
                staff,
                year,
                quarter,
                until=today if is_current else quarter_range(year, quarter).end,
                not_held=staff is culture and (year, quarter) == last,
            )
            _settle(
                department,
                year,
                quarter,
                staff=staff,
                coordinator=coordinator,
                outcome=outcomes[staff][(year, quarter)],
            )
    return quarters
