"""Writing an import: in bulk (queries do not grow with the rows), roadmap order kept, and the
whole import undone while nothing it wrote has changed since."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Roadmap, RoadmapItem, RoadmapProgress, RoadmapSection
from audit.models import AuditEntry
from cooperation.models import Department, Region
from events.models import PlannedEvent, ReportedEvent
from imports.models import ImportRecord
from imports.services import document_import, import_undo
from reports.builders import build_report
from reports.documents import ROADMAP_COLUMNS
from reports.models import Submission
from reports.renderers import render_docx
from reports.tables import ReportTable, Row
from tests.factories import UserFactory
from tests.imports.docs import (
    CULTURE,
    MOSCOW,
    TRILATERAL,
    plan_docx,
    plan_row,
    quarterly_docx,
    report_row,
)

pytestmark = pytest.mark.django_db


def _report(count, title="Мероприятие", agreements=MOSCOW):
    rows = [Row(group=CULTURE)]
    rows += [report_row(n, agreements, f"{title} {n}") for n in range(1, count + 1)]
    return quarterly_docx(rows)


def _queries(data):
    with CaptureQueriesContext(connection) as queries:
        document_import(data=data, file_name="x.docx")
    return len(queries)


# --- Bulk writes ---------------------------------------------------------------------------


def test_a_new_document_takes_as_many_queries_for_100_rows_as_for_10():
    small = _queries(_report(10))
    ReportedEvent.objects.all().delete()
    Submission.objects.all().delete()
    assert _queries(_report(100)) == small
    assert ReportedEvent.objects.count() == 100


def test_changing_100_rows_takes_as_many_queries_as_changing_10():
    document_import(data=_report(10), file_name="a.docx")
    small = _queries(_report(10, title="Иначе", agreements=TRILATERAL))
    ReportedEvent.objects.all().delete()
    document_import(data=_report(100), file_name="a.docx")
    assert _queries(_report(100, title="Иначе", agreements=TRILATERAL)) == small
    titles = set(ReportedEvent.objects.values_list("title", flat=True))
    assert titles == {f"Иначе {n}" for n in range(1, 101)}


def test_a_changed_row_gets_a_new_version_and_its_links():
    document_import(data=_report(1), file_name="a.docx")
    event = ReportedEvent.objects.get()
    result = document_import(data=_report(1, agreements=TRILATERAL), file_name="b.docx")
    assert (result.created, result.updated) == (0, 1)
    changed = ReportedEvent.objects.get()
    assert changed.version == event.version + 1 and changed.updated_at > event.updated_at
    assert [a.slug for a in changed.ordered_agreements()] == ["kaluga-bryansk"]


# --- A partial roadmap report --------------------------------------------------------------


def _order(roadmap):
    return list(
        RoadmapItem.objects.filter(section__roadmap=roadmap)
        .order_by("section__position", "position")
        .values_list("number", flat=True)
    )


def _partial_roadmap(roadmap, keep, extra):
    """The roadmap's 2022 report with only the items in `keep`, plus `extra` rows."""
    full = build_report("roadmap", year=2022, roadmap=roadmap)
    rows, heading = [], None
    for row in full.rows:
        if row.is_group:
            heading = row
            continue
        if row.cells and row.cells[0] in keep:
            if heading is not None:
                rows.append(heading)
                heading = None
            rows.append(row)
    rows += extra
    table = ReportTable(
        kind="roadmap",
        title_lines=full.title_lines,
        columns=ROADMAP_COLUMNS,
        rows=rows,
        filename="roadmap",
    )
    return render_docx(table)


def test_a_partial_roadmap_report_keeps_the_order_and_places_new_items_by_number(demo):
    roadmap = Roadmap.objects.get(start_year=2021)
    before = _order(roadmap)
    sections = dict(
        RoadmapSection.objects.filter(roadmap=roadmap).values_list("number", "position")
    )
    responsible = "Департамент инвестиционного развития Смоленской области"
    extra = [
        Row(group="12. В области молодёжной политики"),
        Row(cells=("12.2.", "Новый пункт", "2022 год", responsible, "Сделано")),
        Row(group="10. Новый раздел"),
        Row(cells=("10.1.", "Пункт нового раздела", "2022 год", responsible, "Сделано")),
    ]
    data = _partial_roadmap(roadmap, {"4.3.", "7.5."}, extra)
    document_import(data=data, file_name="roadmap.docx")
    after = _order(roadmap)
    assert [n for n in after if n not in ("12.2.", "10.1.")] == before
    assert after.index("12.2.") == after.index("12.1.") + 1
    assert after.index("10.1.") == after.index("9.1.") + 1
    positions = dict(
        RoadmapSection.objects.filter(roadmap=roadmap).values_list("number", "position")
    )
    order = sorted(positions, key=positions.get)
    assert order.index("10") == order.index("9") + 1
    assert [n for n in order if n != "10"] == sorted(sections, key=sections.get)


def test_reimporting_a_partial_roadmap_report_changes_no_position(demo):
    roadmap = Roadmap.objects.get(start_year=2021)
    data = _partial_roadmap(roadmap, {"4.3.", "7.5.", "12.4."}, [])
    positions = sorted(RoadmapItem.objects.values_list("pk", "position", "section__position"))
    document_import(data=data, file_name="roadmap.docx")
    assert sorted(RoadmapItem.objects.values_list("pk", "position", "section__position")) == (
        positions
    )


