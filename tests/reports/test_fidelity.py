"""Exporting the demo data gives back each seed document: title, columns, department order,
rows, numbering and every cell text (after whitespace normalisation), in DOCX, XLSX and HTML."""

import pytest

from reports.builders import build_report
from reports.renderers import render_docx, render_html, render_xlsx
from tests import seeds
from tests.reports.readers import read_docx, read_html, read_xlsx, seed_grid

pytestmark = pytest.mark.django_db

READERS = {
    "docx": lambda table: read_docx(render_docx(table)),
    "xlsx": lambda table: read_xlsx(render_xlsx(table)),
    "html": lambda table: read_html(render_html(table)),
}


def _report(kind, demo):
    if kind == "plan":
        return build_report("plan", year=2022, half=2), seeds.plan()
    if kind == "quarterly":
        return build_report("quarterly", year=2020, quarter=3), seeds.quarterly()
    return build_report("roadmap", year=2022, roadmap=demo["roadmap"]), seeds.roadmap()


def _expected(kind, seed_table):
    title, header, rows = seed_grid(seed_table)
    if kind == "quarterly":
        # The one difference: row 1 of the original spells the trilateral agreement
        # «Трехстороннее Соглашение»; the portal prints the agreement's registered title.
        rows = [
            (k, [c.replace("Трехстороннее Соглашение", "Трехстороннее соглашение") for c in v])
            if k == "row"
            else (k, v)
            for k, v in rows
        ]
    return title, header, rows


@pytest.mark.parametrize("fmt", READERS)
@pytest.mark.parametrize("kind", ["plan", "quarterly", "roadmap"])
def test_export_reproduces_the_seed_document(demo, kind, fmt):
    table, seed_table = _report(kind, demo)
    title, header, rows = READERS[fmt](table)
    expected_title, expected_header, expected_rows = _expected(kind, seed_table)
    assert title == expected_title
    assert header == expected_header
    assert [r for r in rows if r[0] == "group"] == [r for r in expected_rows if r[0] == "group"]
    assert len(rows) == len(expected_rows)
    for got, expected in zip(rows, expected_rows, strict=True):
        assert got == expected
