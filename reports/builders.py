"""One builder per report kind: a query in, a neutral ReportTable out.

Every builder runs a fixed number of queries whatever the number of rows: reference rows and
many-to-many links are read once into dictionaries, and events stream through `.iterator()`.
"""

import re

from django.db import models
from django.db.models import Case, Exists, F, IntegerField, Min, OuterRef, Value, When

from agreements.models import Agreement, Roadmap, RoadmapItem
from cooperation.models import Department, DepartmentKind, Region
from cooperation.periods import (
    HALVES,
    QUARTERS,
    PeriodError,
    check_report_year,
    half_of_quarter,
    half_range,
    half_title,
    quarter_range,
    quarter_title,
    quarters_of_half,
    roman,
)
from cooperation.text import extract_head_count, format_regions
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent, ReportedEventAgreement
from reports.documents import (
    AGREEMENTS_COLUMNS,
    DRAFT_MARK,
    PLAN_COLUMNS,
    ROADMAP_COLUMNS,
    ReportKind,
    agreements_title_lines,
    plan_title_lines,
    roadmap_title_lines,
)
from reports.models import NO_REPORT_LABEL, Submission, SubmissionStatus
from reports.tables import ReportTable, Row

CHUNK = 2000

# The one full-width row of a document with nothing to list, so that it does not look broken.
NOTHING_PLANNED = "Мероприятия не запланированы"
NOTHING_HELD = "Мероприятия не проводились"
NOTHING_RECEIVED = "Отчёты не поступили"


class ReportError(ValueError):
    """A request for a report that cannot exist; the message is for the user."""


def _check_year(year):
    try:
        check_report_year(year)
    except PeriodError as error:
        raise ReportError(str(error)) from None


def _check_half(half):
    if half not in HALVES:
        raise ReportError("Укажите полугодие: I или II.")


def _department_rank(events):
    """Departments in the order the report lists them, as a CASE expression for ORDER BY.

    A department's group comes where its first row stood in the original document (historical
    documents keep their order); rows entered in the portal follow the register order.
    """
    firsts = list(events.order_by().values("department").annotate(first=Min("position")))
    # With their names of other years: a document prints the name the body bore at its period.
    departments = Department.objects.prefetch_related("names").in_bulk(
        [f["department"] for f in firsts]
    )

    def key(first):
        department = departments[first["department"]]
        return (first["first"] is None, first["first"] or 0, department.sort_order, department.name)

    ordered = [departments[f["department"]] for f in sorted(firsts, key=key)]
    if not ordered:
        # An empty CASE compiles to the constant 0, which PostgreSQL reads as "ORDER BY column 0".
        return {}, F("department_id")
    rank = Case(
        *[When(department_id=d.pk, then=Value(i)) for i, d in enumerate(ordered)],
        default=Value(len(ordered)),
        output_field=IntegerField(),
    )
    return {d.pk: d for d in ordered}, rank


# --- Half-year plan -------------------------------------------------------------------------


def plan_report(*, year, half):
    _check_year(year)
    _check_half(half)
    events = PlannedEvent.objects.in_half(year, half)
    departments, rank = _department_rank(events)
    region_links = _region_links(PlannedEvent.regions.through, "plannedevent_id", events)
    foreign_links = _foreign_links(events)
    rows_query = events.order_by(
        rank, F("position").asc(nulls_last=True), "starts_on", "pk"
    ).values_list(
        "pk",
        "department_id",
        "regions_text",
        "all_regions",
        "title",
        "timing_text",
        "venue",
        "content",
        "participants",
    )

    named_on = half_range(year, half).end

    def rows():
        current = None
        records = rows_query.iterator(chunk_size=CHUNK)
        for number, (pk, dept, regions_text, all_regions, *texts) in enumerate(records, start=1):
            if dept != current:
                current = dept
                yield Row(group=departments[dept].name_on(named_on))
            if not regions_text:
                regions_text = (
                    "Все субъекты РФ" if all_regions else format_regions(region_links.get(pk, []))
                )
                # Partners abroad after the Russian ones (an imported row keeps its text).
                regions_text = ", ".join(filter(None, [regions_text, *foreign_links.get(pk, [])]))
            yield Row(cells=(f"{number}.", regions_text, *texts))
        if current is None:
            yield Row(notice=NOTHING_PLANNED)

    return ReportTable(
        kind=ReportKind.PLAN,
        title_lines=plan_title_lines(year, half),
        columns=PLAN_COLUMNS,
        rows=rows(),
        filename=f"План_мероприятий_{roman(half)}_полугодие_{year}",
    )


def _region_links(through, owner_field, owners):
    regions = {r.pk: r for r in Region.objects.all()}
    links = {}
    query = (
        through.objects.filter(**{f"{owner_field}__in": owners.values("pk")})
        .order_by(owner_field, "pk")
        .values_list(owner_field, "region_id")
    )
    for owner, region in query.iterator(chunk_size=CHUNK):
        links.setdefault(owner, []).append(regions[region])
    return links


