"""What a legacy document is (kind and period, from its title) and how its table reads."""

import re
from dataclasses import dataclass, field

from cooperation.periods import REPORT_YEAR_MAX, REPORT_YEAR_MIN, is_report_year
from cooperation.text import collapse_spaces, normalize_name
from imports.docx_reader import DocumentError
from reports.documents import AGREEMENTS_COLUMNS, PLAN_COLUMNS, ROADMAP_COLUMNS, ReportKind

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
COLUMNS = {
    ReportKind.PLAN: PLAN_COLUMNS,
    ReportKind.QUARTERLY: AGREEMENTS_COLUMNS,
    ReportKind.HALF_YEAR: AGREEMENTS_COLUMNS,
    ReportKind.ANNUAL: AGREEMENTS_COLUMNS,
    ReportKind.ROADMAP: ROADMAP_COLUMNS,
}
_PLAN = re.compile(r"план мероприятий .*? на (i|ii) полугодие (\d{4})")
_QUARTER = re.compile(r"отчет о реализации соглашений .*? за (i|ii|iii|iv) квартал (\d{4})")
_HALF = re.compile(r"отчет о реализации соглашений .*? за (i|ii) полугодие (\d{4})")
_YEAR = re.compile(r"отчет о реализации соглашений .*? за (\d{4}) год")
_ROADMAP = re.compile(r"отчет об исполнении в (\d{4}) году (плана .*?)(?: \(далее.*)?$")
_ROADMAP_YEARS = re.compile(r"на (\d{4})\s*-\s*(\d{4}) годы")


@dataclass
class Layout:
    kind: str
    year: int
    quarter: int | None = None
    half: int | None = None
    roadmap_title: str = ""
    roadmap_years: tuple[int, int] | None = None
    title: str = ""

    @property
    def quarters(self):
        if self.kind == ReportKind.QUARTERLY:
            return (self.quarter,)
        if self.kind == ReportKind.HALF_YEAR:
            return (1, 2) if self.half == 1 else (3, 4)
        return (1, 2, 3, 4)


def _key(text):
    return normalize_name(text).replace("отчёт", "отчет")


_PERIOD_OF_KIND = {
    ReportKind.PLAN: re.compile(r"\b(i|ii) полугодие (\d{4})"),
    ReportKind.QUARTERLY: re.compile(r"\b(i|ii|iii|iv) квартал (\d{4})"),
    ReportKind.HALF_YEAR: re.compile(r"\b(i|ii) полугодие (\d{4})"),
    ReportKind.ANNUAL: re.compile(r"\b(\d{4}) год\b"),
    ReportKind.ROADMAP: re.compile(r"\bв (\d{4}) году\b"),
}


def _layout_of_kind(kind, match):
    if kind == ReportKind.QUARTERLY:
        return Layout(kind, int(match[2]), quarter=ROMAN[match[1].upper()])
    if kind in (ReportKind.PLAN, ReportKind.HALF_YEAR):
        return Layout(kind, int(match[2]), half=ROMAN[match[1].upper()])
    return Layout(kind, int(match[1]))


def detect_layout(title_lines, kind=None):
    """Kind and period from the title. A given `kind` (--kind) overrides the kind; the period
    is still read from the title, with that kind's wording."""
    lines = [line for line in title_lines if collapse_spaces(line).upper() != "ПРОЕКТ"]
    title = collapse_spaces(" ".join(lines))
    key = _key(title)
    found = None
    if kind:
        if match := _PERIOD_OF_KIND[kind].search(key):
            found = _layout_of_kind(kind, match)
    elif match := _PLAN.search(key):
        found = _layout_of_kind(ReportKind.PLAN, match)
    elif match := _QUARTER.search(key):
        found = _layout_of_kind(ReportKind.QUARTERLY, match)
    elif match := _HALF.search(key):
        found = _layout_of_kind(ReportKind.HALF_YEAR, match)
    elif match := _YEAR.search(key):
        found = _layout_of_kind(ReportKind.ANNUAL, match)
    elif match := _ROADMAP.search(key):
        found = _layout_of_kind(ReportKind.ROADMAP, match)
    if found is None:
        if not title:
            raise DocumentError(
                "У документа нет заголовка над таблицей: не видно, что это за документ."
            )
        raise DocumentError(
            f"В заголовке «{title[:200]}» не найден "
            + ("период" if kind else "вид документа и период")
            + " (например, «… на II полугодие 2022 года», «… за III квартал 2020 года», "
            "«Отчет об исполнении в 2022 году Плана мероприятий …»)."
        )
    if not is_report_year(found.year):
        raise DocumentError(
            f"В заголовке указан {found.year} год, а документы принимаются за годы от "
            f"{REPORT_YEAR_MIN} до {REPORT_YEAR_MAX}."
        )
    found.kind = ReportKind(found.kind)
    if found.kind == ReportKind.ROADMAP:
        start = title.lower().find("плана ")
        if start >= 0:
            # The roadmap's own title in its original spelling: "Плана …" → "План …".
            own = re.sub(r"\s*\(далее.*$", "", title[start:])
            found.roadmap_title = "План " + own[len("Плана ") :]
        if years := _ROADMAP_YEARS.search(key):
            found.roadmap_years = (int(years[1]), int(years[2]))
    found.title = title
    return found


@dataclass
class GridRow:
    number: int  # the table row (1 = the first row under the header), for messages
    cells: list[str] = field(default_factory=list)
    group: str | None = None  # a group row's text, spaces collapsed: for matching
    continued: set[int] = field(default_factory=set)  # columns merged with the row above
    group_text: str = ""  # the group row's text as written (line breaks, no-break spaces)


def _expand(raw_row, width):
    """Cells placed on the grid by their gridSpan; a row spanning the width is a group row."""
    cells, merges = [], []
    for cell in raw_row:
        cells.append(cell.text)
        merges.append(cell.merge)
        for _ in range(cell.span - 1):
            cells.append("")
            merges.append(None)
    cells = (cells + [""] * width)[:width]
    merges = (merges + [None] * width)[:width]
    return cells, merges


def read_grid(raw, layout):
    columns = COLUMNS[layout.kind]
    if not raw.rows:
        raise DocumentError("Таблица документа пуста.")
    header = [collapse_spaces(c.text) for c in raw.rows[0]]
    expected = [c.caption for c in columns]
    if [_key(h) for h in header] != [_key(c) for c in expected]:
        raise DocumentError(
            "Столбцы таблицы не совпадают с формой документа «"
            f"{ReportKind(layout.kind).label}». Ожидались: "
            + "; ".join(f"{i}. {c}" for i, c in enumerate(expected, 1))
            + ". В документе: "
            + ("; ".join(f"{i}. {h}" for i, h in enumerate(header, 1)) or "нет столбцов")
            + "."
        )
    width = len(columns)
    rows = []
    for number, raw_row in enumerate(raw.rows[1:], start=1):
        if len(raw_row) == 1 and raw_row[0].span >= width:
            heading = collapse_spaces(raw_row[0].text)
            if heading:  # an empty row across the table is a spacer, not a nameless group
                rows.append(
                    GridRow(number=number, group=heading, group_text=raw_row[0].text.strip())
                )
            continue
        cells, merges = _expand(raw_row, width)
        if not any(collapse_spaces(c) for c in cells) and not any(merges):
            continue  # an empty spacer row
        continued = {i for i, m in enumerate(merges) if m == "continue"}
        rows.append(GridRow(number=number, cells=cells, continued=continued))
    if not any(r.group is None for r in rows):
        raise DocumentError("В таблице документа нет ни одной строки с мероприятиями.")
    return rows
