"""The XLSX layout: title, header, frozen panes, print set-up, merges, row heights and planned
page breaks; text as typed; no text becomes a formula. What LibreOffice prints from it is
checked in test_print.py."""

import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest

from reports.builders import build_report
from reports.renderers import render_xlsx
from reports.renderers.ooxml import APPLICATION
from reports.renderers.xlsx import PAGE_BODY_PT
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


def test_printing_is_landscape_and_the_columns_fit_the_width(sheet):
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    # 25.7 cm of columns: LibreOffice draws 6 pt a character, Excel ~5 px more a column; both
    # stay inside the 756 pt between the 0.6-inch margins.
    chars = sum(sheet.column_dimensions[c].width for c in "ABCDEFGH")
    assert chars * 6 < 756 and chars * 6 + 8 * 3.75 < 756


def _table(rows, columns=None, notes=()):
    return ReportTable(
        kind="quarterly",
        title_lines=["Проверка"],
        columns=columns or [Column("№", 2), Column("Текст", 6)],
        rows=rows,
        filename="test",
        notes=list(notes),
    )


def _sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def _heights(ws):
    return {n: d.height for n, d in ws.row_dimensions.items() if d.height}


def test_every_row_states_its_height_merged_rows_included(sheet):
    xml = _sheet_xml(render_xlsx(build_report("quarterly", year=2020, quarter=3)))
    rows = re.findall(r"<row [^>]*>", xml)
    assert rows and all(' ht="' in row and 'customHeight="1"' in row for row in rows)
    heights = _heights(sheet)
    assert heights[1] < 20 and heights[5] < 20  # the title and a department: one line
    assert heights[4] > 100  # the header: captions of eight lines or more
    assert all(heights[n] > 30 for n in range(6, 10))  # report rows of several lines


def test_row_height_follows_the_wrapped_text():
    short, longer, broken = "Выставка", "Слово " * 40, "одна\nдве\nтри\nчетыре"
    data = render_xlsx(
        _table([Row(cells=("1.", short)), Row(cells=("2.", longer)), Row(cells=("3.", broken))])
    )
    heights = _heights(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0])
    one_line = heights[4]
    # 40 words in a 6 cm column: 8 lines or so; four lines typed: four lines.
    assert 7 * one_line < heights[5] - 3 < 10 * one_line
    assert round((heights[6] - 3) / (one_line - 3)) == 4


def test_a_merged_cell_taller_than_its_rows_makes_the_last_of_them_grow():
    agreements = "Соглашение о сотрудничестве " * 30
    rows = [
        Row(cells=("1.", agreements, "Мероприятие")),
        Row(cells=("2.", "", "Мероприятие"), merged_up=frozenset({1})),
    ]
    columns = [Column("№", 1), Column("Соглашение", 4), Column("Мероприятие", 4)]
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(_table(rows, columns)))).worksheets[0]
    assert "B4:B5" in {str(r) for r in ws.merged_cells.ranges}
    heights = _heights(ws)
    assert heights[4] < 20 and heights[5] > 10 * heights[4]


def test_print_is_scaled_so_the_tallest_row_fits_a_page():
    tall = "Строка\n" * 50  # 50 lines of 12 pt: taller than a page at full size
    ws = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(_table([Row(group="Раздел"), Row(cells=("1.", tall))])))
    ).worksheets[0]
    heights = _heights(ws)
    scale = ws.page_setup.scale
    assert 60 <= scale < 100
    assert (heights[3] + heights[4] + heights[5]) * scale / 100 <= PAGE_BODY_PT
    small = render_xlsx(_table([Row(cells=("1.", "коротко"))]))
    assert openpyxl.load_workbook(io.BytesIO(small)).worksheets[0].page_setup.scale == 100


def test_page_breaks_never_leave_a_group_row_at_the_foot_of_a_page():
    rows = []
    for group in range(6):
        rows.append(Row(group=f"Департамент № {group}"))
        rows += [Row(cells=(f"{group}.{n}.", "Строка\n" * 9)) for n in range(3)]
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(_table(rows)))).worksheets[0]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks and all(b.man for b in ws.row_breaks.brk)
    groups = {r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Деп")}
    assert not groups & set(breaks)  # no page ends with a department row
    heights, pages, used = _heights(ws), [], 0.0
    for number in range(1, ws.max_row + 1):  # every planned page fits, header included
        used += heights.get(number, heights[1])  # row 2 (blank under the title) has none
        if number in breaks or number == ws.max_row:
            pages.append(used)
            used = heights[3]
    assert len(pages) > 2
    assert max(pages) * ws.page_setup.scale / 100 <= PAGE_BODY_PT


def test_line_breaks_and_no_break_spaces_stay_in_the_cell():
    text = "август\n2022 года, До\xa015 сентября"
    ws = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(_table([Row(cells=("1.", text))])))
    ).worksheets[0]
    assert ws["B4"].value == text
    assert ws["B4"].alignment.wrap_text


def test_title_lines_are_broken_between_words_never_after_a_hyphen():
    title = (
        "Плана мероприятий «Дорожной карты» по развитию сотрудничества между "
        "Санкт-Петербургом и Смоленской областью на 2021-2023 годы (далее – План)"
    )
    table = _table([Row(cells=("1.", "x"))], columns=[Column("№", 2), Column("Текст", 8)])
    table.title_lines = [title]
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(table))).worksheets[0]
    lines = ws["A1"].value.split("\n")
    assert len(lines) > 1 and " ".join(lines) == title
    assert not any(line.endswith("-") for line in lines)


def test_group_rows_look_as_in_the_docx(sheet):
    cell = sheet["A5"]
    assert cell.font.b and cell.alignment.horizontal == "center"
    assert cell.fill.fgColor.rgb == "FFF2F2F2"


def test_an_empty_period_says_so_across_the_table(db):
    ws = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(build_report("half_year", year=2031, half=1)))
    ).worksheets[0]
    assert ws["A5"].value == "Мероприятия не проводились"
    assert "A5:H5" in {str(r) for r in ws.merged_cells.ranges}


def test_the_file_says_who_made_it_and_when(sheet):
    data = render_xlsx(build_report("quarterly", year=2020, quarter=3))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert f"<Application>{APPLICATION}</Application>" in app
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    created = workbook.properties.created.replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)
    assert workbook.properties.title.endswith("за III квартал 2020 года")


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