def _foreign_links(events):
    through = PlannedEvent.foreign_partners.through
    links = {}
    query = (
        through.objects.filter(plannedevent_id__in=events.values("pk"))
        .order_by("plannedevent_id", "foreignpartner__sort_order", "pk")
        .values_list("plannedevent_id", "foreignpartner__name")
    )
    for owner, name in query.iterator(chunk_size=CHUNK):
        links.setdefault(owner, []).append(name)
    return links


# --- Report on agreements: quarter, half-year, year ------------------------------------------


def agreements_report(*, year, quarters, draft=False):
    """Approved submissions only, unless `draft`: then every row and what is still missing."""
    _check_year(year)
    quarters = tuple(quarters)
    events = ReportedEvent.objects.in_quarters(year, quarters)
    submissions = Submission.objects.in_quarters(year, quarters)
    if not draft:
        events = events.filter(
            Exists(
                submissions.approved().filter(
                    department=OuterRef("department"),
                    year=OuterRef("year"),
                    quarter=OuterRef("quarter"),
                )
            )
        )
    departments, rank = _department_rank(events)
    notes = {}
    for department_id, note in (
        submissions.exclude(heading_note="")
        .order_by("quarter")
        .values_list("department_id", "heading_note")
    ):
        notes.setdefault(department_id, note)
    titles = dict(Agreement.objects.values_list("pk", "title"))
    links = {}
    for event, agreement in (
        ReportedEventAgreement.objects.filter(event__in=events.values("pk"))
        .order_by("event_id", "position")
        .values_list("event_id", "agreement_id")
        .iterator(chunk_size=CHUNK)
    ):
        links.setdefault(event, []).append(agreement)
    rows_query = events.order_by(
        rank, "quarter", F("position").asc(nulls_last=True), "starts_on", "pk"
    ).values_list(
        "pk",
        "department_id",
        "title",
        "timing_text",
        "venue",
        "participants",
        "participants_count",
        "content",
        "note",
        "held",
        "planned_event__status",
    )

    named_on = quarter_range(year, max(quarters)).end

    def rows():
        current, above = None, None
        records = rows_query.iterator(chunk_size=CHUNK)
        for number, record in enumerate(records, start=1):
            pk, dept, title, timing, venue, participants, count, content, note, held, plan = record
            if dept != current:
                current, above = dept, None
                name = departments[dept].name_on(named_on)
                yield Row(group=f"{name} {notes.get(dept, '')}".strip())
            texts = (
                title,
                timing,
                venue,
                with_head_count(participants, count),
                content,
                note if held else not_held_note(note, plan),
            )
            agreements = tuple(links.get(pk, ()))
            # Consecutive rows under the same agreements share one merged cell, as in the original.
            if agreements and agreements == above:
                yield Row(cells=(f"{number}.", "", *texts), merged_up=frozenset({1}))
            else:
                text = "\n\n".join(titles[a] for a in agreements)
                yield Row(cells=(f"{number}.", text, *texts))
            above = agreements
        if current is None:
            yield Row(notice=NOTHING_RECEIVED if draft else NOTHING_HELD)

    if len(quarters) == 1:
        period, name = quarter_title(year, quarters[0]), f"{roman(quarters[0])}_квартал_{year}"
        kind = ReportKind.QUARTERLY
    elif len(quarters) == 2:
        half = half_of_quarter(quarters[0])
        period, name = half_title(year, half), f"{roman(half)}_полугодие_{year}"
        kind = ReportKind.HALF_YEAR
    else:
        period, name, kind = f"{year} год", f"{year}_год", ReportKind.ANNUAL
    table = ReportTable(
        kind=kind,
        title_lines=agreements_title_lines(period),
        columns=AGREEMENTS_COLUMNS,
        rows=rows(),
        filename=f"Отчет_о_реализации_соглашений_{name}",
    )
    if draft:
        table.is_draft = True
        table.title_lines.insert(0, DRAFT_MARK)
        table.filename = f"{DRAFT_MARK}_{table.filename}"
        table.notes = _missing_notes(year, quarters, submissions)
    return table


def _people(count):
    """«человек» after a number, as Russian agrees it: 21 человек, 22 человека, 25 человек."""
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "человека"
    return "человек"


def with_head_count(participants, count):
    """The participants cell with the head-count entered beside it, unless the text already
    states that number: «Общее количество участников 279 человек», as the documents write it."""
    if count is None:
        return participants
    if extract_head_count(participants) == count:
        return participants
    # "45 человек", "1 000 участников": the number is already there with its noun.
    digits = re.sub(r"(?<=\d)[ \xa0](?=\d{3}\b)", "", participants)
    if re.search(rf"(?<!\d){count}[ \xa0]*(?:человек|чел\.|участник)", digits, re.IGNORECASE):
        return participants
    line = f"Общее количество участников {count}\xa0{_people(count)}"
    return f"{line}\n{participants}" if participants else line


