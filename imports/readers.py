"""Reading: the rows of a document's table turned into drafts, each value matched to reference
data; every problem is collected, so the preview shows them all at once."""

import re
from datetime import date

from agreements.models import Roadmap
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
from imports.drafts import EventDraft, ItemDraft
from imports.layouts import COLUMNS
from imports.matching import Problem, Reference, match_key
from reports.documents import ReportKind
from reports.models import Submission, SubmissionAction


def cell_text(text):
    """A cell as stored: line by line without stray spaces, paragraphs kept."""
    lines = [collapse_spaces(line) for line in (text or "").replace("\xa0", " ").split("\n")]
    joined = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", joined)


def _position(number_cell, fallback):
    match = re.match(r"\s*(\d+)", number_cell or "")
    return int(match[1]) if match else fallback


def _timing(text, layout, fallback, row, caption, problems):
    try:
        return parse_period(text, year=layout.year, fallback=fallback)
    except PeriodError as error:
        problems.append(Problem(row, caption, str(error)))
        return None


def _read_plan(rows, layout, reference, create_missing, preview):
    period = half_range(layout.year, layout.half)
    captions = [c.caption for c in COLUMNS[ReportKind.PLAN]]
    department, seen_group = None, False
    for index, row in enumerate(rows, start=1):
        if row.group is not None:
            seen_group = True
            department, _, problem = reference.department(
                row.group, row.number, "Департамент", create_missing=create_missing
            )
            if problem:
                preview.problems.append(problem)
            continue
        cells = [cell_text(c) for c in row.cells]
        if department is None and not seen_group:
            preview.problems.append(
                Problem(row.number, captions[0], "Строка стоит выше первого департамента.")
            )
            continue
        partners = reference.partners(cells[1], row.number, captions[1])
        regions, all_regions = partners.regions, partners.all_regions
        preview.problems.extend(partners.problems)
        if not cells[2]:
            preview.problems.append(Problem(row.number, captions[2], "Не указано наименование."))
        parsed = _timing(cells[3], layout, period, row.number, captions[3], preview.problems)
        fields = {
            "regions_text": cells[1],
            "all_regions": all_regions,
            "title": cells[2],
            "timing_text": collapse_spaces(cells[3]),
            "venue": cells[4],
            "content": cells[5],
            "participants": cells[6],
        }
        if parsed:
            fields.update(PlannedEvent.timing_values(cells[3], parsed))
        # Rows under an unknown department are still read, so every problem shows at once.
        if department is not None:
            preview.events.append(
                EventDraft(
                    row.number,
                    department,
                    _position(cells[0], index),
                    layout.half,
                    fields,
                    regions,
                    foreign=partners.foreign,
                )
            )


def _read_report(rows, layout, reference, create_missing, preview):
    quarters = layout.quarters
    whole = DateRange(
        quarter_range(layout.year, quarters[0]).start, quarter_range(layout.year, quarters[-1]).end
    )
    captions = [c.caption for c in COLUMNS[layout.kind]]
    department, note, above, seen_group = None, "", None, False
    for index, row in enumerate(rows, start=1):
        if row.group is not None:
            seen_group = True
            department, note, problem = reference.department(
                row.group, row.number, "Департамент", create_missing=create_missing
            )
            above = None
            if problem:
                preview.problems.append(problem)
            continue
        cells = [cell_text(c) for c in row.cells]
        if department is None and not seen_group:
            preview.problems.append(
                Problem(row.number, captions[0], "Строка стоит выше первого департамента.")
            )
            continue
        # An empty or merged agreement cell repeats the cell above, as in the Word original.
        if (1 in row.continued or not cells[1]) and above is not None:
            agreements = above
        else:
            agreements, problems = reference.agreements(
                cells[1], row.number, captions[1], create_missing=create_missing
            )
            preview.problems.extend(problems)
        above = agreements
        if not cells[2]:
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
        fields = {
            "title": cells[2],
            "timing_text": collapse_spaces(cells[3]),
            "venue": cells[4],
            "participants": cells[5],
            # Above the bound the number is a misreading; the text keeps it as written.
            "participants_count": count
            if count is None or count <= PARTICIPANTS_COUNT_MAX
            else None,
            "content": cells[6],
            "note": cells[7],
            "held": True,
        }
        if parsed:
            fields.update(ReportedEvent.timing_values(cells[3], parsed))
        # Partner regions as the demo data records them: those the row names (in its title,
        # venue, participants or content), else the regions of its agreements.
        named = "\n".join((cells[2], cells[4], cells[5], cells[6]))
        regions = reference.regions_in_text(named) or list(
            dict.fromkeys(r for a in agreements if a.pk for r in a.regions.all())
        )
        if department is None:
            continue
        preview.events.append(
            EventDraft(
                row.number,
                department,
                _position(cells[0], index),
                quarter,
                fields,
                regions,
                agreements,
                heading_note=note,
                foreign=reference.foreign_in_text(named),
            )
        )


