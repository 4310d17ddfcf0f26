"""XLSX: one sheet, written as SpreadsheetML text streamed into the zip.

openpyxl (even write-only) spends most of a large export creating cell objects, and its merged-
range bookkeeping is quadratic: 50,000 rows took 80–100 s against a 10 s budget. The sheet is
simple enough to write directly; openpyxl reads these files back in the tests. Every text is an
inline string, so nothing a department typed (= + - @ …) can become a formula.
"""

import zipfile

from django.utils import timezone
from openpyxl.utils import get_column_letter

from reports.renderers.layout import line_count, line_height
from reports.renderers.ooxml import (
    APPLICATION,
    HEAD,
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

SIZE = 12
# A column width counts characters of the default font (Times New Roman 12: a digit is 6 pt
# wide). LibreOffice sets a column exactly that wide; Excel adds a few pixels, so text wrapped
# to LibreOffice's width fits Excel too.
DIGIT_WIDTH_PT = SIZE / 2
CHARS_PER_CM = 72 / 2.54 / DIGIT_WIDTH_PT
CELL_PADDING_PT = 3  # left + right inside a cell
ROW_PADDING_PT = 3  # above and below the lines of a row
MAX_CELL_TEXT = 32767
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Cell formats (the order of <cellXfs> in STYLES).
DEFAULT, TITLE, HEADER, GROUP, DATA, NOTE, NOTICE = range(7)
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
    '<cellXfs count="7">'
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
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" '
    f'applyAlignment="1">{_CENTER}</xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = content_types(
    {
        "/xl/workbook.xml": f"{_SML}.sheet.main+xml",
        "/xl/worksheets/sheet1.xml": f"{_SML}.worksheet+xml",
        "/xl/styles.xml": f"{_SML}.styles+xml",
    }
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
    f'extended-properties"><Application>{APPLICATION}</Application></Properties>'
)


def _sheet_name(table):
    return {"plan": "План", "roadmap": "Дорожная карта"}.get(table.kind, "Отчет")


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


def height(lines):
    """Row height in points for `lines` lines of 12-pt text."""
    return round(lines * line_height(SIZE) + ROW_PADDING_PT, 2)


_END = object()
# Rows under an open vertical merge wait so that the last of them can grow if the merged text
# needs more room than they have; past this many they are written as they are.
_MAX_PENDING = 500


class _Sheet:
    def __init__(self, table):
        self.table = table
        self.width = len(table.columns)
        self.letters = [get_column_letter(i + 1) for i in range(self.width)]
        self.last = self.letters[-1]
        self.header_row = len(table.title_lines) + 2
        self.merges = []
        self.chars = [round(c.width_cm * CHARS_PER_CM, 2) for c in table.columns]
        self.text_widths = [c * DIGIT_WIDTH_PT - CELL_PADDING_PT for c in self.chars]
        self.full_width = sum(self.chars) * DIGIT_WIDTH_PT - CELL_PADDING_PT

    def lines(self, text, column=None, *, bold=False):
        width = self.full_width if column is None else self.text_widths[column]
        return line_count(text, width, SIZE, bold=bold) if text else 1

    def cell(self, column, row, text, style):
        ref = f"{self.letters[column]}{row}"
        if not text:
            return f'<c r="{ref}" s="{style}"/>'
        text = xml_text(_clean(text))
        return (
            f'<c r="{ref}" s="{style}" t="inlineStr">'
            f'<is><t xml:space="preserve">{text}</t></is></c>'
        )

    @staticmethod
    def row(number, cells, points):
        return f'<row r="{number}" ht="{points:g}" customHeight="1">{"".join(cells)}</row>'

    def full_row(self, number, text, style, *, bold):
        """A row merged across the table (title, group, notice, note), as tall as its text."""
        self.merges.append(f"A{number}:{self.last}{number}")
        cells = [self.cell(0, number, text, style)]
        if style in (GROUP, NOTICE):  # the fill and borders run across the whole merged row
            cells += [self.cell(c, number, "", style) for c in range(1, self.width)]
        return self.row(number, cells, height(self.lines(text, bold=bold)))

    def parts(self):
        table = self.table
        h = self.header_row
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{chars:g}" customWidth="1"/>'
            for i, chars in enumerate(self.chars, start=1)
        )
        yield (
            f'{HEAD}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{h}" topLeftCell="A{h + 1}" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
            f'</sheetViews><sheetFormatPr defaultRowHeight="{height(1):g}"/><cols>{cols}</cols>'
            "<sheetData>"
        )
        number = 0
        for line in table.title_lines:
            number += 1
            yield self.full_row(number, line, TITLE, bold=True)
        number += 2  # a blank row under the title
        lines = max(self.lines(c.caption, i, bold=True) for i, c in enumerate(table.columns))
        yield self.row(
            number,
            [self.cell(i, number, c.caption, HEADER) for i, c in enumerate(table.columns)],
            height(lines),
        )
        number = yield from self.data_rows(number)
        if table.notes:
            number += 1
            for note in table.notes:
                number += 1
                yield self.full_row(number, note, NOTE, bold=False)
        yield "</sheetData>"
        yield from self.tail()

    def data_rows(self, number):
        """The table's rows; returns the number of the last one."""
        pending = []  # [row number, height, cells] waiting while a vertical merge is open
        running = {}  # column → [first row number, index in pending, text] of an open merge

        def close(column):
            first, index, text = running.pop(column)
            last = pending[-1]
            self.merges.append(f"{self.letters[column]}{first}:{self.letters[column]}{last[0]}")
            need = height(self.lines(text, column))
            have = sum(entry[1] for entry in pending[index:])
            if need > have:
                last[1] += need - have

        def flush():
            rows = [self.row(n, cells, points) for n, points, cells in pending]
            pending.clear()
            for run in running.values():
                run[1] = 0
            return "".join(rows)

        for row, below in with_next(self.table.rows, _END):
            number += 1
            if row.is_group:
                yield self.full_row(number, row.group, GROUP, bold=True)
                continue
            if row.is_notice:
                yield self.full_row(number, row.notice, NOTICE, bold=False)
                continue
            continues = below.merged_up if below is not _END and below.cells else frozenset()
            own = [1]
            for column, text in enumerate(row.cells):
                if column in row.merged_up:
                    continue
                if column in continues:
                    running[column] = [number, len(pending), text]
                else:
                    own.append(self.lines(text, column))
            cells = [self.cell(i, number, text, DATA) for i, text in enumerate(row.cells)]
            pending.append([number, height(max(own)), cells])
            for column in [c for c in running if c not in continues]:
                close(column)
            if not running or len(pending) >= _MAX_PENDING:
                yield flush()
        if pending:
            yield flush()
        return number

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
    now = timezone.now()
    sheet = _Sheet(table)
    target, buffer = open_target(out)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        write_entry(archive, "[Content_Types].xml", CONTENT_TYPES, now)
        write_entry(archive, "_rels/.rels", ROOT_RELS, now)
        write_entry(archive, "docProps/core.xml", core_properties(table.title, now), now)
        write_entry(archive, "docProps/app.xml", APP, now)
        write_entry(archive, "xl/workbook.xml", _workbook(table, sheet.header_row), now)
        write_entry(archive, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS, now)
        write_entry(archive, "xl/styles.xml", STYLES, now)
        write_streamed(archive, "xl/worksheets/sheet1.xml", sheet.parts(), now)
    if buffer is None:
        return None
    if out is not None:
        out.write(buffer.getvalue())
        return None
    return buffer.getvalue()
