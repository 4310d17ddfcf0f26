"""Building and rendering a report runs as many queries for 5,000 rows as for 10."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import RoadmapItem, RoadmapProgress, RoadmapResponsibility
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from reports.builders import build_report
from reports.models import SubmissionStatus
from reports.renderers import render_docx, render_html, render_xlsx
from tests.factories import AgreementFactory, DepartmentFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

YEAR = 2030


def _fill(rows, departments):
    agreements = [AgreementFactory(), AgreementFactory()]
    events = ReportedEvent.objects.bulk_create(
        ReportedEvent(
            department=departments[i % len(departments)],
            year=YEAR,
            quarter=1,
            position=i,
            title=f"Мероприятие № {i}",
            timing_text="март",
            starts_on=date(YEAR, 3, 1),
            ends_on=date(YEAR, 3, 2),
            participants="Представители регионов",
        )
        for i in range(rows)
    )
    ReportedEventAgreement.objects.bulk_create(
        ReportedEventAgreement(event=e, agreement=agreements[(i // 3) % 2], position=0)
        for i, e in enumerate(events)
    )
    PlannedEvent.objects.bulk_create(
        PlannedEvent(
            department=departments[i % len(departments)],
            year=YEAR,
            half=1,
            title=f"План {i}",
            regions_text="" if i % 2 else "Тверская область",
            timing_text="март",
            starts_on=date(YEAR, 3, 1),
            ends_on=date(YEAR, 3, 2),
        )
        for i in range(rows)
    )


def _queries(kind, year=YEAR, **arguments):
    with CaptureQueriesContext(connection) as context:
        table = build_report(kind, year=year, **arguments)
        render_docx(table)
        render_xlsx(build_report(kind, year=year, **arguments))
        render_html(build_report(kind, year=year, **arguments))
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("kind", "arguments"),
    [
        ("quarterly", {"quarter": 1}),
        ("quarterly", {"quarter": 1, "draft": True}),
        ("annual", {}),
        ("plan", {"half": 1}),
    ],
)
def test_query_count_is_the_same_for_10_and_5000_rows(
    kind, arguments, django_assert_max_num_queries
):
    departments = [DepartmentFactory() for _ in range(4)]
    for department in departments:
        SubmissionFactory(
            department=department, year=YEAR, quarter=1, status=SubmissionStatus.APPROVED
        )
    _fill(10, departments)
    small = _queries(kind, **arguments)
    ReportedEvent.objects.all().delete()
    PlannedEvent.objects.all().delete()
    _fill(5000, departments)
    assert ReportedEvent.objects.count() == 5000
    with django_assert_max_num_queries(small):
        _queries(kind, **arguments)


def test_roadmap_query_count_does_not_grow_with_items(demo, django_assert_max_num_queries):
    roadmap = demo["roadmap"]
    small = _queries("roadmap", year=2022, roadmap=roadmap)
    section = roadmap.sections.first()
    department = DepartmentFactory()
    items = RoadmapItem.objects.bulk_create(
        RoadmapItem(section=section, number=f"1.{100 + i}.", position=100 + i, title=f"Пункт {i}")
        for i in range(500)
    )
    RoadmapResponsibility.objects.bulk_create(
        RoadmapResponsibility(item=item, department=department) for item in items
    )
    RoadmapProgress.objects.bulk_create(
        RoadmapProgress(item=item, year=2022, text="Исполнено") for item in items
    )
    with django_assert_max_num_queries(small):
        _queries("roadmap", year=2022, roadmap=roadmap)
