"""Exporting the demo data gives back each seed document: title, columns, department order,
rows, numbering and every cell text, line by line (line breaks and no-break spaces as in the
seed), in DOCX, XLSX and HTML."""

import pytest

from reports.builders import build_report
from reports.renderers import render_docx, render_html, render_xlsx
from tests import seeds
from tests.reports.readers import read_docx, read_html, read_xlsx, seed_grid

pytestmark = pytest.mark.django_db

READERS = {
    "docx": lambda table: read_docx(render_docx(table), lines=True),
    "xlsx": lambda table: read_xlsx(render_xlsx(table), lines=True),
    "html": lambda table: read_html(render_html(table), lines=True),
}
# Cells the portal composes from reference data rather than prints as entered: the agreements'
# registered titles and the roadmap's responsible bodies. The seeds break those lines wherever
# each author pressed Enter (one agreement three different ways), so they compare as words.
COMPOSED = {"plan": set(), "quarterly": {1}, "roadmap": {3}}


def _report(kind, demo):
    if kind == "plan":
        return build_report("plan", year=2022, half=2), seeds.plan()
    if kind == "quarterly":
        return build_report("quarterly", year=2020, quarter=3), seeds.quarterly()
    return build_report("roadmap", year=2022, roadmap=demo["roadmap"]), seeds.roadmap()


def _comparable(kind, grid):
    title, header, rows = grid
    out = []
    for what, value in rows:
        if what == "row":
            value = [
                seeds.norm(text) if column in COMPOSED[kind] else text
                for column, text in enumerate(value)
            ]
            if kind == "quarterly":
                # Row 1 of the original spells the trilateral agreement «Трехстороннее
                # Соглашение»; the portal prints the agreement's registered title.
                value[1] = value[1].replace("Трехстороннее Соглашение", "Трехстороннее соглашение")
        out.append((what, value))
    return title, header, out


@pytest.mark.parametrize("fmt", READERS)
@pytest.mark.parametrize("kind", ["plan", "quarterly", "roadmap"])
def test_export_reproduces_the_seed_document_line_by_line(demo, kind, fmt):
    table, seed_table = _report(kind, demo)
    title, header, rows = _comparable(kind, READERS[fmt](table))
    expected_title, expected_header, expected_rows = _comparable(
        kind, seed_grid(seed_table, lines=True)
    )
    assert title == expected_title
    assert header == expected_header
    assert [r for r in rows if r[0] == "group"] == [r for r in expected_rows if r[0] == "group"]
    assert len(rows) == len(expected_rows)
    for got, expected in zip(rows, expected_rows, strict=True):
        assert got == expected


def test_the_seeds_hold_line_breaks_and_no_break_spaces_the_comparison_keeps():
    """The line-by-line comparison above is only as strict as the seeds are rich."""
    cells = [
        seeds.norm_lines(c)
        for table in (seeds.plan(), seeds.quarterly(), seeds.roadmap())
        for row in table.rows
        for c in row.cells
    ]
    assert "август\n2022 год" in cells
    assert any("п.\xa0Фленово" in c for c in cells)
    assert any("До\xa015 сентября" in c for c in cells)
    assert sum("\n" in c for c in cells) > 100
    assert sum("\xa0" in c for c in cells) > 20
