"""DOCX: A4 landscape, Times New Roman 12, the oblast's table layout.

python-docx builds the skeleton (page, styles, title, footer, notes) around a placeholder
paragraph; the table is then streamed as WordprocessingML text straight into word/document.xml in
its place. python-docx's add_row/cell.text costs ~5.6 s per 5,000 rows and table.cell() is
quadratic; moving a parsed table tree into the document is quadratic too. Streaming keeps time
linear and memory flat (see `make bench`).
"""

import io
import zipfile
from itertools import chain

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from reports.renderers.ooxml import open_target, with_next, write_entry, write_streamed, xml_text

TWIPS_PER_CM = 567
FONT = "Times New Roman"
_PLACEHOLDER = "@@REPORT-TABLE-PLACEHOLDER@@"
_END = object()
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_CELL_MARGINS = (
    '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
)


def _paragraphs(text, *, bold=False, center=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for line in text.split("\n"):
        if line:
            out.append(
                f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{xml_text(line)}</w:t></w:r></w:p>'
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


def _table_parts(table):
    """The table as text, row by row. Child order follows the OOXML schema (tblW, tblBorders,
    tblLayout, tblCellMar, tblLook): Word offers to "repair" a file whose order is wrong."""
    widths = [round(c.width_cm * TWIPS_PER_CM) for c in table.columns]
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    yield (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>{_CELL_MARGINS}'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    )
    header = "".join(
        _cell(w, _paragraphs(c.caption, bold=True, center=True))
        for w, c in zip(widths, table.columns, strict=True)
    )
    yield f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>"
    # One row of look-ahead tells whether a cell starts a vertical merge.
    for row, below in with_next(table.rows, _END):
        if row.is_group:
            body = _paragraphs(row.group, bold=True, center=True)
            yield f"<w:tr>{_cell(total, body, span=len(widths))}</w:tr>"
            continue
        continues = below.merged_up if below is not _END and not below.is_group else ()
        cells = []
        for column, (width, text) in enumerate(zip(widths, row.cells, strict=True)):
            if column in row.merged_up:
                cells.append(_cell(width, "<w:p/>", merge="continue"))
            else:
                merge = "restart" if column in continues else None
                cells.append(_cell(width, _paragraphs(text), merge=merge))
        yield f"<w:tr>{''.join(cells)}</w:tr>"
    yield "</w:tbl>"


def _setup_styles(document):
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
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


def _skeleton(table):
    document = docx.Document()
    _setup_styles(document)
    _setup_page(document)
    document.core_properties.title = table.title
    document.core_properties.author = "Портал межрегионального сотрудничества"
    for line in table.title_lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    document.add_paragraph()
    document.add_paragraph(_PLACEHOLDER)
    # Word wants a paragraph after a table; the notes (or an empty one) stand there.
    for note in table.notes or [""]:
        document.add_paragraph(note)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer


def render_docx(table, out=None):
    """Write the document to `out` (a binary file or response) or return its bytes."""
    target, buffer = open_target(out)
    with (
        zipfile.ZipFile(_skeleton(table)) as skeleton,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in skeleton.infolist():
            data = skeleton.read(info)
            if info.filename != "word/document.xml":
                write_entry(archive, info.filename, data)
                continue
            xml = data.decode("utf-8")
            marker = xml.index(_PLACEHOLDER)
            start = max(xml.rfind("<w:p>", 0, marker), xml.rfind("<w:p ", 0, marker))
            end = xml.index("</w:p>", marker) + len("</w:p>")
            write_streamed(
                archive, info.filename, chain([xml[:start]], _table_parts(table), [xml[end:]])
            )
    if buffer is None:
        return None
    if out is not None:
        out.write(buffer.getvalue())
        return None
    return buffer.getvalue()
