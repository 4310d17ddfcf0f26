"""Reading: the rows of a document's table turned into drafts, each value matched to reference
data; every problem is collected, so the preview shows them all at once."""

import re
from datetime import date

from agreements.models import Roadmap, RoadmapItem, RoadmapSection
from cooperation.models import Region
from cooperation.periods import (
    DateRange,
    PeriodError,
    half_range,
    parse_period,
    quarter_of,
    quarter_range,
    quarter_title,
)
from cooperation.text import collapse_spaces, extract_head_count, period_title_dative
from events.models import PARTICIPANTS_COUNT_MAX, PlannedEvent, ReportedEvent
from imports.closed import check_closed_plan, check_closed_quarters
from imports.drafts import EventDraft, ItemDraft, cell_text, too_long
from imports.layouts import COLUMNS
from imports.matching import Problem, Reference, match_key
from imports.names import Names
from reports.documents import ReportKind

# Positions are stored in a PositiveIntegerField; documents number rows in the thousands.
POSITION_MAX = 1_000_000


def _blank(text):
    return not collapse_spaces(text)


class _Positions:
    """The number each row would carry in the printed document: the number in its «№ п/п»
    cell, else the one after the row above, counted across department groups (group rows are
    not counted), as the portal's export numbers rows. So a plan without numbers comes back
    from its own export with the same positions."""

    def __init__(self):
        self.last = 0

    def next(self, row, cells, caption, problems):
        match = None if 0 in row.continued else re.match(r"\s*(\d+)", cells[0])
        if match and (len(match[1]) > 7 or int(match[1]) > POSITION_MAX):
            problems.append(Problem(row.number, caption, f"Номер «{match[1][:20]}» слишком велик."))
            match = None
        self.last = int(match[1]) if match else self.last + 1
        return self.last


def _fill_merged(row, cells, above, skip=()):
    """A vertical merge's continuation (vMerge continue) shows the text of the merged cell above;
    Word keeps it in the first cell only. An empty cell that is not merged stays empty."""
    for index in row.continued:
        if index and index not in skip and above is not None:
            cells[index] = above[index]


def _timing(text, layout, fallback, row, caption, problems):
    try:
        return parse_period(text, year=layout.year, fallback=fallback)
    except PeriodError as error:
        problems.append(Problem(row, caption, str(error)))
        return None


# --- Column limits ------------------------------------------------------------------------------


def _check_lengths(draft, model, columns, captions, problems):
    """Text longer than its column of the database is a problem of its row and column, not a
    database error."""
    for name, index in columns.items():
        limit = too_long(draft.fields.get(name), model, name)
        if limit:
            problems.append(
                Problem(
                    draft.row,
                    captions[index],
                    f"Текст длиннее {limit} знаков (в ячейке {len(draft.fields[name])}): "
                    "сократите его.",
                )
            )


_PLAN_COLUMNS = {
    "regions_text": 1,
    "title": 2,
    "timing_text": 3,
    "venue": 4,
    "content": 5,
    "participants": 6,
}
_REPORT_COLUMNS = {
    "title": 2,
    "timing_text": 3,
    "venue": 4,
    "participants": 5,
    "content": 6,
    "note": 7,
}


# --- Plans and reports --------------------------------------------------------------------------


def _read_plan(rows, layout, names, preview):
    period = half_range(layout.year, layout.half)
    captions = [c.caption for c in COLUMNS[ReportKind.PLAN]]
    department, seen_group, above = None, False, None
    positions = _Positions()
    for row in rows:
        if row.group is not None:
            seen_group, above = True, None
            department, _ = names.department(row.group, row.number, "Департамент")
            continue
        cells = [cell_text(c) for c in row.cells]
        _fill_merged(row, cells, above)
        above = cells
        if department is None and not seen_group:
            preview.problems.append(
                Problem(row.number, captions[0], "Строка стоит выше первого департамента.")
            )
            continue
        position = positions.next(row, cells, captions[0], preview.problems)
        partners = names.reference.partners(cells[1], row.number, captions[1])
        regions, all_regions = partners.regions, partners.all_regions
        preview.problems.extend(partners.problems)
        if _blank(cells[2]):
            preview.problems.append(Problem(row.number, captions[2], "Не указано наименование."))
        parsed = _timing(cells[3], layout, period, row.number, captions[3], preview.problems)
        fields = {
            "regions_text": cells[1],
            "all_regions": all_regions,
            "title": cells[2],
            "timing_text": cells[3],
            "venue": cells[4],
            "content": cells[5],
            "participants": cells[6],
        }
        if parsed:
            fields.update(PlannedEvent.timing_values(cells[3], parsed))
        draft = EventDraft(
            row.number, department, position, layout.half, fields, regions, foreign=partners.foreign
        )
        _check_lengths(draft, PlannedEvent, _PLAN_COLUMNS, captions, preview.problems)
        # Rows under an unknown department are still read, so every problem shows at once.
        if department is not None:
            preview.events.append(draft)


