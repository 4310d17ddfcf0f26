"""XLSX: one sheet, written as SpreadsheetML text streamed into the zip.

openpyxl (even write-only) spends most of a large export creating cell objects, and its merged-
range bookkeeping is quadratic: 50,000 rows took 80–100 s against a 10 s budget. The sheet is
simple enough to write directly; openpyxl reads these files back in the tests. Every text is an
inline string, so nothing a department typed (= + - @ …) can become a formula.
"""

import zipfile
from itertools import chain

from openpyxl.utils import get_column_letter

from reports.renderers.ooxml import open_target, write_entry, write_streamed, xml_text

# Excel column width is in characters of the default font; ~4.6 per cm for 12 pt Times.
CHARS_PER_CM = 4.6
MAX_CELL_TEXT = 32767
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Cell formats (the order of <cellXfs> in STYLES).
DEFAULT, TITLE, HEADER, GROUP, DATA, NOTE = range(6)
_CENTER = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
_TOP = '<alignment vertical="top" wrapText="1"/>'
_THIN = '<{0} style="thin"><color rgb="FF000000"/></{0}>'
STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="2">'
    '<font><sz val="12"/><name val="Times New Roman"/><family val="1"/></font>'
    '<font><b/><sz val="12"/><name val="Times New Roman"/><family val="1"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>'
    + "".join(_THIN.format(side) for side in ("left", "right", "top", "bottom"))
    + "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    f'applyAlignment="1">{_CENTER}</xf>'
    f'<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" '
    f'applyBorder="1" applyAlignment="1">{_CENTER}</xf>'
    f'<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    f'applyBorder="1" applyAlignment="1">{_CENTER}</xf>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" '
    f'applyAlignment="1">{_TOP}</xf>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{_TOP}</xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
CONTENT_TYPES = (
    f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/></Types>'
)
ROOT_RELS = (
    f'{HEAD}<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    f'{HEAD}<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>'
)
APP = (
    f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>Портал межрегионального сотрудничества</Application>'
    "</Properties>"
)


def _sheet_name(table):
    return {"plan": "План", "roadmap": "Дорожная карта"}.get(table.kind, "Отчет")


def _core(table):
    return (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{xml_text(table.title)}</dc:title>"
        "<dc:creator>Портал межрегионального сотрудничества</dc:creator></cp:coreProperties>"
    )


def _workbook(table, header_row):
    name = xml_text(_sheet_name(table))
    return (
        f'{HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><bookViews><workbookView/>'
        f'</bookViews><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"'{name}'!${header_row}:${header_row}</definedName></definedNames></workbook>"
    )


def _clean(text):
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


class _Sheet:
    def __init__(self, table):
        self.table = table
        self.width = len(table.columns)
        self.letters = [get_column_letter(i + 1) for i in range(self.width)]
        self.last = self.letters[-1]
        self.header_row = len(table.title_lines) + 2
        self.merges = []

    def cell(self, column, row, text, style):
        ref = f"{self.letters[column]}{row}"
        if not text:
            return f'<c r="{ref}" s="{style}"/>'
        text = xml_text(_clean(text))
        return (
            f'<c r="{ref}" s="{style}" t="inlineStr">'
            f'<is><t xml:space="preserve">{text}</t></is></c>'
        )

    def full_row(self, number, text, style):
        self.merges.append(f"A{number}:{self.last}{number}")
        cells = [self.cell(0, number, text, style)]
        if style == GROUP:  # the fill and borders run across the whole merged row
            cells += [self.cell(c, number, "", style) for c in range(1, self.width)]
        return f'<row r="{number}">{"".join(cells)}</row>'

    def parts(self):
        table, width = self.table, self.width
        h = self.header_row
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{c.width_cm * CHARS_PER_CM:.1f}" customWidth="1"/>'
            for i, c in enumerate(table.columns, start=1)
        )
        yield (
            f'{HEAD}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{h}" topLeftCell="A{h + 1}" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
            f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        )
        number = 0
        for line in table.title_lines:
            number += 1
            yield self.full_row(number, line, TITLE)
        number += 2  # a blank row under the title
        yield (
            f'<row r="{number}">'
            + "".join(self.cell(i, number, c.caption, HEADER) for i, c in enumerate(table.columns))
            + "</row>"
        )
        running = {}  # column → first row of a vertical merge still open

        def close(column, upto):
            start = running.pop(column, None)
            if start is not None and upto > start:
                letter = self.letters[column]
                self.merges.append(f"{letter}{start}:{letter}{upto}")

        for row in table.rows:
            number += 1
            if row.is_group:
                for column in list(running):
                    close(column, number - 1)
                yield self.full_row(number, row.group, GROUP)
                continue
            for column in range(width):
                if column not in row.merged_up:
                    close(column, number - 1)
                    running[column] = number
            yield (
                f'<row r="{number}">'
                + "".join(self.cell(i, number, text, DATA) for i, text in enumerate(row.cells))
                + "</row>"
            )
        for column in list(running):
            close(column, number)
        if table.notes:
            number += 1
            for note in table.notes:
                number += 1
                yield f'<row r="{number}">{self.cell(0, number, note, NOTE)}</row>'
        yield "</sheetData>"
        yield from self.tail()

    def tail(self):
        # Runs after the rows were written: only then are all merged ranges known.
        if self.merges:
            yield f'<mergeCells count="{len(self.merges)}">'
            yield "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            yield "</mergeCells>"
        yield (
            '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.6" right="0.6" top="0.6" bottom="0.6" header="0.3" '
            'footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
            'fitToHeight="0"/><headerFooter><oddFooter>&amp;C&amp;P</oddFooter></headerFooter>'
            "</worksheet>"
        )


def render_xlsx(table, out=None):
    """Write the workbook to `out` (a binary file or response) or return its bytes."""
    sheet = _Sheet(table)
    target, buffer = open_target(out)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        write_entry(archive, "[Content_Types].xml", CONTENT_TYPES)
        write_entry(archive, "_rels/.rels", ROOT_RELS)
        write_entry(archive, "docProps/core.xml", _core(table))
        write_entry(archive, "docProps/app.xml", APP)
        write_entry(archive, "xl/workbook.xml", _workbook(table, sheet.header_row))
        write_entry(archive, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        write_entry(archive, "xl/styles.xml", STYLES)
        write_streamed(archive, "xl/worksheets/sheet1.xml", chain(sheet.parts()))
    if buffer is None:
        return None
    if out is not None:
        out.write(buffer.getvalue())
        return None
    return buffer.getvalue()
