"""The XLSX layout: title, header, frozen panes, print set-up, merges; no text becomes a formula."""

import io
import zipfile

import openpyxl
import pytest

from reports.builders import build_report
from reports.renderers import render_xlsx
from reports.tables import Column, ReportTable, Row

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(demo):
    data = render_xlsx(build_report("quarterly", year=2020, quarter=3))
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def test_one_sheet_with_title_rows_merged_across(demo):
    workbook = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(build_report("quarterly", year=2020, quarter=3)))
    )
    assert len(workbook.worksheets) == 1
    ws = workbook.worksheets[0]
    assert ws["A1"].value == "Отчет о реализации соглашений в сфере межрегионального сотрудничества"
    assert ws["A2"].value == "за III квартал 2020 года"
    assert ws["A1"].font.b
    assert {"A1:H1", "A2:H2"} <= {str(r) for r in ws.merged_cells.ranges}


def test_header_is_frozen_and_repeated_when_printed(sheet):
    assert sheet["A4"].value == "№ п/п"
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"


def test_printing_is_landscape_and_fits_the_width(sheet):
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_text_wraps_and_columns_are_sized(sheet):
    assert sheet["C6"].alignment.wrap_text
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGH"]
    assert widths[0] < widths[1] and all(w > 4 for w in widths)


def test_department_rows_and_shared_agreements_are_merged(sheet):
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A5:H5" in merged  # the first department row
    # Rows 5–8 of the report share one agreement cell, rows 9–10 another.
    row_of = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    assert f"B{row_of['5.']}:B{row_of['8.']}" in merged
    assert f"B{row_of['9.']}:B{row_of['10.']}" in merged


@pytest.mark.parametrize(
    "text", ["=1+1", "+7 (4812) 29-10-00", "-5", "@SUM(A1)", '=HYPERLINK("x")']
)
def test_cells_that_look_like_formulas_stay_text(text):
    table = ReportTable(
        kind="quarterly",
        title_lines=[text],
        columns=[Column("№", 2), Column("Текст", 6)],
        rows=[Row(cells=("1.", text))],
        filename="test",
    )
    data = render_xlsx(table)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    # One title line, a blank row, the header: the data row is the fourth.
    assert ws["B4"].value == text
    assert ws["B4"].data_type == "s"


@pytest.mark.skipif(
    __import__("shutil").which("libreoffice") is None
    and not __import__("os").environ.get("REQUIRE_LIBREOFFICE"),
    reason="LibreOffice не установлен (CI ставит его и задаёт REQUIRE_LIBREOFFICE=1)",
)
def test_libreoffice_reads_every_cell_of_the_workbook(demo, tmp_path):
    import csv
    import subprocess

    source = tmp_path / "q.xlsx"
    source.write_bytes(render_xlsx(build_report("quarterly", year=2020, quarter=3)))
    result = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader((tmp_path / "q.csv").open(encoding="utf-8")))
    assert rows[0][0] == "Отчет о реализации соглашений в сфере межрегионального сотрудничества"
    assert rows[3][0] == "№ п/п"
    texts = {cell for row in rows for cell in row}
    assert "Всероссийский конкурс фольклорных ансамблей «Традиции»" in texts
    assert "15." in texts