_NOT_HELD = {
    PlannedEventStatus.POSTPONED: "Мероприятие перенесено.",
    PlannedEventStatus.CANCELLED: "Мероприятие отменено.",
}
_SAYS_NOT_HELD = re.compile(r"не\s+провод|не\s+провед|перен[её]с|отмен", re.IGNORECASE)


def not_held_note(reason, plan_status):
    """The note of a row not held: what became of the event, then the reason as written."""
    if _SAYS_NOT_HELD.search(reason):
        return reason
    label = _NOT_HELD.get(plan_status, "Мероприятие не проведено.")
    return f"{label}\n{reason}" if reason else label


def _missing_notes(year, quarters, submissions):
    """For the draft: which departments have not had their report approved, and why."""
    statuses = {(s.department_id, s.quarter): s for s in submissions}
    period_end = quarter_range(year, max(quarters)).end
    period_start = quarter_range(year, min(quarters)).start
    expected = (
        Department.objects.filter(
            models.Q(kind=DepartmentKind.EXECUTIVE)
            | models.Q(pk__in=submissions.values("department_id"))
        )
        .filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=period_end),
            models.Q(active_until__isnull=True) | models.Q(active_until__gte=period_start),
        )
        .prefetch_related("names")
    )
    notes = []
    for quarter in quarters:
        missing = []
        for department in expected:
            submission = statuses.get((department.pk, quarter))
            if submission is None:
                missing.append(f"{department.name_on(period_end)} — {NO_REPORT_LABEL}")
            elif submission.status != SubmissionStatus.APPROVED:
                status = submission.get_status_display()
                missing.append(f"{department.name_on(period_end)} — {status}")
        if missing:
            notes.append(
                f"Не приняты отчёты за {quarter_title(year, quarter)}: " + "; ".join(missing) + "."
            )
        else:
            notes.append(f"Все отчёты за {quarter_title(year, quarter)} приняты.")
    return notes


def quarterly_report(*, year, quarter, draft=False):
    if quarter not in QUARTERS:
        raise ReportError("Укажите квартал: I, II, III или IV.")
    return agreements_report(year=year, quarters=(quarter,), draft=draft)


def half_year_report(*, year, half, draft=False):
    _check_half(half)
    return agreements_report(year=year, quarters=quarters_of_half(half), draft=draft)


def annual_report(*, year, draft=False):
    return agreements_report(year=year, quarters=QUARTERS, draft=draft)


# --- Roadmap execution -----------------------------------------------------------------------


def roadmap_report(*, roadmap, year):
    _check_year(year)
    if not isinstance(roadmap, Roadmap):
        raise ReportError("Выберите «дорожную карту».")
    if year not in roadmap.years:
        raise ReportError(
            f"«Дорожная карта» рассчитана на {roadmap.start_year}–{roadmap.end_year} годы; "
            f"отчёта за {year} год по ней нет."
        )
    year_end = half_range(year, 2).end
    items = list(
        RoadmapItem.objects.filter(section__roadmap=roadmap)
        .with_details(progress_year=year)
        .prefetch_related("responsibilities__department__names")
        .order_by("section__position", "position")
    )
    sections = list(roadmap.sections.order_by("position"))

    def responsible(item):
        names, footnotes = [], []
        for link in item.responsibilities.all():
            department = link.department
            if department.active_until and department.active_until < year_end:
                names.append(f"{department.name_on(year_end)} *")
                footnotes.append("*" + department.liquidation_note())
            else:
                names.append(department.name_on(year_end))
        return "\n\n".join(names + footnotes)

    def rows():
        by_section = {}
        for item in items:
            by_section.setdefault(item.section_id, []).append(item)
        for section in sections:
            yield Row(group=str(section))
            for item in by_section.get(section.pk, []):
                entries = [e.text for e in item.progress_entries.all()] or [""]
                head = (item.number, item.title, item.timeline_text, responsible(item))
                yield Row(cells=(*head, entries[0]))
                for text in entries[1:]:
                    yield Row(cells=("", "", "", "", text), merged_up=frozenset({0, 1, 2, 3}))

    partner = roadmap.region.short_name.removeprefix("г. ")
    return ReportTable(
        kind=ReportKind.ROADMAP,
        title_lines=roadmap_title_lines(year, roadmap.title),
        columns=ROADMAP_COLUMNS,
        rows=rows(),
        filename=f"Отчет_об_исполнении_дорожной_карты_{partner}_{year}",
    )


def build_report(kind, *, year, quarter=None, half=None, roadmap=None, draft=False):
    """The entry point the page, the admin and the command share."""
    match kind:
        case ReportKind.PLAN:
            return plan_report(year=year, half=half)
        case ReportKind.QUARTERLY:
            return quarterly_report(year=year, quarter=quarter, draft=draft)
        case ReportKind.HALF_YEAR:
            return half_year_report(year=year, half=half, draft=draft)
        case ReportKind.ANNUAL:
            return annual_report(year=year, draft=draft)
        case ReportKind.ROADMAP:
            return roadmap_report(roadmap=roadmap, year=year)
    raise ReportError("Неизвестный вид отчёта.")
