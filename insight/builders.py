"""Tables of the overview pages in reports' neutral form, so the same renderers draw them.

The event lists: one row function per list gives the cells both for the page and for its XLSX
download, so the two always have the same columns. Plan versus fact: one ReportTable per half-year
for DOCX and XLSX. Every builder runs a fixed number of queries, however many rows.
"""

from agreements.models import Agreement, RoadmapItem
from cooperation.models import Department, Region
from cooperation.periods import half_title, quarter_title, roman
from cooperation.text import format_regions
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent, ReportedEventAgreement
from insight.matching import OUTCOME_LABELS, UNPLANNED_LABEL
from insight.queries import linked_ids, records_of
from reports.models import Submission, SubmissionStatus
from reports.tables import Column, ReportTable, Row

PLANNED_COLUMNS = [
    Column("№ п/п", 1.1),
    Column("Наименование мероприятия", 5.5),
    Column("Департамент", 3.5),
    Column("Субъекты РФ", 3.2),
    Column("Сроки проведения", 2.8),
    Column("Полугодие", 2.4),
    Column("Соглашение", 3.2),
    Column("Пункт «дорожной карты»", 2.6),
    Column("Статус", 2.0),
]

REPORTED_COLUMNS = [
    Column("№ п/п", 1.1),
    Column("Наименование мероприятия", 5.0),
    Column("Департамент", 3.2),
    Column("Квартал", 2.3),
    Column("Сроки проведения", 2.6),
    Column("Субъекты РФ", 3.0),
    Column("Соглашения", 3.2),
    Column("Участников", 1.6),
    Column("Проведено", 2.6),
    Column("Отчёт департамента", 2.2),
]


def _item_labels(items):
    return {
        item.pk: f"{item.number} ({item.section.roadmap.short_title})"
        for item in RoadmapItem.objects.filter(pk__in=items).select_related("section__roadmap")
    }


def _reference_names():
    """Departments' and agreements' short names and the regions, one query each, for the rows."""
    return (
        dict(Department.objects.values_list("pk", "short_name")),
        dict(Agreement.objects.values_list("pk", "short_title")),
        Region.objects.in_bulk(),
    )


def planned_rows(events):
    """(pk, cells) for each event of the queryset, in its order; cells match PLANNED_COLUMNS."""
    departments, agreements, regions = _reference_names()
    records, owners = records_of(
        events,
        "pk",
        "title",
        "department_id",
        "regions_text",
        "all_regions",
        "timing_text",
        "year",
        "half",
        "agreement_id",
        "roadmap_item_id",
        "status",
    )
    region_links = linked_ids(PlannedEvent.regions.through, "plannedevent_id", "region_id", owners)
    if isinstance(owners, list):
        items = _item_labels({record[9] for record in records if record[9]})
    else:
        items = _item_labels(events.values("roadmap_item_id"))
    statuses = dict(PlannedEventStatus.choices)
    for number, record in enumerate(records, start=1):
        pk, title, department, regions_text, all_regions, timing, year, half, *rest = record
        agreement, item, status = rest
        if not regions_text:
            named = [regions[r] for r in region_links.get(pk, [])]
            regions_text = "Все субъекты РФ" if all_regions else format_regions(named)
        yield (
            pk,
            (
                f"{number}.",
                title,
                departments[department],
                regions_text,
                timing,
                half_title(year, half),
                agreements.get(agreement, ""),
                items.get(item, ""),
                statuses.get(status, status),
            ),
        )


