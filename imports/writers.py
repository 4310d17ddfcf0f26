"""Writing: the drafts of a checked preview stored, each row created or brought up to date by
its key, so importing the same document again changes nothing.

Rows are written in bulk: the existing rows of the document's period are read by their keys in
one query per table, new ones are inserted with bulk_create, changed ones updated with
bulk_update, and the links (regions, agreements, responsible departments, progress) replaced in
bulk, so the number of queries does not grow with the rows of the document.

What was written is kept in `Changes` (stored on the ImportRecord): the rows added, the previous
values of the rows changed, and the stamp (version, updated_at) each written row carried when the
import finished. `undo_changes` puts it all back while none of those rows has changed since."""

import bisect
import re
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from cooperation.models import Department
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from reports.documents import ReportKind
from reports.models import Submission
from reports.services import submission_record_import

# bulk_update writes one CASE per column whose size grows with the batch: a few hundred rows
# a statement keeps SQLite's work linear; a document of up to this many changed rows is one query.
UPDATE_BATCH = 500
# The order in which an undo removes added rows: what refers to others first.
_DELETE_ORDER = [
    "reports.submission",
    "events.reportedevent",
    "events.plannedevent",
    "agreements.roadmapitem",
    "agreements.roadmapsection",
    "agreements.roadmap",
    "agreements.agreement",
    "cooperation.department",
]


def _label(model):
    return model._meta.label_lower


def _stamp(updated_at, version=None):
    # Exact to the microsecond: DjangoJSONEncoder would cut a datetime to milliseconds.
    return [version, updated_at.isoformat()]


class Changes:
    """What one import wrote: added rows (label → pks), previous values of changed rows
    (label → pk → {field: value}), and the rows whose stamp an undo compares."""

    def __init__(self, year=None):
        self.year = year
        self.created = defaultdict(list)
        self.previous = defaultdict(dict)
        self.written = defaultdict(set)

    def add(self, model, pks):
        self.created[_label(model)].extend(pks)
        self.written[_label(model)].update(pks)

    def change(self, model, pk, values):
        self.previous[_label(model)][str(pk)] = values
        self.written[_label(model)].add(pk)

    def as_json(self):
        """The record's `changes`; the stamps are read once every row is written."""
        stamps = {}
        for label, pks in self.written.items():
            model = apps.get_model(label)
            has_version = any(f.name == "version" for f in model._meta.fields)
            columns = ["pk", "updated_at", *(["version"] if has_version else [])]
            stamps[label] = {
                str(row[0]): _stamp(row[1], row[2] if has_version else None)
                for row in model._base_manager.filter(pk__in=pks).values_list(*columns)
            }
        return {
            "year": self.year,
            "created": {label: sorted(pks) for label, pks in self.created.items()},
            "previous": dict(self.previous),
            "stamps": stamps,
        }


