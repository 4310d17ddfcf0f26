"""DOCX: A4 landscape, Times New Roman 12, the oblast's table layout.

The package is written part by part as WordprocessingML text, the body streamed straight into
word/document.xml: python-docx's add_row/cell.text costs ~5.6 s per 5,000 rows and its template
carries another program's leftovers (Word 2010 compatibility mode, a 2013 creation date, a
thumbnail, unused parts). Streaming keeps time linear and memory flat (see `make bench`).

Printing rules the layout follows: Russian (ru-RU) text with automatic hyphenation, except in
the header, titles and group rows, whose words are never split; the header repeats on every page
and its cells are centred vertically; a row never breaks across pages unless it is taller than
a page; a group row (department, roadmap section) keeps with the row after it.

Child elements follow the order of the OOXML schema (ECMA-376): Word offers to "repair" a file
whose order is wrong.
"""

import re
import zipfile

from django.utils import timezone

from reports.renderers.layout import at_most, line_count, line_height
from reports.renderers.ooxml import (
    APPLICATION,
    HEAD,
    LANGUAGE,
    PKG_REL_NS,
    REL_NS,
    content_types,
    core_properties,
    open_target,
    with_next,
    write_entry,
    write_streamed,
    xml_text,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 567
FONT = "Times New Roman"
SIZE = 12
GROUP_FILL = "F2F2F2"  # the same grey as the XLSX group rows
CELL_MARGIN = 57  # twips, left and right of every cell
# A4 landscape, 2 cm side margins, 1.5 cm top and bottom.
PAGE_WIDTH, PAGE_HEIGHT = 16838, 11906
MARGIN_SIDE, MARGIN_TOP = 1134, 851
BODY_HEIGHT_PT = (PAGE_HEIGHT - 2 * MARGIN_TOP) / 20

_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_CELL_MARGINS = (
    f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
    f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
)
# A hyphen between digits ("2021-2023", "17-18 сентября") must not end a line.
_DIGIT_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")

_FONTS = (
    f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    f'<w:sz w:val="{SIZE * 2}"/><w:szCs w:val="{SIZE * 2}"/>'
    f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>'
)
_SINGLE_SPACING = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
STYLES = (
    f'{HEAD}<w:styles xmlns:w="{W_NS}">'
    f"<w:docDefaults><w:rPrDefault><w:rPr>{_FONTS}</w:rPr></w:rPrDefault>"
    f"<w:pPrDefault><w:pPr>{_SINGLE_SPACING}</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    f"<w:qFormat/><w:pPr>{_SINGLE_SPACING}</w:pPr><w:rPr>{_FONTS}</w:rPr></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    "</w:styles>"
)
# Current Word (compatibility mode 15: Word 2013 and later), Russian hyphenation and separators.
SETTINGS = (
    f'{HEAD}<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/><w:autoHyphenation/>'
    '<w:hyphenationZone w:val="357"/><w:doNotHyphenateCaps/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    + "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" '
        f'w:val="{value}"/>'
        for name, value in (
            ("compatibilityMode", 15),
            ("overrideTableStyleFontSizeAndJustification", 1),
            ("enableOpenTypeFeatures", 1),
            ("doNotFlipMirrorIndents", 1),
            ("differentiateMultirowTableHeaders", 1),
        )
    )
    + f'</w:compat><w:themeFontLang w:val="{LANGUAGE}"/><w:decimalSymbol w:val=","/>'
    '<w:listSeparator w:val=";"/></w:settings>'
)
FONT_TABLE = (
    f'{HEAD}<w:fonts xmlns:w="{W_NS}"><w:font w:name="{FONT}">'
    '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="CC"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)
FOOTER = (
    f'{HEAD}<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>'
)
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPES = content_types(
    {
        "/word/document.xml": f"{_WML}.document.main+xml",
        "/word/styles.xml": f"{_WML}.styles+xml",
        "/word/settings.xml": f"{_WML}.settings+xml",
        "/word/fontTable.xml": f"{_WML}.fontTable+xml",
        "/word/footer1.xml": f"{_WML}.footer+xml",
    }
)
ROOT_RELS = (
    f'{HEAD}<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    f'{HEAD}<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL_NS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{REL_NS}/footer" Target="footer1.xml"/></Relationships>'
)
APP = (
    f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    f'extended-properties"><Application>{APPLICATION}</Application></Properties>'
)
SECTION = (
    '<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>'
    f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}" w:orient="landscape"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_SIDE}" w:bottom="{MARGIN_TOP}" '
    f'w:left="{MARGIN_SIDE}" w:header="567" w:footer="425" w:gutter="0"/>'
    '<w:cols w:space="708"/></w:sectPr>'
)


def _run_content(line):
    if not line:
        return ""
    if "-" not in line:
        return f'<w:t xml:space="preserve">{xml_text(line)}</w:t>'
    parts = _DIGIT_HYPHEN.split(line)
    return "<w:noBreakHyphen/>".join(
        f'<w:t xml:space="preserve">{xml_text(part)}</w:t>' if part else "" for part in parts
    )