def _responsible(cell, reference, row, caption, create_missing, problems):
    names = []
    for chunk in re.split(r"\n\s*\n", cell):
        lines = [line for line in chunk.split("\n") if not line.strip().startswith("*")]
        name = collapse_spaces(" ".join(lines)).rstrip(" *")
        if name:
            names.append(name)
    departments = []
    for name in names:
        department, _, problem = reference.department(
            name, row, caption, create_missing=create_missing
        )
        if problem:
            problems.append(problem)
        if department is not None:
            departments.append(department)
    return departments


def _read_roadmap(rows, layout, reference, create_missing, preview):
    captions = [c.caption for c in COLUMNS[ReportKind.ROADMAP]]
    section, item = None, None
    for row in rows:
        if row.group is not None:
            match = re.match(r"^(\d+)\.?\s+(.+)$", row.group)
            if match is None:
                preview.problems.append(
                    Problem(
                        row.number, "Раздел", f"Раздел «{row.group}» без номера (ожидалось «1. …»)."
                    )
                )
                continue
            section = (match[1], match[2])
            continue
        cells = [cell_text(c) for c in row.cells]
        head_empty = all(i in row.continued or not cells[i] for i in range(4))
        if head_empty:
            if item is None:
                preview.problems.append(
                    Problem(row.number, captions[0], "Продолжение без пункта над ним.")
                )
            elif cells[4]:
                item.progress.append(cells[4])
            continue
        if section is None:
            preview.problems.append(
                Problem(row.number, captions[0], "Пункт стоит выше первого раздела.")
            )
            continue
        responsible = _responsible(
            cells[3], reference, row.number, captions[3], create_missing, preview.problems
        )
        item = ItemDraft(
            row.number,
            section[0],
            section[1],
            collapse_spaces(cells[0]),
            cells[1],
            collapse_spaces(cells[2]),
            responsible,
        )
        if cells[4]:
            item.progress.append(cells[4])
        preview.items.append(item)
    title_key = match_key(layout.roadmap_title)
    preview.roadmap = next(
        (r for r in Roadmap.objects.select_related("region") if match_key(r.title) == title_key),
        None,
    )
    if preview.roadmap is None:
        preview.roadmap_region = _roadmap_partner(layout.roadmap_title)
        if preview.roadmap_region is None or layout.roadmap_years is None:
            preview.problems.append(
                Problem(
                    None,
                    "Заголовок",
                    f"«Дорожная карта» «{layout.roadmap_title}» не найдена, а по заголовку не "
                    "определить субъект-партнёр и годы, чтобы её создать.",
                )
            )
        else:
            preview.problems.append(
                Problem(
                    None,
                    "Заголовок",
                    f"«Дорожная карта» «{layout.roadmap_title}» будет создана.",
                    blocking=False,
                )
            )
    elif layout.year not in preview.roadmap.years:
        preview.problems.append(
            Problem(
                None,
                "Заголовок",
                f"«Дорожная карта» рассчитана на {preview.roadmap.start_year}–"
                f"{preview.roadmap.end_year} годы, а отчёт — за {layout.year} год.",
            )
        )


def _roadmap_partner(title):
    """The partner of "…сотрудничества между Санкт-Петербургом и Смоленской областью…"."""
    match = re.search(r"между (.+?) и (.+?) на \d{4}", title)
    if match is None:
        return None
    sides = [s for s in match.groups() if "смоленск" not in s.casefold()]
    if len(sides) != 1:
        return None
    side = sides[0].casefold()
    best = None
    for region in Region.objects.partners():
        word = region.short_name.removeprefix("г. ").split()[0].casefold()
        stem = word[:-2] if len(word) > 5 else word
        if re.search(rf"\b{re.escape(stem)}\w*", side) and (best is None or len(stem) > best[0]):
            best = (len(stem), region)
    return best[1] if best else None


def _check_existing_reports(preview):
    """A quarter already reported through the portal is not overwritten by an old document."""
    keys = {(e.department.pk, e.period) for e in preview.events if e.department.pk}
    if not keys:
        return
    submissions = (
        Submission.objects.filter(
            year=preview.layout.year,
            quarter__in={q for _, q in keys},
            department__in={d for d, _ in keys},
        )
        .prefetch_related("history")
        .select_related("department")
    )
    for submission in submissions:
        if (submission.department_id, submission.quarter) not in keys:
            continue
        imported = any(h.action == SubmissionAction.IMPORTED for h in submission.history.all())
        if not imported:
            preview.problems.append(
                Problem(
                    None,
                    "Департамент",
                    f"У департамента «{submission.department.name}» за "
                    f"{quarter_title(submission.year, submission.quarter)} уже есть отчёт "
                    f"в портале («{submission.get_status_display()}»); документ его не заменяет.",
                )
            )


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


def read_rows(preview, rows, *, create_missing):
    """Fill the preview with the drafts and problems of the document's rows."""
    layout = preview.layout
    reference = Reference(period=_document_dates(layout))
    if layout.kind == ReportKind.PLAN:
        _read_plan(rows, layout, reference, create_missing, preview)
    elif layout.kind == ReportKind.ROADMAP:
        _read_roadmap(rows, layout, reference, create_missing, preview)
    else:
        _read_report(rows, layout, reference, create_missing, preview)
        _check_existing_reports(preview)
