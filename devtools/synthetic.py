"""Synthetic data for `make bench`: a realistic year of reports at any size.

Texts are drawn from the real documents in fixtures/ so cell lengths, Cyrillic text and line
breaks look like production data: the XML writers and zip compression are sensitive to both.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from cooperation.models import Department, DepartmentKind, Region
from cooperation.periods import ParsedPeriod, format_period, half_range, quarter_range
from cooperation.reference import read_fixture
from cooperation.text import plan_regions_text
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from reports.models import Submission, SubmissionStatus

BATCH = 2000
ROADMAP_REGION = "г. Санкт-Петербург"
WHOLE_PERIOD = "В течение всего периода"
# The seed documents have no unheld events, so the reasons are written here in their style.
NOT_HELD_NOTES = (
    "Мероприятие перенесено на следующий квартал по инициативе принимающей стороны",
    "Мероприятие не проведено в связи с введением ограничительных мер",
    "Проведение мероприятия перенесено в связи с изменением графика работы участников",
)
NOT_HELD_SHARE = 0.04


class _Texts:
    """Real cell values of the two seed documents, pooled per column."""

    def __init__(self):
        report = read_fixture("demo/report_2020_q3.json")
        plan = read_fixture("demo/plan_2022_h2.json")
        roadmap = read_fixture("demo/roadmap_spb.json")
        rows = [row for doc in (report, plan) for group in doc["groups"] for row in group["rows"]]
        self.columns = {
            name: sorted({row[name] for row in rows if row[name]})
            for name in ("title", "venue", "participants", "content")
        }
        self.section_titles = [section["title"] for section in roadmap["sections"]]
        items = [item for section in roadmap["sections"] for item in section["items"]]
        self.item_titles = [item["title"] for item in items]
        self.progress = [entry["text"] for item in items for entry in item["progress"]]
        self.agreements = read_fixture("agreements.json")


def _batched_create(model, objects):
    """bulk_create in batches from any iterable; returns how many rows were written."""
    count, batch = 0, []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _spread(total, parts):
    """`total` split into `parts` counts that differ by at most one."""
    return [total // parts + (index < total % parts) for index in range(parts)]


def _timing(rng, period):
    """A date range inside the period and its wording; a fifth are "the whole period"."""
    if rng.random() < 0.2:
        return ParsedPeriod(WHOLE_PERIOD, period.start, period.end, is_exact=False)
    days = (period.end - period.start).days
    start = period.start + timedelta(days=rng.randrange(days + 1))
    end = min(start + timedelta(days=rng.choice((0, 0, 0, 1, 2, 3))), period.end)
    return ParsedPeriod(format_period(start, end), start, end, is_exact=True)


def _departments(count):
    """Synthetic departments, reused if another year was seeded into the same database."""
    names = [f"Департамент Смоленской области по направлению № {n}" for n in range(1, count + 1)]
    existing = {d.name: d for d in Department.objects.filter(name__in=names)}
    # Far after the real register so synthetic groups never interleave with real ones.
    Department.objects.bulk_create(
        Department(
            name=name,
            short_name=f"Направление № {n}",
            kind=DepartmentKind.EXECUTIVE,
            sort_order=100_000 + n,
        )
        for n, name in enumerate(names, start=1)
        if name not in existing
    )
    return list(Department.objects.filter(name__in=names).order_by("sort_order"))


def _agreements(rng, texts, count, partners, year):
    agreements = []
    for n in range(1, count + 1):
        source = texts.agreements[(n - 1) % len(texts.agreements)]
        title = f"{source['title']} (№ {n}-МС)"
        agreements.append(
            Agreement(
                slug=f"bench-{year}-{n}",
                title=title,
                short_title=f"{source['short_title']} № {n}",
                number=f"{n}-МС",
                signed_on=date(year - rng.randint(1, 10), rng.randint(1, 12), rng.randint(1, 28)),
                spheres=source["spheres"],
            )
        )
    Agreement.objects.bulk_create(agreements)
    through = Agreement.regions.through
    _batched_create(
        through,
        (
            through(agreement_id=agreement.pk, region_id=region.pk)
            for agreement in agreements
            for region in rng.sample(partners, rng.randint(1, 3))
        ),
    )
    return agreements


def _reported_events(rng, texts, *, events, year, departments, agreements, partners):
    """Events in (quarter, department) blocks; returns counts of events and links."""
    counts = {"reported_events": 0, "agreement_links": 0, "event_region_links": 0}
    region_through = ReportedEvent.regions.through
    pending = []  # (event, agreement ids, region ids) waiting for the next bulk_create

    def flush():
        ReportedEvent.objects.bulk_create([event for event, _, _ in pending])
        counts["reported_events"] += len(pending)
        counts["agreement_links"] += _batched_create(
            ReportedEventAgreement,
            (
                ReportedEventAgreement(event_id=event.pk, agreement_id=agreement, position=p)
                for event, linked, _ in pending
                for p, agreement in enumerate(linked)
            ),
        )
        counts["event_region_links"] += _batched_create(
            region_through,
            (
                region_through(reportedevent_id=event.pk, region_id=region)
                for event, _, regions in pending
                for region in regions
            ),
        )
        pending.clear()

    for quarter, in_quarter in enumerate(_spread(events, 4), start=1):
        period = quarter_range(year, quarter)
        for department, count in zip(
            departments, _spread(in_quarter, len(departments)), strict=True
        ):
            run_left, linked = 0, ()
            for position in range(1, count + 1):
                # Runs of rows under the same agreements become merged cells in the report.
                if run_left == 0:
                    run_left = rng.randint(2, 4)
                    linked = tuple(a.pk for a in rng.sample(agreements, rng.randint(1, 2)))
                run_left -= 1
                timing = _timing(rng, period)
                held = rng.random() >= NOT_HELD_SHARE
                event = ReportedEvent(
                    year=year,
                    quarter=quarter,
                    department=department,
                    position=position,
                    title=rng.choice(texts.columns["title"]),
                    **ReportedEvent.timing_values(timing.text, timing),
                    venue=rng.choice(texts.columns["venue"]),
                    participants=rng.choice(texts.columns["participants"]),
                    participants_count=rng.choice((None, rng.randint(5, 300))),
                    content=rng.choice(texts.columns["content"]),
                    note="" if held else rng.choice(NOT_HELD_NOTES),
                    held=held,
                )
                regions = [r.pk for r in rng.sample(partners, rng.randint(0, 3))]
                pending.append((event, linked, regions))
                if len(pending) >= BATCH:
                    flush()
    flush()
    return counts


def _planned_events(rng, texts, *, count, year, departments, agreements, partners):
    region_through = PlannedEvent.regions.through
    pending = []  # (planned event, region ids)
    written = 0

    def flush():
        PlannedEvent.objects.bulk_create([event for event, _ in pending])
        _batched_create(
            region_through,
            (
                region_through(plannedevent_id=event.pk, region_id=region.pk)
                for event, regions in pending
                for region in regions
            ),
        )
        pending.clear()

    for half, in_half in enumerate(_spread(count, 2), start=1):
        period = half_range(year, half)
        for department, n in zip(departments, _spread(in_half, len(departments)), strict=True):
            for position in range(1, n + 1):
                timing = _timing(rng, period)
                all_regions = rng.random() < 0.05
                regions = [] if all_regions else rng.sample(partners, rng.randint(1, 4))
                pending.append(
                    (
                        PlannedEvent(
                            year=year,
                            half=half,
                            department=department,
                            position=position,
                            all_regions=all_regions,
                            regions_text=plan_regions_text(regions, all_regions),
                            title=rng.choice(texts.columns["title"]),
                            **PlannedEvent.timing_values(timing.text, timing),
                            venue=rng.choice(texts.columns["venue"]),
                            content=rng.choice(texts.columns["content"]),
                            participants=rng.choice(texts.columns["participants"]),
                            agreement=rng.choice((None, rng.choice(agreements))),
                        ),
                        regions,
                    )
                )
                written += 1
                if len(pending) >= BATCH:
                    flush()
    flush()
    return written


def _roadmap(rng, texts, *, items, year, departments):
    region = Region.objects.get(short_name=ROADMAP_REGION)
    start, end = year - 1, year + 1
    roadmap = Roadmap.objects.create(
        title=(
            "План мероприятий «Дорожной карты» по развитию сотрудничества между "
            f"Санкт-Петербургом и Смоленской областью на {start}-{end} годы"
        ),
        short_title=Roadmap.short_title_for(region),
        region=region,
        start_year=start,
        end_year=end,
    )
    section_count = min(10, items)
    sections = RoadmapSection.objects.bulk_create(
        RoadmapSection(
            roadmap=roadmap,
            number=str(n),
            title=texts.section_titles[(n - 1) % len(texts.section_titles)],
            position=n,
        )
        for n in range(1, section_count + 1)
    )
    roadmap_items = []
    for section, count in zip(sections, _spread(items, section_count), strict=True):
        roadmap_items += [
            RoadmapItem(
                section=section,
                number=f"{section.number}.{n}.",
                position=n,
                title=rng.choice(texts.item_titles),
                timeline_text=f"{start}-{end} годы",
            )
            for n in range(1, count + 1)
        ]
    RoadmapItem.objects.bulk_create(roadmap_items, batch_size=BATCH)
    responsibilities = _batched_create(
        RoadmapResponsibility,
        (
            RoadmapResponsibility(item=item, department=department, position=p)
            for item in roadmap_items
            for p, department in enumerate(rng.sample(departments, rng.randint(1, 2)))
        ),
    )
    progress = _batched_create(
        RoadmapProgress,
        (
            RoadmapProgress(item=item, year=year, position=p, text=rng.choice(texts.progress))
            for item in roadmap_items
            for p in range(rng.randint(1, 3))
        ),
    )
    return {
        "roadmap_sections": len(sections),
        "roadmap_items": len(roadmap_items),
        "roadmap_responsibilities": responsibilities,
        "roadmap_progress": progress,
    }


def bench_seed(*, events, year=2030, departments=20, seed=1):
    """Fill the current database with a year of synthetic reports; returns counts of rows."""
    rng = random.Random(seed)
    texts = _Texts()
    with transaction.atomic():
        partners = list(Region.objects.partners().order_by("number"))
        department_rows = _departments(departments)
        agreements = _agreements(rng, texts, max(10, events // 200), partners, year)
        counts = {"departments": len(department_rows), "agreements": len(agreements)}
        counts |= _reported_events(
            rng,
            texts,
            events=events,
            year=year,
            departments=department_rows,
            agreements=agreements,
            partners=partners,
        )
        counts["submissions"] = len(
            Submission.objects.bulk_create(
                Submission(
                    department=department,
                    year=year,
                    quarter=quarter,
                    status=SubmissionStatus.APPROVED,
                )
                for quarter in range(1, 5)
                for department in department_rows
            )
        )
        counts["planned_events"] = _planned_events(
            rng,
            texts,
            count=events // 2,
            year=year,
            departments=department_rows,
            agreements=agreements,
            partners=partners,
        )
        counts |= _roadmap(
            rng, texts, items=max(5, events // 50), year=year, departments=department_rows
        )
    return counts


def bench_roadmap(year):
    """The roadmap bench_seed created for `year`."""
    return (
        Roadmap.objects.select_related("region")
        .filter(region__short_name=ROADMAP_REGION, start_year=year - 1, end_year=year + 1)
        .latest("pk")
    )
