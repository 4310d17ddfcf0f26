"""The pages of an agreement, a region and a department."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import (
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from cooperation.periods import last_finished_quarter, quarter_range
from reports.models import SubmissionAction, SubmissionHistory, SubmissionStatus
from tests.factories import (
    AgreementFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    SubmissionFactory,
    region,
)

pytestmark = pytest.mark.django_db


def _held(department, agreement, year, quarter, title="Встреча", **fields):
    period = quarter_range(year, quarter)
    event = ReportedEventFactory(
        department=department, year=year, quarter=quarter, title=title,
        starts_on=period.start, ends_on=period.start, **fields,
    )  # fmt: skip
    event.agreement_links.create(agreement=agreement, position=0)
    return event


@pytest.fixture
def agreement():
    return AgreementFactory(
        title="Соглашение о сотрудничестве с Тверской областью",
        signed_on=date(2019, 3, 1),
        number="12-С",
    )


@pytest.fixture
def roadmap(agreement, department):
    roadmap = Roadmap.objects.create(
        title="План «дорожной карты» с Тверью",
        short_title="«Дорожная карта» с Тверью",
        region=region("Тверская область"),
        agreement=agreement,
        start_year=2023,
        end_year=2024,
    )
    section = RoadmapSection.objects.create(roadmap=roadmap, number="1", title="Культура")
    item = RoadmapItem.objects.create(section=section, number="1.1.", title="Гастроли театров")
    RoadmapResponsibility.objects.create(item=item, department=department)
    RoadmapProgress.objects.create(item=item, year=2024, text="Гастроли прошли в мае.")
    return roadmap


def test_agreement_page_shows_parties_dates_roadmap_progress_and_events_by_quarter(
    coordinator, agreement, roadmap, department
):
    event = _held(department, agreement, 2024, 2, title="Гастроли Тверского театра")
    event.roadmap_items.set(RoadmapItem.objects.all())
    _held(department, agreement, 2023, 4, title="Рабочая встреча")
    page = coordinator.get(agreement.get_absolute_url()).content.decode()
    assert "Смоленская область" in page and "Тверская область" in page
    assert "01.03.2019" in page and "№ 12-С" in page
    assert "Гастроли прошли в мае." in page
    assert "мероприятий в отчётах: 1" in page
    assert page.index("II квартал 2024 года") < page.index("Гастроли Тверского театра")
    assert page.index("Гастроли Тверского театра") < page.index("IV квартал 2023 года")
    assert "<svg" in page  # the timeline


def test_agreement_without_events_for_four_quarters_says_no_activity(
    coordinator, agreement, department
):
    year, quarter = last_finished_quarter(timezone.localdate())
    _held(department, agreement, year - 2, quarter)
    assert "нет активности" in coordinator.get(agreement.get_absolute_url()).content.decode()
    _held(department, agreement, year, quarter)
    assert "нет активности" not in coordinator.get(agreement.get_absolute_url()).content.decode()


def test_an_event_not_held_is_no_activity(coordinator, agreement, department):
    year, quarter = last_finished_quarter(timezone.localdate())
    _held(department, agreement, year, quarter, held=False, note="Перенесено")
    assert "нет активности" in coordinator.get(agreement.get_absolute_url()).content.decode()


def test_agreement_page_hides_other_departments_rows_from_staff(
    staff, agreement, department, other_department
):
    _held(department, agreement, 2024, 1, title="Своё мероприятие")
    _held(other_department, agreement, 2024, 1, title="Чужое мероприятие")
    page = staff.get(agreement.get_absolute_url()).content.decode()
    assert "Своё мероприятие" in page and "Чужое мероприятие" not in page


def test_region_page_shows_agreements_roadmaps_events_and_participants(
    coordinator, roadmap, department
):
    tver = region("Тверская область")
    event = ReportedEventFactory(
        department=department, year=2024, quarter=2, title="Фестиваль в Твери",
        participants_count=120,
    )  # fmt: skip
    event.regions.set([tver])
    plan = PlannedEventFactory(department=department, title="Дни Твери в Смоленске")
    plan.regions.set([tver])
    page = coordinator.get(tver.get_absolute_url()).content.decode()
    assert roadmap.get_absolute_url() in page
    assert "Соглашение с Правительством Тверской области" in page
    assert "Фестиваль в Твери" in page and "Дни Твери в Смоленске" in page
    assert "II кв. 2024" in page and ">120<" in page


def test_officials_do_not_see_unapproved_rows_on_the_region_page(official, department, approve):
    tver = region("Тверская область")
    event = ReportedEventFactory(department=department, year=2024, quarter=2, title="Черновик")
    event.regions.set([tver])
    assert "Черновик" not in official.get(tver.get_absolute_url()).content.decode()
    approve(department, 2024, 2)
    assert "Черновик" in official.get(tver.get_absolute_url()).content.decode()


def test_department_page_shows_plans_reports_history_and_roadmap_items(
    coordinator, coordinator_user, department, roadmap
):
    PlannedEventFactory(department=department, year=2024, half=1)
    submission = SubmissionFactory(
        department=department, year=2024, quarter=1, status=SubmissionStatus.RETURNED
    )
    SubmissionHistory.objects.create(
        submission=submission,
        action=SubmissionAction.RETURNED,
        status=SubmissionStatus.RETURNED,
        by=coordinator_user,
        comment="Уточните число участников",
    )
    page = coordinator.get(department.get_absolute_url()).content.decode()
    assert "I полугодие 2024" in page
    assert "I квартал 2024 года" in page and "возвращён на доработку" in page
    assert "Уточните число участников" in page
    assert "Гастроли театров" in page


def test_another_departments_page_shows_staff_no_plans_or_reports(
    staff, other_department, department
):
    PlannedEventFactory(department=other_department, title="Чужой план")
    page = staff.get(other_department.get_absolute_url()).content.decode()
    assert "доступны координаторам и руководству" in page
    assert "Чужой план" not in page
    assert "Квартальные отчёты" in staff.get(department.get_absolute_url()).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pages_run_as_many_queries_for_many_events_as_for_few(
    coordinator, agreement, roadmap, department, django_assert_max_num_queries
):
    tver = region("Тверская область")
    years = iter(range(2000, 2100))

    def add(count):
        for i in range(count):
            event = _held(department, agreement, 2020 + i % 5, 1 + i % 4)
            event.regions.set([tver])
            event.roadmap_items.set(RoadmapItem.objects.all())
            PlannedEventFactory(department=department, agreement=agreement).regions.set([tver])
            SubmissionFactory(department=department, year=next(years), quarter=1)

    urls = [agreement.get_absolute_url(), tver.get_absolute_url(), department.get_absolute_url()]
    add(2)
    few = [_queries(coordinator, url) for url in urls]
    add(30)
    assert [_queries(coordinator, url) for url in urls] == few
    for url in urls:
        with django_assert_max_num_queries(26):
            coordinator.get(url)
