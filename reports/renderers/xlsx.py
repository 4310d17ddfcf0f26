"""XLSX: one sheet, written as SpreadsheetML text streamed into the zip.

openpyxl (even write-only) spends most of a large export creating cell objects, and its merged-
range bookkeeping is quadratic: 50,000 rows took 80–100 s against a 10 s budget. The sheet is
simple enough to write directly; openpyxl reads these files back in the tests. Every text is an
inline string, so nothing a department typed (= + - @ …) can become a formula.
"""

import zipfile

from django.utils import timezone
from openpyxl.utils import get_column_letter

from reports.renderers.layout import line_count, line_height, wrap
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
# wide). LibreOffice sets a column exactly that wide; Excel adds about 5 pixels, so text wrapped
# to LibreOffice's width fits Excel too. 4.65 characters a centimetre keeps the 25.7 cm of
# columns within the printable width of A4 landscape in both (717 pt and 747 pt of 756 pt).
DIGIT_WIDTH_PT = SIZE / 2
CHARS_PER_CM = 4.65
# A4 landscape (595 pt tall) less the 0.6-inch top and bottom margins.
PAGE_BODY_PT = 595 - 2 * 0.6 * 72
# A spreadsheet cannot break a row across pages: the print is scaled down so that the tallest
# row fits under the repeated header, but not below this, where text gets too small to read.
MIN_SCALE = 60
FULL_ROW_FILL = 0.95
PAGE_FILL = 0.98  # of a page's height the planned page breaks fill at most
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
        self.header_height = 0.0
        self.tallest = 0.0
        self.layout = []  # (row number, height, kind) of every row below the header
        self.runs = {}  # first row → last row of each vertical merge

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

    def row(self, number, cells, points, kind="row"):
        if number > self.header_row:
            # A group row stays with the row under it: the two count as one for the scale.
            above = self.layout[-1][1] if self.layout and self.layout[-1][2] == "group" else 0
            self.tallest = max(self.tallest, above + points)
            self.layout.append((number, points, kind))
        return f'<row r="{number}" ht="{points:g}" customHeight="1">{"".join(cells)}</row>'

    def scale(self):
        """Print scale in per cent: 100 unless the tallest row (with the group row over it)
        needs less to fit a page under the header."""
        room = PAGE_BODY_PT * PAGE_FILL
        need = self.header_height + self.tallest
        if need <= room:
            return 100
        return max(MIN_SCALE, int(100 * room / need))

    def full_row(self, number, text, style, *, bold):
        """A row merged across the table (title, group, notice, note), as tall as its text.

        Its lines are broken here, a little short of the full width, and written with line
        breaks: spreadsheets break "2021-2023" after the hyphen, documents must not.
        """
        self.merges.append(f"A{number}:{self.last}{number}")
        lines = wrap(text, self.full_width * FULL_ROW_FILL, SIZE, bold=bold, at_hyphens=False)
        cells = [self.cell(0, number, "\n".join(lines), style)]
        if style in (GROUP, NOTICE):  # the fill and borders run across the whole merged row
            cells += [self.cell(c, number, "", style) for c in range(1, self.width)]
        return self.row(number, cells, height(len(lines)), "group" if style == GROUP else "row")

    def page_breaks(self, scale):
        """Where pages end (the last row of each page), so that a group row is never left at
        the foot of a page and rows under one merged cell stay together where a page can hold
        them. Spreadsheets have no "keep with next": every break is set here, from the row
        heights the sheet states, with a little room to spare so that no suite adds its own."""
        room = PAGE_BODY_PT * 100 / scale * PAGE_FILL
        used = height(1) * (len(self.table.title_lines) + 1) + self.header_height
        breaks, on_page = [], 0
        for i, (number, points, _) in enumerate(self.layout):
            if on_page and used + self._kept(i, room) > room:
                breaks.append(number - 1)
                used, on_page = self.header_height, 0
            used += points
            on_page += 1
        return breaks

    def _kept(self, i, room):
        """The height that must fit on the page for row `i` to start there: a group row with the
        row it heads; a row opening a merged cell with the rows under that cell, if they fit."""
        layout = self.layout
        first = i + 1 if layout[i][2] == "group" and i + 1 < len(layout) else i
        need = sum(entry[1] for entry in layout[i : first + 1])
        last = self.runs.get(layout[first][0])
        if last is not None:
            end = first + (last - layout[first][0])  # rows of a run are consecutive
            run = sum(entry[1] for entry in layout[i : end + 1])
            if run <= room - self.header_height:
                need = run
        return need

    def parts(self):
        table = self.table
        h = self.header_row
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{chars:g}" customWidth="1"/>'
            for i, chars in enumerate(self.chars, start=1)
        )
        yield (
            f'{HEAD}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
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
        self.header_height = height(lines)
        yield self.row(
            number,
            [self.cell(i, number, c.caption, HEADER) for i, c in enumerate(table.columns)],
            self.header_height,
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
            self.runs[first] = max(self.runs.get(first, first), last[0])
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
        # Runs after the rows were written: only then are all merged ranges and heights known.
        if self.merges:
            yield f'<mergeCells count="{len(self.merges)}">'
            yield "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            yield "</mergeCells>"
        scale = self.scale()
        yield (
            '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.6" right="0.6" top="0.6" bottom="0.6" header="0.3" '
            f'footer="0.3"/><pageSetup paperSize="9" scale="{scale}" '
            'orientation="landscape"/><headerFooter><oddFooter>&amp;C&amp;P</oddFooter>'
            "</headerFooter>"
        )
        if breaks := self.page_breaks(scale):
            yield f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">'
            yield "".join(f'<brk id="{row}" max="16383" man="1"/>' for row in breaks)
            yield "</rowBreaks>"
        yield "</worksheet>"


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
