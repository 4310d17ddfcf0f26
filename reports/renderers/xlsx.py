"""XLSX: one sheet in openpyxl's write-only mode, so rows stream to the file as they are built."""

import io
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

# Excel column width is in characters of the default font; ~4.6 per cm for 11 pt Calibri.
CHARS_PER_CM = 4.6
MAX_CELL_TEXT = 32767
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="Times New Roman", size=12)
_BOLD = Font(name="Times New Roman", size=12, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


def _clean(text):
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


class _Cells:
    """Cells are cloned from styled prototypes: setting fonts per cell is the slow part."""

    def __init__(self, ws):
        self.ws = ws
        self.prototypes = {}
        for name, font, alignment, border, fill in [
            ("title", _BOLD, _CENTER, None, None),
            ("header", _BOLD, _CENTER, _BORDER, None),
            ("group", _BOLD, _CENTER, _BORDER, _GROUP_FILL),
            ("data", _FONT, _WRAP, _BORDER, None),
            ("note", _FONT, Alignment(wrap_text=True, vertical="top"), None, None),
        ]:
            cell = WriteOnlyCell(ws)
            cell.font, cell.alignment = font, alignment
            if border:
                cell.border = border
            if fill:
                cell.fill = fill
            self.prototypes[name] = cell._style

    def __call__(self, text, kind="data"):
        cell = WriteOnlyCell(self.ws, value=_clean(text) if text else None)
        # Text that begins with = + - @ stays text: a report cell is never a formula.
        if text:
            cell.data_type = "s"
        cell._style = copy(self.prototypes[kind])
        return cell


def _sheet_title(table):
    return {"plan": "План", "roadmap": "Дорожная карта"}.get(table.kind, "Отчет")


def render_xlsx(table, out=None):
    """Write the workbook to `out` (a binary file) or return its bytes."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_sheet_title(table))
    width = len(table.columns)
    last = get_column_letter(width)
    for index, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(
            column.width_cm * CHARS_PER_CM, 1
        )
    header_row = len(table.title_lines) + 2
    # Write-only sheets write their views and print set-up before the first row.
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.HeaderFooter.oddFooter.center.text = "&P"
    cell = _Cells(ws)
    merges = ws.merged_cells

    row_number = 0
    for line in table.title_lines:
        row_number += 1
        ws.append([cell(line, "title")])
        merges.add(CellRange(f"A{row_number}:{last}{row_number}"))
    ws.append([])
    row_number += 1
    ws.append([cell(c.caption, "header") for c in table.columns])
    row_number += 1
    open_merges = {}  # column → first row of a vertical merge still running

    def close(column, upto):
        start = open_merges.pop(column, None)
        if start is not None and upto > start:
            letter = get_column_letter(column + 1)
            merges.add(CellRange(f"{letter}{start}:{letter}{upto}"))

    for row in table.rows:
        row_number += 1
        if row.is_group:
            for column in list(open_merges):
                close(column, row_number - 1)
            ws.append([cell(row.group, "group")] + [cell("", "group")] * (width - 1))
            merges.add(CellRange(f"A{row_number}:{last}{row_number}"))
            continue
        for column in range(width):
            if column not in row.merged_up:
                close(column, row_number - 1)
                open_merges[column] = row_number
        ws.append([cell(text) for text in row.cells])
    for column in list(open_merges):
        close(column, row_number)
    if table.notes:
        ws.append([])
        for note in table.notes:
            row_number += 1
            ws.append([cell(note, "note")])
    if out is not None:
        workbook.save(out)
        return None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