def _read_report(rows, layout, names, preview):
    quarters = layout.quarters
    whole = DateRange(
        quarter_range(layout.year, quarters[0]).start, quarter_range(layout.year, quarters[-1]).end
    )
    captions = [c.caption for c in COLUMNS[layout.kind]]
    department, note, above, above_cells, seen_group = None, "", None, None, False
    positions = _Positions()
    for row in rows:
        if row.group is not None:
            seen_group = True
            department, note = names.department(
                row.group, row.number, "Департамент", row.group_text
            )
            above, above_cells = None, None
            continue
        cells = [cell_text(c) for c in row.cells]
        _fill_merged(row, cells, above_cells, skip={1})
        above_cells = cells
        if department is None and not seen_group:
            preview.problems.append(
                Problem(row.number, captions[0], "Строка стоит выше первого департамента.")
            )
            continue
        position = positions.next(row, cells, captions[0], preview.problems)
        # Only a real vertical merge repeats the agreements above, as in the Word original; an
        # empty cell that is not merged is a row without an agreement, which a report lacks.
        if 1 in row.continued and above is not None:
            agreements = above
        elif 1 in row.continued:
            agreements = []
            preview.problems.append(
                Problem(
                    row.number,
                    captions[1],
                    "Не указано соглашение: ячейка объединена с ячейкой выше, но выше нет строки "
                    "этого департамента.",
                )
            )
        elif _blank(cells[1]):
            agreements = []
            preview.problems.append(
                Problem(
                    row.number,
                    captions[1],
                    "Не указано соглашение: ячейка пуста и не объединена с ячейкой строки выше "
                    "(пустая ячейка не повторяет соглашение предыдущей строки).",
                )
            )
        else:
            agreements = names.agreements(cells[1], row.number, captions[1])
        above = agreements
        if _blank(cells[2]):
            preview.problems.append(Problem(row.number, captions[2], "Не указано наименование."))
        fallback = whole if len(quarters) > 1 else quarter_range(layout.year, quarters[0])
        parsed = _timing(cells[3], layout, fallback, row.number, captions[3], preview.problems)
        quarter = quarters[0]
        if parsed and len(quarters) > 1:
            if (
                parsed.is_exact
                and parsed.start.year == layout.year
                and (quarter_of(parsed.start) in quarters)
            ):
                quarter = quarter_of(parsed.start)
            else:
                preview.problems.append(
                    Problem(
                        row.number,
                        captions[3],
                        f"По срокам не видно квартала; мероприятие отнесено к "
                        f"{period_title_dative(quarter_title(layout.year, quarter))}.",
                        blocking=False,
                    )
                )
        count = extract_head_count(cells[5])
        if count is not None and count > PARTICIPANTS_COUNT_MAX:
            limit = f"{PARTICIPANTS_COUNT_MAX:,}".replace(",", " ")
            preview.problems.append(
                Problem(
                    row.number,
                    captions[5],
                    f"Число участников {count:,} больше допустимого ({limit}): "
                    "проверьте число.".replace(",", " "),
                )
            )
            count = None
        fields = {
            "title": cells[2],
            "timing_text": cells[3],
            "venue": cells[4],
            "participants": cells[5],
            "participants_count": count,
            "content": cells[6],
            "note": cells[7],
            "held": True,
        }
        if parsed:
            fields.update(ReportedEvent.timing_values(cells[3], parsed))
        # Partner regions as the demo data records them: those the row names (in its title,
        # venue, participants or content), else the regions of its agreements.
        named = "\n".join((cells[2], cells[4], cells[5], cells[6]))
        regions = names.reference.regions_in_text(named) or list(
            dict.fromkeys(r for a in agreements if a.pk for r in a.regions.all())
        )
        draft = EventDraft(
            row.number,
            department,
            position,
            quarter,
            fields,
            regions,
            agreements,
            heading_note=note,
            foreign=names.reference.foreign_in_text(named),
        )
        _check_lengths(draft, ReportedEvent, _REPORT_COLUMNS, captions, preview.problems)
        if department is not None:
            preview.events.append(draft)