def _json_value(field, value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _save_new_reference(preview, changes):
    departments, agreements = [], []

    def department(d):
        if d.pk is None:
            d.short_name = d.name[:120]
            d.save()
            departments.append(d.pk)

    for event in preview.events:
        department(event.department)
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
                agreements.append(agreement.pk)
    for item in preview.items:
        for responsible in item.responsible:
            department(responsible)
    if departments:
        changes.add(Department, departments)
    if agreements:
        changes.add(Agreement, agreements)


# --- Plan and report rows ----------------------------------------------------------------------


def _by_key(drafts, key):
    """The drafts by their key; a key met twice is written once, as its last row says."""
    found = {}
    for draft in drafts:
        found[key(draft)] = draft
    return found


# The many-to-many links of an event that a draft lists in full: field name → the draft's list.
_SETS = {"regions": "regions", "foreign_partners": "foreign"}


def _set_links(model, name):
    field = model._meta.get_field(name)
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def _sets_now(model, existing):
    """Each set link of the existing rows: name → event id → set of ids, one query each."""
    found = {}
    for name in _SETS:
        through, source, target = _set_links(model, name)
        found[name] = defaultdict(set)
        for event_id, other_id in through.objects.filter(
            **{f"{source}__in": existing.values("pk")}
        ).values_list(f"{source}_id", f"{target}_id"):
            found[name][event_id].add(other_id)
    return found


def _replace_sets(model, name, rows, *, clear):
    """Write the links `name` of (event, ids) rows; with `clear` their old links go first."""
    through, source, target = _set_links(model, name)
    if clear and rows:
        through.objects.filter(**{f"{source}_id__in": [e.pk for e, _ in rows]}).delete()
    through.objects.bulk_create(
        through(**{f"{source}_id": event.pk, f"{target}_id": other})
        for event, ids in rows
        for other in dict.fromkeys(ids)
    )


def _write_events(model, drafts, existing, result, changes, *, base, key_fields, agreements):
    """Insert, update or leave each draft's event; `existing` is the queryset of the rows the
    document may touch (its period and departments)."""
    now = timezone.now()
    current = {
        tuple(getattr(e, f) for f in key_fields): e for e in existing.order_by().iterator(2000)
    }
    sets_now = _sets_now(model, existing)
    links_now = defaultdict(list)
    if agreements:
        for event_id, agreement_id in (
            ReportedEventAgreement.objects.filter(event__in=existing.values("pk"))
            .order_by("event_id", "position")
            .values_list("event_id", "agreement_id")
        ):
            links_now[event_id].append(agreement_id)

    new, changed, relinked, columns = [], [], [], set()
    for key, draft in drafts.items():
        sets = {name: [o.pk for o in getattr(draft, attr)] for name, attr in _SETS.items()}
        linked = [a.pk for a in draft.agreements] if agreements else []
        event = current.get(key)
        if event is None:
            event = model(**base, **dict(zip(key_fields, key, strict=True)), **draft.fields)
            new.append((event, sets, linked))
            continue
        previous = {}
        for name, value in draft.fields.items():
            old = getattr(event, name)
            if old != value:
                previous[name] = _json_value(model._meta.get_field(name), old)
                setattr(event, name, value)
        for name, ids in sets.items():
            if set(ids) != sets_now[name][event.pk]:
                previous[name] = sorted(sets_now[name][event.pk])
        if agreements and linked != links_now[event.pk]:
            previous["agreements"] = links_now[event.pk]
        if not previous:
            result.count("unchanged")
            continue
        columns.update(name for name in previous if name not in (*_SETS, "agreements"))
        previous["version"] = event.version
        event.version += 1
        event.updated_at = now
        changes.change(model, event.pk, previous)
        changed.append(event)
        relinked.append((event, sets, linked, previous))
        result.count("updated")

    model.objects.bulk_create([event for event, _, _ in new])
    changes.add(model, [event.pk for event, _, _ in new])
    result.created += len(new)
    if changed:
        model.objects.bulk_update(
            changed, sorted(columns | {"version", "updated_at"}), batch_size=UPDATE_BATCH
        )
    # Links: those of changed events replaced (only the kinds that changed), of new ones added.
    for name in _SETS:
        _replace_sets(
            model,
            name,
            [(event, sets[name]) for event, sets, _, previous in relinked if name in previous],
            clear=True,
        )
        _replace_sets(model, name, [(event, sets[name]) for event, sets, _ in new], clear=False)
    if agreements:
        again = [(event, linked) for event, _, linked, prev in relinked if "agreements" in prev]
        ReportedEventAgreement.objects.filter(event_id__in=[e.pk for e, _ in again]).delete()
        ReportedEventAgreement.objects.bulk_create(
            ReportedEventAgreement(event_id=event.pk, agreement_id=agreement, position=i)
            for event, linked in [*again, *((e, linked) for e, _, linked in new)]
            for i, agreement in enumerate(dict.fromkeys(linked))
        )


def _write_plan(preview, result, changes):
    layout = preview.layout
    drafts = _by_key(preview.events, lambda d: (d.department.pk, d.position))
    existing = PlannedEvent.objects.filter(
        year=layout.year,
        half=layout.half,
        department_id__in={d.department.pk for d in preview.events},
    )
    _write_events(
        PlannedEvent,
        drafts,
        existing,
        result,
        changes,
        base={"year": layout.year, "half": layout.half},
        key_fields=("department_id", "position"),
        agreements=False,
    )


def _write_submissions(preview, by, changes):
    """Each (department, quarter) of the document recorded as an approved report."""
    layout = preview.layout
    notes = {}
    departments = {}
    for draft in preview.events:
        notes.setdefault((draft.department.pk, draft.period), draft.heading_note)
        departments[draft.department.pk] = draft.department
    before = {
        (s.department_id, s.quarter): s
        for s in Submission.objects.filter(
            year=layout.year,
            quarter__in={q for _, q in notes},
            department_id__in=departments,
        )
    }
    added = []
    for (department_id, quarter), note in notes.items():
        submission, created = submission_record_import(
            department=departments[department_id],
            year=layout.year,
            quarter=quarter,
            source=f"{preview.file_name} ({layout.title})",
            by=by,
            heading_note=note,
        )
        if created:
            added.append(submission.pk)
        elif (old := before.get((department_id, quarter))) and old.heading_note != note:
            changes.change(Submission, submission.pk, {"heading_note": old.heading_note})
    if added:
        changes.add(Submission, added)


def _write_report(preview, result, by, changes):
    layout = preview.layout
    _write_submissions(preview, by, changes)
    drafts = _by_key(preview.events, lambda d: (d.period, d.department.pk, d.position))
    existing = ReportedEvent.objects.filter(
        year=layout.year,
        quarter__in={d.period for d in preview.events},
        department_id__in={d.department.pk for d in preview.events},
    )
    _write_events(
        ReportedEvent,
        drafts,
        existing,
        result,
        changes,
        base={"year": layout.year},
        key_fields=("quarter", "department_id", "position"),
        agreements=True,
    )


# --- The roadmap -------------------------------------------------------------------------------


def _number_key(number):
    """«2.3.» → (2, 3): the place of a section or item by its number."""
    return tuple(int(n) for n in re.findall(r"\d+", number)) or (10**9,)


def _placed(existing, new):
    """Existing rows (in their order) with new ones put in by number: item 2.3 goes between
    2.2 and 2.4. The existing rows keep their relative order; returns the merged list."""
    if not new:
        return existing
    keys = [_number_key(row.number) for row in existing]
    slots = defaultdict(list)
    ordered = keys == sorted(keys)
    for row in new:
        key = _number_key(row.number)
        if ordered:
            index = bisect.bisect_right(keys, key)
        else:
            index = next((i for i, k in enumerate(keys) if k > key), len(keys))
        slots[index].append(row)
    merged = []
    for index in range(len(existing) + 1):
        merged.extend(sorted(slots.get(index, ()), key=lambda r: _number_key(r.number)))
        if index < len(existing):
            merged.append(existing[index])
    return merged


def _renumber(merged):
    """Positions for the merged rows: existing rows keep theirs when the new ones fit between
    them, else the rows are numbered again in order. Returns the existing rows that moved."""
    moved = []
    for position, row in enumerate(merged):
        if row.pk is not None and row.position != position:
            row.position = position
            moved.append(row)
        elif row.pk is None:
            row.position = position
    return moved


def _fits(merged):
    """True when the new rows can take positions between their existing neighbours."""
    last = -1
    pending = 0
    for row in merged:
        if row.pk is None:
            pending += 1
            continue
        if row.position - last <= pending:
            return False
        last, pending = row.position, 0
    return True


def _positions(merged):
    if _fits(merged):
        last, waiting = -1, []
        for row in merged:
            if row.pk is None:
                waiting.append(row)
                continue
            for offset, new in enumerate(waiting, start=1):
                new.position = last + offset
            last, waiting = row.position, []
        for offset, new in enumerate(waiting, start=1):
            new.position = last + offset
        return []
    return _renumber(merged)


def _write_sections(roadmap, preview, changes):
    now = timezone.now()
    sections = {s.number: s for s in RoadmapSection.objects.filter(roadmap=roadmap)}
    existing = sorted(sections.values(), key=lambda s: (s.position, s.pk))
    new, changed = [], []
    for draft in preview.items:
        section = sections.get(draft.section_number)
        if section is None:
            section = RoadmapSection(
                roadmap=roadmap, number=draft.section_number, title=draft.section_title
            )
            sections[draft.section_number] = section
            new.append(section)
        elif section.pk and section.title != draft.section_title and section not in changed:
            changes.change(RoadmapSection, section.pk, {"title": section.title})
            section.title = draft.section_title
            section.updated_at = now
            changed.append(section)
    moved = _positions(_placed(existing, new))
    RoadmapSection.objects.bulk_create(new)
    changes.add(RoadmapSection, [s.pk for s in new])
    if changed:
        RoadmapSection.objects.bulk_update(changed, ["title", "updated_at"])
    if moved:
        RoadmapSection.objects.bulk_update(moved, ["position"])
    return sections


def _write_roadmap(preview, result, changes):
    layout = preview.layout
    year = layout.year
    roadmap = preview.roadmap
    if roadmap is None:
        start, end = layout.roadmap_years
        partner = preview.roadmap_region
        roadmap = Roadmap.objects.create(
            title=layout.roadmap_title,
            short_title=Roadmap.short_title_for(partner),
            region=partner,
            start_year=start,
            end_year=end,
        )
        changes.add(Roadmap, [roadmap.pk])
    sections = _write_sections(roadmap, preview, changes)
    items = {
        (i.section_id, i.number): i for i in RoadmapItem.objects.filter(section__roadmap=roadmap)
    }
    responsible_now = defaultdict(list)
    for item_id, department_id in (
        RoadmapResponsibility.objects.filter(item__section__roadmap=roadmap)
        .order_by("item_id", "position")
        .values_list("item_id", "department_id")
    ):
        responsible_now[item_id].append(department_id)
    progress_now = defaultdict(list)
    for item_id, text in (
        RoadmapProgress.objects.filter(item__section__roadmap=roadmap, year=year)
        .order_by("item_id", "position")
        .values_list("item_id", "text")
    ):
        progress_now[item_id].append(text)

    now = timezone.now()
    drafts = _by_key(preview.items, lambda d: (d.section_number, d.number))
    new, changed, columns = [], [], set()
    relinked = []  # (item, responsible, progress) whose links are written anew
    for (section_number, number), draft in drafts.items():
        section = sections[section_number]
        responsible = list(dict.fromkeys(d.pk for d in draft.responsible))
        values = {"title": draft.title, "timeline_text": draft.timeline}
        item = items.get((section.pk, number))
        if item is None:
            item = RoadmapItem(section=section, number=number, **values)
            new.append(item)
            relinked.append((item, responsible, draft.progress, True))
            continue
        previous = {}
        for name, value in values.items():
            if getattr(item, name) != value:
                previous[name] = getattr(item, name)
                setattr(item, name, value)
        if responsible_now[item.pk] != responsible:
            previous["responsible"] = responsible_now[item.pk]
        if progress_now[item.pk] != draft.progress:
            previous["progress"] = progress_now[item.pk]
        if not previous:
            result.count("unchanged")
            continue
        columns.update(n for n in previous if n in values)
        item.updated_at = now
        changes.change(RoadmapItem, item.pk, previous)
        changed.append(item)
        if "responsible" in previous or "progress" in previous:
            relinked.append(
                (item, responsible, draft.progress, False)
                if "progress" in previous
                else (item, responsible, None, False)
            )
        result.count("updated")

    # New items take their places by number; the existing ones keep their order.
    moved = []
    by_section = defaultdict(list)
    for item in new:
        by_section[item.section.number].append(item)
    existing_by_section = defaultdict(list)
    for item in items.values():
        existing_by_section[item.section_id].append(item)
    for number, added in by_section.items():
        section = sections[number]
        existing = sorted(existing_by_section.get(section.pk, ()), key=lambda i: (i.position, i.pk))
        moved += _positions(_placed(existing, added))
    RoadmapItem.objects.bulk_create(new)
    changes.add(RoadmapItem, [i.pk for i in new])
    result.created += len(new)
    if changed:
        RoadmapItem.objects.bulk_update(
            changed, sorted(columns | {"updated_at"}), batch_size=UPDATE_BATCH
        )
    if moved:
        RoadmapItem.objects.bulk_update(moved, ["position"], batch_size=UPDATE_BATCH)
    _relink_items(relinked, year)
    return roadmap


def _relink_items(relinked, year):
    """Responsible departments and the year's progress of new and changed items, in bulk."""
    responsible_ids = [item.pk for item, _, _, created in relinked if not created]
    progress_ids = [
        item.pk for item, _, progress, created in relinked if not created and progress is not None
    ]
    if responsible_ids:
        RoadmapResponsibility.objects.filter(item_id__in=responsible_ids).delete()
    if progress_ids:
        RoadmapProgress.objects.filter(item_id__in=progress_ids, year=year).delete()
    RoadmapResponsibility.objects.bulk_create(
        RoadmapResponsibility(item_id=item.pk, department_id=d, position=i)
        for item, responsible, _, _ in relinked
        for i, d in enumerate(responsible)
    )
    RoadmapProgress.objects.bulk_create(
        RoadmapProgress(item_id=item.pk, year=year, text=text, position=i)
        for item, _, progress, _ in relinked
        if progress is not None
        for i, text in enumerate(progress)
    )


def write_preview(preview, result, *, by):
    """Store every draft of the preview (new reference rows first), counting into `result`;
    returns the Changes, for the import's record and its undo."""
    changes = Changes(year=preview.layout.year)
    _save_new_reference(preview, changes)
    if preview.layout.kind == ReportKind.PLAN:
        _write_plan(preview, result, changes)
    elif preview.layout.kind == ReportKind.ROADMAP:
        _write_roadmap(preview, result, changes)
    else:
        _write_report(preview, result, by, changes)
    return changes


# --- Undo --------------------------------------------------------------------------------------

UNDO_STALE = "import_changed_since"


def _changed_since(changes):
    """The rows the import wrote that have been changed (or deleted) since."""
    stale = []
    for label, stamps in changes.get("stamps", {}).items():
        model = apps.get_model(label)
        has_version = any(f.name == "version" for f in model._meta.fields)
        columns = ["pk", "updated_at", *(["version"] if has_version else [])]
        now = {
            str(row[0]): _stamp(row[1], row[2] if has_version else None)
            for row in model._base_manager.filter(pk__in=[int(pk) for pk in stamps]).values_list(
                *columns
            )
        }
        for pk, stamp in stamps.items():
            if now.get(pk) != list(stamp):
                stale.append((model, int(pk), pk in now))
    return stale


def _describe(stale):
    shown = []
    for model, pk, exists in stale[:5]:
        name = model._meta.verbose_name
        if exists:
            obj = model._base_manager.filter(pk=pk).first()
            shown.append(f"{name} «{str(obj)[:80]}» изменена")
        else:
            shown.append(f"{name} № {pk} удалена")
    more = f" и ещё {len(stale) - 5}" if len(stale) > 5 else ""
    return "; ".join(shown) + more


def _restore_events(model, previous, now):
    rows = model._base_manager.in_bulk([int(pk) for pk in previous])
    columns = set()
    relinked = []
    for pk, values in previous.items():
        event = rows[int(pk)]
        for name, value in values.items():
            if name in (*_SETS, "agreements", "version"):
                continue
            setattr(event, name, model._meta.get_field(name).to_python(value))
            columns.add(name)
        event.version += 1
        event.updated_at = now
        relinked.append((event, values))
    model._base_manager.bulk_update(
        list(rows.values()), sorted(columns | {"version", "updated_at"}), batch_size=UPDATE_BATCH
    )
    for name in _SETS:
        _replace_sets(model, name, [(e, v[name]) for e, v in relinked if name in v], clear=True)
    linked = [(e, v["agreements"]) for e, v in relinked if "agreements" in v]
    if linked:
        ReportedEventAgreement.objects.filter(event_id__in=[e.pk for e, _ in linked]).delete()
        ReportedEventAgreement.objects.bulk_create(
            ReportedEventAgreement(event_id=e.pk, agreement_id=a, position=i)
            for e, ids in linked
            for i, a in enumerate(ids)
        )


def _restore_items(previous, year, now):
    rows = RoadmapItem.objects.in_bulk([int(pk) for pk in previous])
    columns = set()
    responsible, progress = [], []
    for pk, values in previous.items():
        item = rows[int(pk)]
        for name in ("title", "timeline_text"):
            if name in values:
                setattr(item, name, values[name])
                columns.add(name)
        item.updated_at = now
        if "responsible" in values:
            responsible.append((item.pk, values["responsible"]))
        if "progress" in values:
            progress.append((item.pk, values["progress"]))
    RoadmapItem.objects.bulk_update(
        list(rows.values()), sorted(columns | {"updated_at"}), batch_size=UPDATE_BATCH
    )
    if responsible:
        RoadmapResponsibility.objects.filter(item_id__in=[pk for pk, _ in responsible]).delete()
        RoadmapResponsibility.objects.bulk_create(
            RoadmapResponsibility(item_id=pk, department_id=d, position=i)
            for pk, ids in responsible
            for i, d in enumerate(ids)
        )
    if progress:
        RoadmapProgress.objects.filter(item_id__in=[pk for pk, _ in progress], year=year).delete()
        RoadmapProgress.objects.bulk_create(
            RoadmapProgress(item_id=pk, year=year, text=text, position=i)
            for pk, texts in progress
            for i, text in enumerate(texts)
        )


def _submissions_left_empty(pks, events):
    """The approved reports the import added that hold no other rows than its own: a report a
    later import (or anyone) has added rows to stays, with them."""
    keep = set()
    for submission in Submission.objects.filter(pk__in=pks):
        others = ReportedEvent.objects.filter(
            year=submission.year, quarter=submission.quarter, department=submission.department_id
        ).exclude(pk__in=events)
        if others.exists():
            keep.add(submission.pk)
    return [pk for pk in pks if pk not in keep]


def undo_changes(changes):
    """Put back what an import wrote (its record's `changes`): added rows deleted, changed rows
    given their previous values. Refused (ValidationError) when any of them has been changed or
    deleted since: undoing would throw that work away. Runs in the caller's transaction."""
    stale = _changed_since(changes)
    if stale:
        raise ValidationError(
            f"Загрузку нельзя отменить: после неё изменены или удалены записи, которые она "
            f"внесла ({len(stale)}): {_describe(stale)}. Отмена стёрла бы эти изменения; "
            "если их внесла более поздняя загрузка, сначала отмените её.",
            code=UNDO_STALE,
        )
    now = timezone.now()
    previous = changes.get("previous", {})
    year = changes.get("year")
    for label in ("events.reportedevent", "events.plannedevent"):
        if previous.get(label):
            _restore_events(apps.get_model(label), previous[label], now)
    if previous.get("agreements.roadmapitem"):
        _restore_items(previous["agreements.roadmapitem"], year, now)
    sections = previous.get("agreements.roadmapsection", {})
    for pk, values in sections.items():
        RoadmapSection.objects.filter(pk=int(pk)).update(title=values["title"], updated_at=now)
    for pk, values in previous.get("reports.submission", {}).items():
        Submission.objects.filter(pk=int(pk)).update(
            heading_note=values["heading_note"], updated_at=now
        )
    created = changes.get("created", {})
    for label in _DELETE_ORDER:
        pks = created.get(label)
        if label == "reports.submission" and pks:
            pks = _submissions_left_empty(pks, created.get("events.reportedevent", []))
        if not pks:
            continue
        try:
            apps.get_model(label)._base_manager.filter(pk__in=pks).delete()
        except ProtectedError as error:
            model = apps.get_model(label)
            raise ValidationError(
                f"Загрузку нельзя отменить: {model._meta.verbose_name_plural}, которые она "
                "добавила, уже используются в других записях.",
                code=UNDO_STALE,
            ) from error