# --- Undo ----------------------------------------------------------------------------------


def _snapshot():
    return (
        sorted(
            (e.pk, e.title, e.version, [a.pk for a in e.ordered_agreements()])
            for e in ReportedEvent.objects.with_details()
        ),
        sorted(
            (e.pk, e.title, tuple(sorted(r.pk for r in e.regions.all())))
            for e in PlannedEvent.objects.prefetch_related("regions")
        ),
        sorted(Submission.objects.values_list("pk", "heading_note")),
        sorted(RoadmapItem.objects.values_list("pk", "title", "position")),
        sorted(RoadmapProgress.objects.values_list("item_id", "year", "text")),
        Department.objects.count(),
        Agreement.objects.count(),
    )


def test_undo_deletes_what_a_new_import_added_and_keeps_the_record():
    before = _snapshot()
    user = UserFactory()
    result = document_import(data=_report(3), file_name="a.docx", by=user)
    assert Submission.objects.exists()
    import_undo(record=result.record, by=user)
    assert _snapshot() == before
    record = ImportRecord.objects.get()
    assert record.undone_by == user and record.undone_at is not None
    assert AuditEntry.objects.filter(action="undone").count() == 1


def test_undo_brings_changed_rows_back_with_their_links():
    document_import(data=_report(3), file_name="a.docx")
    before = _snapshot()
    second = document_import(data=_report(4, "Иначе", TRILATERAL), file_name="b.docx")
    assert (second.created, second.updated) == (1, 3)
    import_undo(record=second.record, by=None)
    after = _snapshot()
    # The versions moved on (the undo is a write); everything else is as before.
    assert [e[:2] + e[3:] for e in after[0]] == [e[:2] + e[3:] for e in before[0]]
    assert after[1:] == before[1:]


def test_undo_of_a_plan_restores_its_regions():
    document_import(data=plan_docx([Row(group=CULTURE), plan_row(1, "г. Москва")]), file_name="p")
    before = _snapshot()
    changed = plan_docx([Row(group=CULTURE), plan_row(1, "Тверская область", title="Иначе")])
    record = document_import(data=changed, file_name="p2").record
    assert PlannedEvent.objects.get().regions.get() == Region.objects.get(
        short_name="Тверская область"
    )
    import_undo(record=record, by=None)
    assert _snapshot() == before


def test_undo_of_a_roadmap_report_restores_progress_and_removes_new_items(demo):
    roadmap = Roadmap.objects.get(start_year=2021)
    before = _snapshot()
    responsible = "Департамент инвестиционного развития Смоленской области"
    full = build_report("roadmap", year=2022, roadmap=roadmap)
    rows = [
        Row(cells=(*r.cells[:4], "Новый ход исполнения")) if not r.is_group else r
        for r in full.rows
    ]
    rows += [Row(group="13. Новый раздел"), Row(cells=("13.1.", "Новый", "2022", responsible, "Х"))]
    table = ReportTable("roadmap", full.title_lines, ROADMAP_COLUMNS, rows, "roadmap")
    record = document_import(data=render_docx(table), file_name="r.docx").record
    assert RoadmapItem.objects.filter(number="13.1.").exists()
    import_undo(record=record, by=None)
    assert _snapshot() == before
    assert not RoadmapSection.objects.filter(number="13").exists()


def test_undo_is_refused_when_an_imported_row_was_changed_since():
    result = document_import(data=_report(2), file_name="a.docx")
    event = ReportedEvent.objects.get(position=2)
    event.title = "Исправлено вручную"
    event.save()
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        import_undo(record=result.record, by=None)
    assert "нельзя отменить" in refused.value.messages[0]
    assert "Исправлено вручную" in refused.value.messages[0]
    assert _snapshot() == before
    assert ImportRecord.objects.get().undone_at is None


def test_an_earlier_import_is_not_undone_over_a_later_one():
    first = document_import(data=_report(2), file_name="a.docx").record
    document_import(data=_report(2, "Иначе"), file_name="b.docx")
    with pytest.raises(ValidationError, match="более поздняя загрузка"):
        import_undo(record=first, by=None)


def test_an_import_is_undone_once():
    record = document_import(data=_report(1), file_name="a.docx").record
    import_undo(record=record, by=None)
    with pytest.raises(ValidationError, match="уже отменена"):
        import_undo(record=record, by=None)


def test_undo_of_an_import_that_kept_an_approved_report_keeps_it():
    document_import(data=_report(1), file_name="a.docx")
    submission = Submission.objects.get()
    record = document_import(data=_report(2), file_name="b.docx").record
    import_undo(record=record, by=None)
    assert Submission.objects.get() == submission
    assert list(ReportedEvent.objects.values_list("position", flat=True)) == [1]


def test_undo_keeps_an_approved_report_that_a_later_import_added_rows_to():
    first = document_import(data=_report(1), file_name="a.docx").record
    document_import(
        data=quarterly_docx([Row(group=CULTURE), report_row(2, MOSCOW, "Второе")]),
        file_name="b.docx",
    )
    import_undo(record=first, by=None)
    assert list(ReportedEvent.objects.values_list("position", flat=True)) == [2]
    assert Submission.objects.count() == 1