def paragraph(text, *, bold=False, center=False, keep_next=False, hyphenate=True):
    """One paragraph; each line break of the text is a <w:br/>, no-break spaces stay."""
    props = ""
    if keep_next:
        props += "<w:keepNext/>"
    if not hyphenate:
        props += "<w:suppressAutoHyphens/>"
    if center:
        props += '<w:jc w:val="center"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    if not text:
        return f"<w:p>{ppr}</w:p>"
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    body = "<w:br/>".join(_run_content(line) for line in text.split("\n"))
    return f"<w:p>{ppr}<w:r>{rpr}{body}</w:r></w:p>"


def _cell(width, body, *, merge=None, span=1, fill=None, middle=False):
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if middle:
        props += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def _row(cells, *, cant_split=True, header=False):
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


class _Heights:
    """Estimated row heights in points, to know which rows are taller than a page."""

    def __init__(self, widths):
        self.text_widths = [(w - 2 * CELL_MARGIN) / 20 for w in widths]

    def of(self, texts, *, bold=False, hyphenate=False):
        lines = max(
            (
                line_count(text, width, SIZE, bold=bold, hyphenate=hyphenate)
                for text, width in texts
                if text
            ),
            default=1,
        )
        return lines * line_height(SIZE) + 1

    def fits(self, texts, room):
        """Whether the row fits in `room` points: each cell first by the fast estimate without
        hyphenation (which errs long), then, only if that is too tall, with it."""
        most = int((room - 1) / line_height(SIZE))
        return all(
            at_most(text, width, most, SIZE)
            or line_count(text, width, SIZE, hyphenate=True) <= most
            for text, width in texts
        )

    def full(self, text, *, bold=False):
        return self.of([(text, sum(self.text_widths))], bold=bold)

    def header(self, columns):
        return self.of(zip((c.caption for c in columns), self.text_widths, strict=True), bold=True)


def _table_parts(table):
    """The table as text, row by row."""
    widths = [round(c.width_cm * TWIPS_PER_CM) for c in table.columns]
    total = sum(widths)
    heights = _Heights(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    yield (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>{_CELL_MARGINS}'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    )
    header = [
        _cell(w, paragraph(c.caption, bold=True, center=True, hyphenate=False), middle=True)
        for w, c in zip(widths, table.columns, strict=True)
    ]
    yield _row(header, header=True)
    # A row may break across pages only when it would not fit on one under the repeated header
    # (and under its group row, which keeps with it: else the group row is left alone on a page).
    room = BODY_HEIGHT_PT - heights.header(table.columns)
    above = 0.0  # the height of the group row just above, if any
    # One row of look-ahead tells whether a cell starts a vertical merge.
    for row, below in with_next(table.rows, _END):
        if row.is_group:
            body = paragraph(row.group, bold=True, center=True, keep_next=True, hyphenate=False)
            yield _row([_cell(total, body, span=len(widths), fill=GROUP_FILL)])
            above = heights.full(row.group, bold=True)
            continue
        if row.is_notice:
            body = paragraph(row.notice, center=True, hyphenate=False)
            yield _row([_cell(total, body, span=len(widths))])
            continue
        continues = below.merged_up if below is not _END and below.cells else ()
        cells, own = [], []
        for column, (width, text) in enumerate(zip(widths, row.cells, strict=True)):
            if column in row.merged_up:
                cells.append(_cell(width, "<w:p/>", merge="continue"))
                continue
            merge = "restart" if column in continues else None
            cells.append(_cell(width, paragraph(text), merge=merge))
            if merge is None:  # a merged cell's text spreads over the rows it spans
                own.append((text, heights.text_widths[column]))
        yield _row(cells, cant_split=heights.fits(own, room - above))
        above = 0.0
    yield "</w:tbl>"


_END = object()


def _document_parts(table):
    yield (
        f'{HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{REL_NS}"><w:body>'
        + "".join(
            paragraph(line, bold=True, center=True, keep_next=True, hyphenate=False)
            for line in table.title_lines
        )
        + paragraph("", keep_next=True)
    )
    yield from _table_parts(table)
    # Word wants a paragraph after a table: an empty one, then the notes if any.
    yield "".join(paragraph(note) for note in ["", *table.notes])
    yield f"{SECTION}</w:body></w:document>"


def render_docx(table, out=None):
    """Write the document to `out` (a binary file or response) or return its bytes."""
    now = timezone.now()
    target, buffer = open_target(out)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        write_entry(archive, "[Content_Types].xml", CONTENT_TYPES, now)
        write_entry(archive, "_rels/.rels", ROOT_RELS, now)
        write_entry(archive, "docProps/core.xml", core_properties(table.title, now), now)
        write_entry(archive, "docProps/app.xml", APP, now)
        write_streamed(archive, "word/document.xml", _document_parts(table), now)
        write_entry(archive, "word/_rels/document.xml.rels", DOCUMENT_RELS, now)
        write_entry(archive, "word/styles.xml", STYLES, now)
        write_entry(archive, "word/settings.xml", SETTINGS, now)
        write_entry(archive, "word/fontTable.xml", FONT_TABLE, now)
        write_entry(archive, "word/footer1.xml", FOOTER, now)
    if buffer is None:
        return None
    if out is not None:
        out.write(buffer.getvalue())
        return None
    return buffer.getvalue()
