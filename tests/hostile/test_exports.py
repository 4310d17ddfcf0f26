"""No export carries a cell that a spreadsheet would run as a formula: CSV, XLSX (the admin's
spreadsheet exports) and the DOCX and XLSX reports are written, read back and checked."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest
import tablib

from agreements.models import Agreement
from agreements.resources import AgreementResource
from cooperation.resources import (
    RISKY_PREFIXES,
    SafeCSV,
    SafeXLSX,
    escape_formula,
    unescape_formula,
)
from events.models import ReportedEvent
from events.resources import ReportedEventResource
from reports.builders import AGREEMENTS_COLUMNS
from reports.renderers import render_docx, render_xlsx
from reports.tables import ReportTable, Row

HOSTILE = [
    "=2*3",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    ";=2*3;",
    ",=2*3,",
    "a;=2*3;b",
    "a, +7",
    "a;\t@x",
    'x";=HYPERLINK("http://e","y")',
    " =1",
    "\xa0=1",
    "=cmd|' /C calc'!A0",
    "Участники:\n- Москва\n- Тверь",
    "строка\r\n=1",
]


def _unescaped(field):
    """Would a spreadsheet start this field with a formula? (spaces are skipped by some)"""
    return field.lstrip(" \xa0").startswith(RISKY_PREFIXES)


@pytest.mark.parametrize("value", HOSTILE)
def test_escaping_neutralises_every_formula_start_and_is_undone_on_import(value):
    escaped = escape_formula(value)
    assert not any(_unescaped(part) for part in re.split(r"[,;\t\r\n]", escaped))
    assert unescape_formula(escaped) == value


def _csv_fields(text):
    """Every field as a spreadsheet may read the file: opened with «,», «;» or tab as the
    separator (quotes honoured, as Excel and LibreOffice do), and each cell split again at
    any separator inside it."""
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for field in row:
                yield field
                yield from re.split(r"[,;\t\r\n]", field)


@pytest.mark.django_db
def test_csv_export_of_events_never_starts_a_field_with_a_formula(demo):
    events = list(ReportedEvent.objects.order_by("pk")[: len(HOSTILE)])
    for index, value in enumerate(HOSTILE):
        event = events[index % len(events)]
        setattr(event, "title" if index < len(events) else "venue", value)
        event.save()
    text = SafeCSV().export_data(ReportedEventResource().export())
    assert [f for f in _csv_fields(text) if _unescaped(f)] == []
    # Every cell quoted, so a separator inside a cell never splits it.
    first_data_line = text.splitlines()[1]
    assert first_data_line.startswith('"') and '","' in first_data_line


@pytest.mark.django_db
def test_csv_export_reads_back_to_the_same_values(demo):
    before = sorted(ReportedEvent.objects.values_list("pk", "title"))
    event = ReportedEvent.objects.order_by("pk").first()
    event.title = "a;=2*3;b"
    event.save()
    data = SafeCSV().export_data(ReportedEventResource().export())
    event.title = "изменено"
    event.save()
    result = ReportedEventResource().import_data(SafeCSV().create_dataset(data.encode()))
    assert not result.has_errors() and not result.has_validation_errors()
    assert ReportedEvent.objects.get(pk=event.pk).title == "a;=2*3;b"
    assert len(before) == ReportedEvent.objects.count()


@pytest.mark.django_db
def test_xlsx_export_writes_formula_starts_as_quoted_text():
    Agreement.objects.update(title="=2*3", short_title="@SUM(A1)", number="+1")
    workbook = openpyxl.load_workbook(
        io.BytesIO(SafeXLSX().export_data(AgreementResource().export()))
    )
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if isinstance(c.value, str) and _unescaped(c.value)]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    # And it imports back unchanged.
    dataset = tablib.Dataset().load(SafeXLSX().export_data(AgreementResource().export()), "xlsx")
    assert "=2*3" in dataset["Полное наименование"]


def _report():
    cells = [HOSTILE[i % len(HOSTILE)] for i in range(len(AGREEMENTS_COLUMNS))]
    rows = [Row(group="=ГРУППА()"), *(Row(cells=tuple(cells[i:] + cells[:i])) for i in range(8))]
    return ReportTable(
        kind="quarterly",
        title_lines=["=Отчет", "+за II квартал 2023 года"],
        columns=AGREEMENTS_COLUMNS,
        rows=rows,
        filename="x",
    )


def test_xlsx_report_has_no_formula_cells():
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(_report())))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if isinstance(c.value, str) and _unescaped(c.value)]
    # Inline strings: text by type, never evaluated, whatever they start with.
    assert risky and all(c.data_type == "s" for c in risky)


def test_docx_report_has_no_fields_and_keeps_the_text_as_text():
    with zipfile.ZipFile(io.BytesIO(render_docx(_report()))) as archive:
        xml = archive.read("word/document.xml").decode()
    # Word computes only fields (w:fldSimple, w:instrText); cell text is never a formula.
    assert not re.search(r"<w:(fldSimple|instrText|fldChar)\b", xml)
    assert "=2*3" in xml