def reported_rows(events):
    """(pk, cells) for each event of the queryset, in its order; cells match REPORTED_COLUMNS."""
    departments, agreements, regions = _reference_names()
    records, owners = records_of(
        events,
        "pk",
        "title",
        "department_id",
        "year",
        "quarter",
        "timing_text",
        "participants_count",
        "held",
        "note",
    )
    region_links = linked_ids(
        ReportedEvent.regions.through, "reportedevent_id", "region_id", owners
    )
    agreement_links = linked_ids(ReportedEventAgreement, "event_id", "agreement_id", owners)
    if isinstance(owners, list):
        found = Submission.objects.filter(
            department_id__in={r[2] for r in records}, year__in={r[3] for r in records}
        )
    else:
        found = Submission.objects.filter(year__in=events.values("year"))
    submissions = {
        (department, year, quarter): label
        for department, year, quarter, label in _submission_statuses(found)
    }
    for number, record in enumerate(records, start=1):
        pk, title, department, year, quarter, timing, count, held, note = record
        yield (
            pk,
            (
                f"{number}.",
                title,
                departments[department],
                quarter_title(year, quarter),
                timing,
                format_regions([regions[r] for r in region_links.get(pk, [])]),
                "; ".join(agreements[a] for a in agreement_links.get(pk, [])),
                "" if count is None else str(count),
                "да" if held else f"нет: {note}",
                submissions.get((department, year, quarter), "не создан"),
            ),
        )


def _submission_statuses(submissions):
    labels = dict(SubmissionStatus.choices)
    found = submissions.values_list("department_id", "year", "quarter", "status")
    for department, year, quarter, status in found:
        yield department, year, quarter, labels[status]


def event_list_table(kind, events, *, description):
    """The filtered list as a document: the same columns as on the page."""
    if kind == "planned":
        title, columns, rows, name = (
            "Мероприятия планов",
            PLANNED_COLUMNS,
            planned_rows(events),
            "Мероприятия_планов",
        )
    else:
        title, columns, rows, name = (
            "Мероприятия отчётов",
            REPORTED_COLUMNS,
            reported_rows(events),
            "Мероприятия_отчетов",
        )
    return ReportTable(
        kind=f"{kind}_list",
        title_lines=[title, description] if description else [title],
        columns=columns,
        rows=(Row(cells=cells) for _, cells in rows),
        filename=name,
    )


# --- Plan versus fact -------------------------------------------------------------------------

PLAN_VS_FACT_COLUMNS = [
    Column("№ п/п", 1.1),
    Column("Мероприятие плана", 5.2),
    Column("Сроки по плану", 2.8),
    Column("Субъекты РФ", 3.0),
    Column("Итог", 2.4),
    Column("Мероприятие отчёта", 5.6),
    Column("Примечание (причины невыполнения)", 5.6),
]


def plan_vs_fact_report(summary):
    """summary: insight.matching.PlanVsFact for the half-year, already limited to what the user
    may see. Groups: each department's plan, then the report rows that were never planned."""

    def rows():
        number, current = 0, None
        for row in summary.planned_rows():
            if row.department_name != current:
                current = row.department_name
                yield Row(group=current)
            number += 1
            reports = "\n\n".join(r.describe() for r in row.reports)
            notes = "\n\n".join(r.note for r in row.reports if r.note)
            yield Row(
                cells=(
                    f"{number}.",
                    row.title,
                    row.timing_text,
                    row.regions_text,
                    OUTCOME_LABELS[row.outcome],
                    reports,
                    notes,
                )
            )
        group_started = False
        for report in summary.unplanned_rows():
            if not group_started:
                group_started = True
                yield Row(group="Мероприятия отчётов, которых не было в плане")
            number += 1
            yield Row(
                cells=(
                    f"{number}.",
                    "—",
                    "",
                    report.regions_text,
                    UNPLANNED_LABEL,
                    f"{report.department_name}: {report.describe()}",
                    report.note,
                )
            )

    counts = summary.counts()
    notes = [
        "Итого: "
        + "; ".join(f"{OUTCOME_LABELS[key]} — {value}" for key, value in counts.items())
        + f"; вне плана — {summary.unplanned_count()}."
    ]
    if summary.approved_only:
        notes.append("Учтены только принятые отчёты департаментов.")
    year, half = summary.year, summary.half
    title = [
        "Исполнение плана мероприятий в сфере межрегионального сотрудничества",
        f"за {half_title(year, half)}: план и факт",
    ]
    if summary.department is not None:
        title.append(summary.department.name)
    return ReportTable(
        kind="plan_vs_fact",
        title_lines=title,
        columns=PLAN_VS_FACT_COLUMNS,
        rows=rows(),
        filename=f"План_и_факт_{roman(half)}_полугодие_{year}",
        notes=notes,
    )
