"""A reader for the seed documents (text taken from the original Word tables).

Tests compare the database and the generated documents with these files, not with our own
fixtures, so a transcription slip in fixtures/ cannot hide.

In the text a table cell starts on a line whose leading whitespace holds a tab; the lines after it
without a tab continue the cell. A numbered first cell starts a row; a lone cell between rows is a
group heading (a department or a roadmap section); an empty first cell continues the row above
(a vertically merged cell in Word).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from cooperation.text import collapse_spaces

SEEDS_DIR = Path(__file__).resolve().parent / "data" / "seeds"
PLAN = "000_ec1144dae568af96.txt"
QUARTERLY = "002_0e8e40957397a159.txt"
ROADMAP = "003_04889e5126733767.txt"

_CELL_START = re.compile(r"^[ \xa0]*\t")
_ROW_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")


@dataclass
class SeedRow:
    cells: list[str]
    group: str
    continuations: list[list[str]] = field(default_factory=list)


@dataclass
class SeedTable:
    title: str
    header: list[str]
    rows: list[SeedRow]
    groups: list[str]


def _cells(text):
    title_lines, cells, current = [], [], None
    for line in text.splitlines():
        if _CELL_START.match(line):
            if current is not None:
                cells.append(current)
            current = [line.split("\t", 1)[1]]
        elif current is None:
            title_lines.append(line)
        else:
            current.append(line)
    if current is not None:
        cells.append(current)
    return collapse_spaces(" ".join(title_lines)), ["\n".join(c).strip() for c in cells]


def read_table(name, columns):
    raw = (SEEDS_DIR / name).read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    title, cells = _cells(raw)
    header, cells = cells[:columns], cells[columns:]
    rows, groups, group, i = [], [], "", 0
    while i < len(cells):
        first = collapse_spaces(cells[i])
        if _ROW_NUMBER.match(first) or (first == "" and rows):
            chunk = cells[i : i + columns]
            chunk += [""] * (columns - len(chunk))  # the last cell of a file may be cut off
            if first == "" and all(not collapse_spaces(c) for c in chunk[: columns - 1]):
                rows[-1].continuations.append(chunk)  # merged cells: the same item continues
            else:
                rows.append(SeedRow(cells=chunk, group=group))
            i += columns
        else:
            group = cells[i].strip()
            groups.append(group)
            i += 1
    return SeedTable(title=title, header=header, rows=rows, groups=groups)


def plan():
    return read_table(PLAN, 7)


def quarterly():
    return read_table(QUARTERLY, 8)


def roadmap():
    return read_table(ROADMAP, 5)


def norm(text):
    return collapse_spaces(text)


_RUNS = re.compile(r"[ \t]+")


def norm_lines(text):
    """The text as its lines: line breaks and no-break spaces kept, runs of ordinary spaces made
    one, spaces at the ends of lines and empty lines at the ends of the cell dropped. Two texts
    equal under norm_lines print the same lines."""
    lines = [_RUNS.sub(" ", line).strip(" ") for line in (text or "").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
