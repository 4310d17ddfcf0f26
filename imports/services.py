"""Import of legacy Word documents: preview every row with its problems, then write it all in
one transaction, or nothing. Importing the same document again changes nothing."""

import hashlib
import re
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
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
from cooperation.text import collapse_spaces, extract_head_count
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from imports.docx_reader import DocumentError, read_docx
from imports.layouts import COLUMNS, detect_layout, read_grid
from imports.matching import Problem, Reference, match_key
from imports.models import ImportRecord
from reports.builders import ReportKind
from reports.models import Submission, SubmissionAction
from reports.services import submission_record_import


class ImportRejected(ValueError):
    """The document has problems that must be fixed (or confirmed) before anything is stored."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:20]))


def cell_text(text):
    """A cell as stored: line by line without stray spaces, paragraphs kept."""
    lines = [collapse_spaces(line) for line in (text or "").replace("\xa0", " ").split("\n")]
    joined = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", joined)


def _position(number_cell, fallback):
    match = re.match(r"\s*(\d+)", number_cell or "")
    return int(match[1]) if match else fallback


@dataclass
class EventDraft:
    row: int
    department: object
    position: int
    period: int  # the quarter (reports) or half (plans)
    fields: dict
    regions: list
    agreements: list = field(default_factory=list)
    heading_note: str = ""


@dataclass
class ItemDraft:
    row: int
    section_number: str
    section_title: str
    number: str
    title: str
    timeline: str
    responsible: list
    progress: list = field(default_factory=list)


@dataclass
class Preview:
    layout: object
    file_name: str
    sha256: str
    events: list = field(default_factory=list)
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    roadmap: object = None
    roadmap_region: object = None

    @property
    def blocking(self):
        return [p for p in self.problems if p.blocking]

    @property
    def notices(self):
        return [p for p in self.problems if not p.blocking]

    def rows_for_display(self):
        """Every row as it will be stored, with its problems, for the preview page."""
        by_row = {}
        for problem in self.problems:
            by_row.setdefault(problem.row, []).append(problem)
        captions = [c.caption for c in COLUMNS[self.layout.kind]]
        out = []

        def row(heading, number, values):
            return heading, number, list(zip(captions, values, strict=True)), by_row.get(number, [])

        if self.layout.kind == ReportKind.ROADMAP:
            for item in self.items:
                values = [
                    item.number,
                    item.title,
                    item.timeline,
                    "\n".join(getattr(d, "name", str(d)) for d in item.responsible),
                    "\n\n".join(item.progress),
                ]
                out.append(row(f"{item.section_number}. {item.section_title}", item.row, values))
            return out
        for event in self.events:
            f = event.fields
            if self.layout.kind == ReportKind.PLAN:
                values = [
                    str(event.position),
                    f["regions_text"],
                    f["title"],
                    f["timing_text"],
                    f["venue"],
                    f["content"],
                    f["participants"],
                ]
            else:
                values = [
                    str(event.position),
                    "\n\n".join(a.title for a in event.agreements),
                    f["title"],
                    f["timing_text"],
                    f["venue"],
                    f["participants"],
                    f["content"],
                    f["note"],
                ]
            out.append(row(getattr(event.department, "name", "—"), event.row, values))
        return out


# --- Reading -------------------------------------------------------------------------------


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
        regions, all_regions, problems = reference.regions(cells[1], row.number, captions[1])
        preview.problems.extend(problems)
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
            fields.update(
                starts_on=parsed.start, ends_on=parsed.end, timing_is_exact=parsed.is_exact
            )
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
                        f"{quarter_title(layout.year, quarter)}.",
                        blocking=False,
                    )
                )
        fields = {
            "title": cells[2],
            "timing_text": collapse_spaces(cells[3]),
            "venue": cells[4],
            "participants": cells[5],
            "participants_count": extract_head_count(cells[5]),
            "content": cells[6],
            "note": cells[7],
            "held": True,
        }
        if parsed:
            fields.update(
                starts_on=parsed.start, ends_on=parsed.end, timing_is_exact=parsed.is_exact
            )
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


def document_preview(*, data, file_name, kind=None, create_missing=False):
    """Read the document and show what would be stored; writes nothing."""
    raw = read_docx(data)
    layout = detect_layout(raw.title_lines, kind=kind)
    rows = read_grid(raw, layout)
    preview = Preview(layout, file_name, hashlib.sha256(data).hexdigest())
    reference = Reference()
    if layout.kind == ReportKind.PLAN:
        _read_plan(rows, layout, reference, create_missing, preview)
    elif layout.kind == ReportKind.ROADMAP:
        _read_roadmap(rows, layout, reference, create_missing, preview)
    else:
        _read_report(rows, layout, reference, create_missing, preview)
        _check_existing_reports(preview)
    return preview


# --- Writing -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    preview: Preview
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    record: ImportRecord | None = None

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


def _save_new_reference(preview):
    for event in preview.events:
        if event.department.pk is None:
            event.department.short_name = event.department.name[:120]
            event.department.save()
        for agreement in event.agreements:
            if agreement.pk is None:
                agreement.short_title = agreement.title[:200]
                base = slugify(agreement.title, allow_unicode=False)[:40] or "agreement"
                slug, n = base, 1
                while Agreement.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                agreement.slug = slug
                agreement.save()
    for item in preview.items:
        for department in item.responsible:
            if department.pk is None:
                department.short_name = department.name[:120]
                department.save()


def _apply(instance, values):
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _upsert(model, key, fields):
    """The row with this key, created or brought up to date; and what happened to it."""
    instance = model.objects.filter(**key).first()
    if instance is None:
        instance = model(**key, **fields)
        instance.save()
        return instance, "created"
    if _apply(instance, fields):
        instance.save()
        return instance, "updated"
    return instance, "unchanged"


def _changed(outcome):
    return outcome if outcome == "created" else "updated"


def _sync_regions(event, regions, outcome):
    if {r.pk for r in event.regions.all()} != {r.pk for r in regions}:
        event.regions.set(regions)
        return _changed(outcome)
    return outcome


def _write_plan(preview, result):
    layout = preview.layout
    for draft in preview.events:
        key = {
            "year": layout.year,
            "half": layout.half,
            "department": draft.department,
            "position": draft.position,
        }
        event, outcome = _upsert(PlannedEvent, key, draft.fields)
        result.count(_sync_regions(event, draft.regions, outcome))


def _write_report(preview, result, by):
    layout = preview.layout
    notes = {}
    for draft in preview.events:
        notes.setdefault((draft.department.pk, draft.period), draft.heading_note)
    for (department_id, quarter), note in notes.items():
        department = next(e.department for e in preview.events if e.department.pk == department_id)
        submission_record_import(
            department=department,
            year=layout.year,
            quarter=quarter,
            source=f"{preview.file_name} ({layout.title})",
            by=by,
            heading_note=note,
        )
    for draft in preview.events:
        key = {
            "year": layout.year,
            "quarter": draft.period,
            "department": draft.department,
            "position": draft.position,
        }
        event, outcome = _upsert(ReportedEvent, key, draft.fields)
        agreement_ids = [a.pk for a in draft.agreements]
        current = list(
            event.agreement_links.order_by("position").values_list("agreement_id", flat=True)
        )
        if current != agreement_ids:
            event.agreement_links.all().delete()
            ReportedEventAgreement.objects.bulk_create(
                ReportedEventAgreement(event=event, agreement_id=a, position=i)
                for i, a in enumerate(agreement_ids)
            )
            outcome = _changed(outcome)
        result.count(_sync_regions(event, draft.regions, outcome))


def _write_roadmap(preview, result):
    layout = preview.layout
    roadmap = preview.roadmap
    if roadmap is None:
        start, end = layout.roadmap_years
        partner = preview.roadmap_region
        roadmap = Roadmap.objects.create(
            title=layout.roadmap_title,
            short_title=f"«Дорожная карта» с {partner.name_genitive}",
            region=partner,
            start_year=start,
            end_year=end,
        )
    sections = {}
    for draft in preview.items:
        if draft.section_number not in sections:
            section, created = RoadmapSection.objects.get_or_create(
                roadmap=roadmap,
                number=draft.section_number,
                defaults={"title": draft.section_title, "position": len(sections)},
            )
            if not created and _apply(
                section, {"title": draft.section_title, "position": len(sections)}
            ):
                section.save()
            sections[draft.section_number] = section
    positions = {}
    for draft in preview.items:
        section = sections[draft.section_number]
        position = positions[section.pk] = positions.get(section.pk, -1) + 1
        item = RoadmapItem.objects.filter(section=section, number=draft.number).first()
        outcome = "unchanged"
        values = {"title": draft.title, "timeline_text": draft.timeline, "position": position}
        if item is None:
            item = RoadmapItem.objects.create(section=section, number=draft.number, **values)
            outcome = "created"
        elif _apply(item, values):
            item.save()
            outcome = "updated"
        responsible = [d.pk for d in draft.responsible]
        if (
            list(item.responsibilities.order_by("position").values_list("department_id", flat=True))
            != responsible
        ):
            item.responsibilities.all().delete()
            RoadmapResponsibility.objects.bulk_create(
                RoadmapResponsibility(item=item, department_id=d, position=i)
                for i, d in enumerate(responsible)
            )
            outcome = _changed(outcome)
        entries = item.progress_entries.filter(year=layout.year).order_by("position")
        if list(entries.values_list("text", flat=True)) != draft.progress:
            entries.delete()
            RoadmapProgress.objects.bulk_create(
                RoadmapProgress(item=item, year=layout.year, text=text, position=i)
                for i, text in enumerate(draft.progress)
            )
            outcome = _changed(outcome)
        result.count(outcome)
    return roadmap


def document_import(*, data, file_name, by=None, kind=None, create_missing=False, dry_run=False):
    """Import the document, all or nothing. Raises DocumentError (unreadable file) or
    ImportRejected (problems to fix first); with dry_run nothing is kept."""
    preview = document_preview(
        data=data, file_name=file_name, kind=kind, create_missing=create_missing
    )
    if preview.blocking:
        raise ImportRejected(preview.blocking)
    result = ImportResult(preview)
    # One revision for the whole document: the admin history shows who imported which file.
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(f"Импорт документа «{file_name}»")
        _save_new_reference(preview)
        if preview.layout.kind == ReportKind.PLAN:
            _write_plan(preview, result)
        elif preview.layout.kind == ReportKind.ROADMAP:
            _write_roadmap(preview, result)
        else:
            _write_report(preview, result, by)
        if dry_run:
            transaction.set_rollback(True)
        else:
            result.record = ImportRecord.objects.create(
                file_name=file_name[:255],
                sha256=preview.sha256,
                kind=preview.layout.kind,
                title=preview.layout.title,
                by=by,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
    return result


__all__ = ["DocumentError", "ImportRejected", "document_import", "document_preview"]
