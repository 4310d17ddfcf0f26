"""The neutral table every report is built into and every renderer (HTML, DOCX, XLSX) draws.

Rows are an iterable so that a 50,000-row export streams from the database to the file without
holding the whole report in memory. A vertically merged cell is written once; the rows below it
list that column in `merged_up` ("continues the cell above") and carry an empty text there.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from cooperation.text import collapse_spaces


@dataclass(frozen=True)
class Column:
    caption: str
    width_cm: float


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...] = ()
    group: str | None = None  # a heading row across the full width (department, section)
    merged_up: frozenset[int] = frozenset()
    notice: str | None = None  # a plain row across the full width: «Мероприятия не проводились»

    @property
    def is_group(self):
        return self.group is not None

    @property
    def is_notice(self):
        return self.notice is not None


@dataclass
class ReportTable:
    kind: str
    title_lines: list[str]
    columns: list[Column]
    rows: Iterable[Row]
    filename: str  # without extension, in Russian: "Отчет_о_реализации_соглашений_III_квартал_2020"
    notes: list[str] = field(default_factory=list)  # printed under the table
    is_draft: bool = False

    @property
    def title(self):
        return collapse_spaces(" ".join(self.title_lines))

    def materialize(self):
        """Rows as a list, for renderers that need to look ahead (HTML rowspans)."""
        if not isinstance(self.rows, list):
            self.rows = list(self.rows)
        return self.rows


def with_rowspans(rows: Iterable[Row]) -> list[tuple[Row, list[int]]]:
    """Each row with, per column, how many rows its cell spans (0 where covered from above).

    One backward pass: a cell spans itself plus the unbroken run of continuations below it.
    """
    rows = list(rows)
    out = []
    run_below = {}
    for row in reversed(rows):
        if not row.cells:  # a group or notice row across the full width
            run_below = {}
            out.append((row, []))
            continue
        spans = []
        for column in range(len(row.cells)):
            spans.append(0 if column in row.merged_up else 1 + run_below.get(column, 0))
        run_below = {
            column: run_below.get(column, 0) + 1 if column in row.merged_up else 0
            for column in range(len(row.cells))
        }
        out.append((row, spans))
    out.reverse()
    return out
