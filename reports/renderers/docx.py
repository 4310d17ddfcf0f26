"""DOCX: A4 landscape, Times New Roman 12, the oblast's table layout.

python-docx builds the skeleton (page, styles, title, footer); the table itself is written as
WordprocessingML text and parsed once with lxml. Building it through python-docx's add_row and
cell.text costs ~5.6 s per 5,000 rows, table.cell() is quadratic; this path is a fraction of that
(see `make bench`).
"""

import io
import re
from itertools import pairwise
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 567
FONT = "Times New Roman"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_END = object()
_CELL_MARGINS = (
    '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
)


def _paragraphs(text, *, bold=False, center=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for line in _ILLEGAL_XML.sub("", text).split("\n"):
        if line:
            out.append(
                f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
            )
        else:
            out.append(f"<w:p>{ppr}</w:p>")
    return "".join(out)


def _cell(width, body, *, merge=None, span=1):
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def _rows_xml(table, widths):
    total = sum(widths)
    header = "".join(
        _cell(w, _paragraphs(c.caption, bold=True, center=True))
        for w, c in zip(widths, table.columns, strict=True)
    )
    yield f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>"
    # One row of look-ahead tells whether a cell starts a vertical merge.
    for row, below in pairwise([*table.rows, _END]):
        if row.is_group:
            body = _paragraphs(row.group, bold=True, center=True)
            yield f"<w:tr>{_cell(total, body, span=len(widths))}</w:tr>"
            continue
        continues = below.merged_up if below is not _END and not below.is_group else frozenset()
        cells = []
        for column, (width, text) in enumerate(zip(widths, row.cells, strict=True)):
            if column in row.merged_up:
                cells.append(_cell(width, "<w:p/>", merge="continue"))
            else:
                merge = "restart" if column in continues else None
                cells.append(_cell(width, _paragraphs(text), merge=merge))
        yield f"<w:tr>{''.join(cells)}</w:tr>"


def _table_element(table):
    # Child order follows the OOXML schema (tblW, tblBorders, tblLayout, tblCellMar, tblLook):
    # Word offers to "repair" a document whose elements are out of order.
    widths = [round(c.width_cm * TWIPS_PER_CM) for c in table.columns]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xml = (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>{_CELL_MARGINS}'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(_rows_xml(table, widths))}</w:tbl>"
    )
    return etree.fromstring(xml.encode("utf-8"), etree.XMLParser(huge_tree=True))


def _setup_styles(document):
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = normal.element.get_or_add_rPr().find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(normal.element.get_or_add_rPr(), qn("w:lang"))
    lang.set(qn("w:val"), "ru-RU")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _setup_page(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = etree.SubElement(footer._p, qn("w:fldSimple"))
    field.set(qn("w:instr"), "PAGE")
    run = etree.SubElement(field, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "1"


def render_docx(table, out=None):
    """Write the document to `out` (a binary file) or return its bytes."""
    document = docx.Document()
    _setup_styles(document)
    _setup_page(document)
    document.core_properties.title = table.title
    document.core_properties.author = "Портал межрегионального сотрудничества"
    for line in table.title_lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    anchor = document.add_paragraph()
    anchor._p.addnext(_table_element(table))
    # Word wants a paragraph after a table; the notes (or an empty one) stand there.
    for note in table.notes or [""]:
        document.add_paragraph(note)
    if out is not None:
        document.save(out)
        return None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
