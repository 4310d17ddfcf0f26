"""Writing: the drafts of a checked preview stored, each row created or brought up to date by
its key, so importing the same document again changes nothing."""

from django.utils.text import slugify

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from reports.documents import ReportKind
from reports.services import submission_record_import


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


def _touch(event):
    # Changed links are a change of the event: stored documents see it by its updated_at.
    event.save(update_fields=["updated_at"])


def _changed(outcome):
    return outcome if outcome == "created" else "updated"


def _sync_regions(event, regions, outcome):
    if {r.pk for r in event.regions.all()} != {r.pk for r in regions}:
        event.regions.set(regions)
        _touch(event)
        return _changed(outcome)
    return outcome


def _sync_foreign(event, partners, outcome):
    if {p.pk for p in event.foreign_partners.all()} != {p.pk for p in partners}:
        event.foreign_partners.set(partners)
        _touch(event)
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
        outcome = _sync_foreign(event, draft.foreign, outcome)
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
            _touch(event)
            outcome = _changed(outcome)
        outcome = _sync_foreign(event, draft.foreign, outcome)
        result.count(_sync_regions(event, draft.regions, outcome))


def _write_roadmap(preview, result):
    layout = preview.layout
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


def write_preview(preview, result, *, by):
    """Store every draft of the preview (new reference rows first), counting into `result`."""
    _save_new_reference(preview)
    if preview.layout.kind == ReportKind.PLAN:
        _write_plan(preview, result)
    elif preview.layout.kind == ReportKind.ROADMAP:
        _write_roadmap(preview, result)
    else:
        _write_report(preview, result, by)