def _check_duplicate_positions(preview):
    """Two rows of one department and period with the same number would be stored as one."""
    seen = {}
    captions = [c.caption for c in COLUMNS[preview.layout.kind]]
    for draft in preview.events:
        key = (id(draft.department), draft.period, draft.position)
        if key in seen:
            preview.problems.append(
                Problem(
                    draft.row,
                    captions[0],
                    f"Номер {draft.position} уже стоит у строки {seen[key]} того же департамента: "
                    "исправьте нумерацию.",
                )
            )
        else:
            seen[key] = draft.row


# --- Roadmaps -----------------------------------------------------------------------------------


def _responsible(cell, names, row, caption):
    found = []
    for chunk in re.split(r"\n\s*\n", cell):
        lines = [line for line in chunk.split("\n") if not line.strip().startswith("*")]
        name = collapse_spaces(" ".join(lines)).rstrip(" *")
        if name:
            found.append(name)
    departments = []
    for name in found:
        department, _ = names.department(name, row, caption)
        if department is not None:
            departments.append(department)
    return found, departments


def _check_item_lengths(item, captions, problems):
    for value, model, name, caption in (
        (item.number, RoadmapItem, "number", captions[0]),
        (item.timeline, RoadmapItem, "timeline_text", captions[2]),
    ):
        limit = too_long(value, model, name)
        if limit:
            problems.append(
                Problem(
                    item.row,
                    caption,
                    f"Текст длиннее {limit} знаков (в ячейке {len(value)}): сократите его.",
                )
            )


def _read_roadmap(rows, layout, names, preview):
    captions = [c.caption for c in COLUMNS[ReportKind.ROADMAP]]
    section, item = None, None
    for row in rows:
        if row.group is not None:
            match = re.match(r"^(\d+)\.?\s+(.+)$", cell_text(row.group_text), re.DOTALL)
            if match is None:
                preview.problems.append(
                    Problem(
                        row.number, "Раздел", f"Раздел «{row.group}» без номера (ожидалось «1. …»)."
                    )
                )
                continue
            for value, name in ((match[1], "number"), (match[2], "title")):
                if limit := too_long(value, RoadmapSection, name):
                    preview.problems.append(
                        Problem(
                            row.number,
                            "Раздел",
                            f"{'Номер' if name == 'number' else 'Название'} раздела длиннее "
                            f"{limit} знаков.",
                        )
                    )
            section = (match[1], match[2])
            continue
        cells = [cell_text(c) for c in row.cells]
        head_empty = all(i in row.continued or _blank(cells[i]) for i in range(4))
        if head_empty:
            if item is None:
                preview.problems.append(
                    Problem(row.number, captions[0], "Продолжение без пункта над ним.")
                )
            elif not _blank(cells[4]):
                item.progress.append(cells[4])
            continue
        if section is None:
            preview.problems.append(
                Problem(row.number, captions[0], "Пункт стоит выше первого раздела.")
            )
            continue
        written, responsible = _responsible(cells[3], names, row.number, captions[3])
        item = ItemDraft(
            row.number,
            section[0],
            section[1],
            collapse_spaces(cells[0]),
            cells[1],
            cells[2],
            responsible,
        )
        if not written:
            preview.problems.append(
                Problem(
                    row.number,
                    captions[3],
                    f"У пункта {item.number or item.row} не указан ответственный исполнитель; "
                    "пункт будет загружен без него.",
                    blocking=False,
                )
            )
        _check_item_lengths(item, captions, preview.problems)
        if not _blank(cells[4]):
            item.progress.append(cells[4])
        preview.items.append(item)
    _match_roadmap(layout, preview)


