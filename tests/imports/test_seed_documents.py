"""The three real documents, rebuilt as Word tables from their text with all their quirks
(line breaks inside cells, empty cells under merged agreements, footnotes, hyphenation, a
capital «Соглашение»), import into an empty database and export back as the seed."""

import pytest

from agreements.models import Roadmap
from events.models import PlannedEvent, ReportedEvent
from imports.services import document_import
from reports.builders import build_report
from reports.documents import AGREEMENTS_COLUMNS, PLAN_COLUMNS, ROADMAP_COLUMNS
from reports.models import Submission
from reports.renderers import render_docx
from reports.tables import Column, ReportTable, Row
from tests import seeds
from tests.reports.readers import read_docx, seed_grid

pytestmark = pytest.mark.django_db


def _word_document(seed_table, columns, title_lines):
    """A DOCX whose table holds the seed's cell texts exactly as extracted from Word. An empty
    agreement cell under a row of the same department was a vertically merged cell in the
    original, and is one here."""
    rows, group = [], None
    for row in seed_table.rows:
        merged = frozenset()
        if row.group != group:
            group = row.group
            rows.append(Row(group=group))
        elif columns is AGREEMENTS_COLUMNS and not row.cells[1].strip():
            merged = frozenset({1})
        rows.append(Row(cells=tuple(row.cells), merged_up=merged))
        for continuation in row.continuations:
            rows.append(Row(cells=tuple(continuation)))
    header = [
        Column(seeds.norm(h), c.width_cm) for h, c in zip(seed_table.header, columns, strict=True)
    ]
    table = ReportTable(
        kind="x", title_lines=title_lines, columns=header, rows=rows, filename="seed"
    )
    return render_docx(table)


CASES = {
    "plan": (
        seeds.plan,
        PLAN_COLUMNS,
        ["План мероприятий в сфере межрегионального сотрудничества на II полугодие 2022 года"],
        {"year": 2022, "half": 2},
    ),
    "quarterly": (
        seeds.quarterly,
        AGREEMENTS_COLUMNS,
        [
            "Отчет о реализации соглашений в сфере межрегионального сотрудничества",
            "за III квартал 2020 года",
        ],
        {"year": 2020, "quarter": 3},
    ),
    "roadmap": (
        seeds.roadmap,
        ROADMAP_COLUMNS,
        [
            "Отчет об исполнении в 2022 году",
            "Плана мероприятий «Дорожной карты» по развитию сотрудничества между",
            "Санкт-Петербургом и Смоленской областью на 2021-2023 годы (далее – План)",
        ],
        {"year": 2022},
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_seed_document_imports_into_an_empty_database_and_exports_back(kind):
    read, columns, title_lines, arguments = CASES[kind]
    seed_table = read()
    data = _word_document(seed_table, columns, title_lines)
    assert not ReportedEvent.objects.exists() and not Roadmap.objects.exists()
    result = document_import(data=data, file_name=f"{kind}.docx")
    assert result.created > 0 and result.updated == 0
    if kind == "roadmap":
        arguments["roadmap"] = Roadmap.objects.get()
    exported = read_docx(render_docx(build_report(kind, **arguments)))
    title, header, rows = seed_grid(seed_table)
    # The portal prints registered agreement titles (row 1 of the original has «Соглашение»).
    rows = [
        (k, [c.replace("Трехстороннее Соглашение", "Трехстороннее соглашение") for c in v])
        if k == "row"
        else (k, v)
        for k, v in rows
    ]
    assert exported == (title, header, rows)


def test_imported_seed_report_matches_the_demo_data():
    data = _word_document(
        seeds.quarterly(),
        AGREEMENTS_COLUMNS,
        [
            "Отчет о реализации соглашений в сфере межрегионального сотрудничества",
            "за III квартал 2020 года",
        ],
    )
    document_import(data=data, file_name="002.docx")
    events = {e.position: e for e in ReportedEvent.objects.with_details()}
    assert {p: e.participants_count for p, e in events.items() if e.participants_count} == {
        5: 45,
        6: 279,
        7: 61,
        8: 110,
        9: 32,
        10: 170,
        15: 35,
    }
    assert [a.slug for a in events[5].ordered_agreements()] == [
        "moscow",
        "kaluga-bryansk",
        "lipetsk",
        "tver",
        "orel",
    ]
    assert events[8].ordered_agreements() == events[5].ordered_agreements()
    assert events[10].ordered_agreements() == events[9].ordered_agreements()
    assert Submission.objects.filter(year=2020, quarter=3, status="approved").count() == 6
    assert not PlannedEvent.objects.exists()
