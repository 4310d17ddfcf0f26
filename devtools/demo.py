"""Demo data: the three seed documents, row for row, loaded idempotently.

Every record is keyed by what identifies it in its document (period, department, row number;
roadmap section and item numbers), so a second load updates in place and adds nothing.
"""

from django.db import transaction

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from cooperation.models import Department, Region
from cooperation.periods import half_range, quarter_range
from cooperation.reference import read_fixture
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from reports.services import submission_record_import

PLAN_FIXTURE = "demo/plan_2022_h2.json"
REPORT_FIXTURE = "demo/report_2020_q3.json"
ROADMAP_FIXTURE = "demo/roadmap_spb.json"


class _Lookup:
    """Reference rows by name, read once per load instead of once per row."""

    def __init__(self):
        self.departments = {d.name: d for d in Department.objects.all()}
        self.regions = {r.short_name: r for r in Region.objects.all()}
        self.agreements = {a.slug: a for a in Agreement.objects.all()}


def _load_plan(doc, lookup):
    period = half_range(doc["year"], doc["half"])
    count = 0
    for group in doc["groups"]:
        department = lookup.departments[group["department"]]
        for row in group["rows"]:
            event = PlannedEvent.objects.filter(
                year=doc["year"], half=doc["half"], department=department, position=row["number"]
            ).first() or PlannedEvent(
                year=doc["year"], half=doc["half"], department=department, position=row["number"]
            )
            event.regions_text = row["regions_text"]
            event.all_regions = row["all_regions"]
            event.title = row["title"]
            event.venue = row["venue"]
            event.content = row["content"]
            event.participants = row["participants"]
            event.set_timing(row["timing_text"], year=doc["year"], fallback=period)
            event.save()
            event.regions.set([lookup.regions[name] for name in row["regions"]])
            count += 1
    return count


def _load_report(doc, lookup):
    year, quarter = doc["year"], doc["quarter"]
    period = quarter_range(year, quarter)
    count = 0
    for group in doc["groups"]:
        department = lookup.departments[group["department"]]
        submission_record_import(
            department=department,
            year=year,
            quarter=quarter,
            source=doc["title"],
            heading_note=group["heading_note"],
        )
        for row in group["rows"]:
            event = ReportedEvent.objects.filter(
                year=year, quarter=quarter, department=department, position=row["number"]
            ).first() or ReportedEvent(
                year=year, quarter=quarter, department=department, position=row["number"]
            )
            event.title = row["title"]
            event.venue = row["venue"]
            event.participants = row["participants"]
            event.participants_count = row["participants_count"]
            event.content = row["content"]
            event.note = row["note"]
            event.held = row["held"]
            event.set_timing(row["timing_text"], year=year, fallback=period)
            event.save()
            event.regions.set([lookup.regions[name] for name in row["regions"]])
            event.agreement_links.all().delete()
            ReportedEventAgreement.objects.bulk_create(
                ReportedEventAgreement(event=event, agreement=lookup.agreements[slug], position=i)
                for i, slug in enumerate(row["agreements"])
            )
            count += 1
    return count


def _load_roadmap(doc, lookup):
    roadmap, _ = Roadmap.objects.update_or_create(
        title=doc["title"],
        defaults={
            "short_title": Roadmap.short_title_for(lookup.regions[doc["region"]]),
            "region": lookup.regions[doc["region"]],
            "start_year": doc["start_year"],
            "end_year": doc["end_year"],
        },
    )
    items = 0
    for s_pos, sec in enumerate(doc["sections"]):
        section, _ = RoadmapSection.objects.update_or_create(
            roadmap=roadmap,
            number=sec["number"],
            defaults={"title": sec["title"], "position": s_pos},
        )
        for i_pos, row in enumerate(sec["items"]):
            item, _ = RoadmapItem.objects.update_or_create(
                section=section,
                number=row["number"],
                defaults={
                    "title": row["title"],
                    "timeline_text": row["timeline_text"],
                    "position": i_pos,
                },
            )
            item.responsibilities.all().delete()
            RoadmapResponsibility.objects.bulk_create(
                RoadmapResponsibility(item=item, department=lookup.departments[name], position=p)
                for p, name in enumerate(row["responsible"])
            )
            item.progress_entries.filter(year=doc["report_year"]).delete()
            RoadmapProgress.objects.bulk_create(
                RoadmapProgress(item=item, year=entry["year"], text=entry["text"], position=p)
                for p, entry in enumerate(row["progress"])
            )
            items += 1
    return roadmap, items


def demo_load():
    """Load all three seed documents in one transaction; returns counts for the command."""
    with transaction.atomic():
        lookup = _Lookup()
        planned = _load_plan(read_fixture(PLAN_FIXTURE), lookup)
        reported = _load_report(read_fixture(REPORT_FIXTURE), lookup)
        roadmap, items = _load_roadmap(read_fixture(ROADMAP_FIXTURE), lookup)
    return {"planned": planned, "reported": reported, "roadmap": roadmap, "roadmap_items": items}