def _match_roadmap(layout, preview):
    title_key = match_key(layout.roadmap_title)
    preview.roadmap = next(
        (r for r in Roadmap.objects.select_related("region") if match_key(r.title) == title_key),
        None,
    )
    title = f"«Дорожная карта» «{layout.roadmap_title}»"
    if preview.roadmap is not None:
        if layout.year not in preview.roadmap.years:
            preview.problems.append(
                Problem(
                    None,
                    "Заголовок",
                    f"«Дорожная карта» рассчитана на {preview.roadmap.start_year}–"
                    f"{preview.roadmap.end_year} годы, а отчёт — за {layout.year} год.",
                )
            )
        return
    region, partner_reason = _roadmap_partner(layout.roadmap_title)
    preview.roadmap_region = region
    reasons = [partner_reason] if partner_reason else []
    years = layout.roadmap_years
    if years is None:
        reasons.append(
            "в заголовке нет лет, на которые рассчитан план (например, «на 2021-2023 годы»)"
        )
    elif years[0] > years[1]:
        reasons.append(f"годы плана {years[0]}–{years[1]} идут в обратном порядке")
    elif not years[0] <= layout.year <= years[1]:
        reasons.append(
            f"план рассчитан на {years[0]}–{years[1]} годы, а отчёт — за {layout.year} год"
        )
    if reasons:
        preview.problems.append(
            Problem(
                None,
                "Заголовок",
                f"{title} не найдена в справочнике и не может быть создана: "
                + "; ".join(reasons)
                + ".",
            )
        )
    else:
        preview.problems.append(
            Problem(None, "Заголовок", f"{title} будет создана.", blocking=False)
        )


def _roadmap_partner(title):
    """The partner of "…сотрудничества между Санкт-Петербургом и Смоленской областью…", and
    why it is not found ("" when it is)."""
    match = re.search(r"между (.+?) и (.+?) на \d{4}", title)
    if match is None:
        return None, (
            "в заголовке не видно сторон плана (ожидалось «… между <субъект-партнёр> и "
            "Смоленской областью на <годы> …»)"
        )
    sides = [s for s in match.groups() if "смоленск" not in s.casefold()]
    if len(sides) != 1:
        return None, (
            "в заголовке не видно, какая из сторон плана — субъект-партнёр, а какая — "
            "Смоленская область"
        )
    side = sides[0].casefold()
    best = None
    for region in Region.objects.partners():
        word = region.short_name.removeprefix("г. ").split()[0].casefold()
        stem = word[:-2] if len(word) > 5 else word
        if re.search(rf"\b{re.escape(stem)}\w*", side) and (best is None or len(stem) > best[0]):
            best = (len(stem), region)
    if best is None:
        return None, f"субъект-партнёр «{sides[0]}» не найден в справочнике субъектов РФ"
    return best[1], ""


def _document_dates(layout):
    """The dates the document is about: the body that existed then is its department."""
    if layout.kind == ReportKind.PLAN:
        return half_range(layout.year, layout.half)
    if layout.kind == ReportKind.ROADMAP:
        # Its responsible bodies are those of the plan's whole span, a liquidated one
        # included (reports mark it with its footnote).
        first, last = layout.roadmap_years or (layout.year, layout.year)
        return DateRange(date(first, 1, 1), date(last, 12, 31))
    return DateRange(
        quarter_range(layout.year, layout.quarters[0]).start,
        quarter_range(layout.year, layout.quarters[-1]).end,
    )


def read_rows(preview, rows, *, create=frozenset()):
    """Fill the preview with the drafts and problems of the document's rows. `create`: the new
    department and agreement names, as written in the document, confirmed for creation."""
    names = Names(Reference(period=_document_dates(preview.layout)), create, preview)
    layout = preview.layout
    if layout.kind == ReportKind.PLAN:
        _read_plan(rows, layout, names, preview)
        _check_duplicate_positions(preview)
        check_closed_plan(preview)
    elif layout.kind == ReportKind.ROADMAP:
        _read_roadmap(rows, layout, names, preview)
    else:
        _read_report(rows, layout, names, preview)
        _check_duplicate_positions(preview)
        check_closed_quarters(preview)
