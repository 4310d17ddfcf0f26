"""The DOCX layout: page, fonts, repeated header, merges, page numbers; it opens in LibreOffice."""

import io
import os
import shutil
import subprocess

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from reports.builders import build_report
from reports.renderers import render_docx
from reports.tables import Column, ReportTable, Row

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def quarterly(demo):
    return render_docx(build_report("quarterly", year=2020, quarter=3))


def test_page_is_a4_landscape_with_page_numbers(quarterly):
    document = docx.Document(io.BytesIO(quarterly))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    fields = section.footer._element.iter(f"{W}fldSimple")
    assert [f.get(f"{W}instr") for f in fields] == ["PAGE"]


def test_text_is_times_new_roman_12_and_title_bold_centred(quarterly):
    document = docx.Document(io.BytesIO(quarterly))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)
    title = document.paragraphs[0]
    assert title.alignment == 1  # centre
    assert all(run.bold for run in title.runs)
    assert title.text == "Отчет о реализации соглашений в сфере межрегионального сотрудничества"


def test_header_row_repeats_on_every_page(quarterly):
    table = docx.Document(io.BytesIO(quarterly)).tables[0]
    first, second = table._tbl.tr_lst[:2]
    assert first.find(f"{W}trPr/{W}tblHeader") is not None
    assert second.find(f"{W}trPr/{W}tblHeader") is None


def test_department_rows_span_the_full_width(quarterly):
    rows = docx.Document(io.BytesIO(quarterly)).tables[0]._tbl.tr_lst
    group = rows[1]
    (cell,) = group.tc_lst
    assert cell.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "8"
    assert "Департамент государственной службы" in "".join(t.text for t in cell.iter(f"{W}t"))


def test_shared_agreements_are_one_vertically_merged_cell(quarterly):
    rows = docx.Document(io.BytesIO(quarterly)).tables[0]._tbl.tr_lst

    def merge_of(number):
        for tr in rows:
            cells = tr.tc_lst
            if len(cells) == 8 and "".join(t.text for t in cells[0].iter(f"{W}t")) == number:
                vmerge = cells[1].find(f"{W}tcPr/{W}vMerge")
                return None if vmerge is None else (vmerge.get(f"{W}val") or "continue")
        raise AssertionError(number)

    assert [merge_of(f"{n}.") for n in range(4, 12)] == [
        None,
        "restart",
        "continue",
        "continue",
        "continue",
        "restart",
        "continue",
        None,
    ]


def test_column_widths_fill_the_text_width(quarterly):
    table = docx.Document(io.BytesIO(quarterly)).tables[0]
    widths = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.iter(f"{W}gridCol")]
    assert len(widths) == 8
    assert abs(sum(widths) - Cm(25.7).twips) < 20


def test_control_characters_and_markup_in_text_are_written_safely():
    table = ReportTable(
        kind="quarterly",
        title_lines=["Проверка <&>"],
        columns=[Column("А", 5), Column("Б", 5)],
        rows=[Row(group="Группа & «кавычки»"), Row(cells=("1.\x07", "<w:p>текст</w:p>\n«да»"))],
        filename="test",
    )
    document = docx.Document(io.BytesIO(render_docx(table)))
    cells = document.tables[0].rows[2].cells
    assert cells[0].text == "1."
    assert cells[1].text == "<w:p>текст</w:p>\n«да»"
    assert document.paragraphs[0].text == "Проверка <&>"


def test_empty_period_prints_the_header_and_says_nothing_was_held(db):
    data = render_docx(build_report("quarterly", year=2031, quarter=1))
    header, notice = docx.Document(io.BytesIO(data)).tables[0].rows
    assert header.cells[0].text == "№ п/п"
    assert {cell.text for cell in notice.cells} == {"Мероприятия не проводились"}


@pytest.mark.skipif(
    shutil.which("libreoffice") is None and not os.environ.get("REQUIRE_LIBREOFFICE"),
    reason="LibreOffice не установлен (CI ставит его и задаёт REQUIRE_LIBREOFFICE=1)",
)
@pytest.mark.parametrize("kind", ["plan", "quarterly", "roadmap"])
def test_libreoffice_converts_the_document_to_pdf(demo, tmp_path, kind):
    arguments = {
        "plan": {"year": 2022, "half": 2},
        "quarterly": {"year": 2020, "quarter": 3},
        "roadmap": {"year": 2022, "roadmap": demo["roadmap"]},
    }[kind]
    source = tmp_path / f"{kind}.docx"
    render_docx(build_report(kind, **arguments), source.open("wb"))
    result = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / f"{kind}.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 10_000


# Sequences from the WordprocessingML schema (ECMA-376, transitional) for the elements we write.
SCHEMA_ORDER = {
    "tblPr": [
        "tblStyle",
        "tblW",
        "jc",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ],
    "tcPr": ["tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "vAlign"],
    "trPr": ["cantSplit", "trHeight", "tblHeader"],
    "tbl": ["tblPr", "tblGrid", "tr"],
    "tc": ["tcPr", "p", "tbl"],
}


def test_table_elements_follow_the_schema_order_word_requires(demo):
    from lxml import etree

    data = render_docx(build_report("roadmap", year=2022, roadmap=demo["roadmap"]))
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    for parent, order in SCHEMA_ORDER.items():
        for element in root.iter(f"{W}{parent}"):
            names = [etree.QName(child).localname for child in element]
            positions = [order.index(name) for name in names if name in order]
            assert positions == sorted(positions), (parent, names)
            assert all(name in order for name in names), (parent, names)
