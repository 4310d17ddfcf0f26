"""Event lists at /events/planned/ and /events/reported/: filters, sorting, pages, XLSX."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Roadmap, RoadmapItem, RoadmapSection
from events.models import PlannedEventStatus
from reports.models import SubmissionStatus
from tests.factories import (
    AgreementFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    SubmissionFactory,
    region,
)

pytestmark = pytest.mark.django_db

PLANNED = reverse("insight:planned_list")
REPORTED = reverse("insight:reported_list")


def _titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.context["rows"] and [cells[1][1] for _, cells in response.context["rows"]]


def _roadmap_item():
    roadmap = Roadmap.objects.create(
        title="План «дорожной карты»",
        short_title="«Дорожная карта» с Тверью",
        region=region("Тверская область"),
        start_year=2024,
        end_year=2025,
    )
    section = RoadmapSection.objects.create(roadmap=roadmap, number="1", title="Культура")
    return RoadmapItem.objects.create(section=section, number="1.1.", title="Гастроли театров")


def test_staff_see_only_their_department_and_no_department_filter(staff, department):
    PlannedEventFactory(department=department, title="Своё")
    PlannedEventFactory(title="Чужое")
    response = staff.get(PLANNED)
    assert [cells[1][1] for _, cells in response.context["rows"]] == ["Своё"]
    assert "department" not in response.context["filterset"].form.fields


def test_planned_events_filter_by_period(coordinator, department):
    PlannedEventFactory(
        department=department, year=2024, half=1, title="Весна",
        starts_on=date(2024, 4, 1), ends_on=date(2024, 4, 2),
    )  # fmt: skip
    PlannedEventFactory(
        department=department, year=2024, half=2, title="Осень",
        starts_on=date(2024, 10, 1), ends_on=date(2024, 10, 2),
    )  # fmt: skip
    PlannedEventFactory(department=department, year=2023, half=1, title="Прошлый год")
    assert set(_titles(coordinator, PLANNED, year=2024)) == {"Весна", "Осень"}
    assert _titles(coordinator, PLANNED, year=2024, half=2) == ["Осень"]
    assert _titles(coordinator, PLANNED, year=2024, quarter=2) == ["Весна"]
    assert _titles(coordinator, PLANNED, date_from="2024-09-15", date_to="2024-12-31") == ["Осень"]


def test_planned_events_filter_by_links_and_status(coordinator, department, other_department):
    tver, agreement, item = region("Тверская область"), AgreementFactory(), _roadmap_item()
    tagged = PlannedEventFactory(department=department, title="С Тверью", agreement=agreement)
    tagged.regions.set([tver])
    PlannedEventFactory(department=department, title="По карте", roadmap_item=item)
    PlannedEventFactory(
        department=other_department, title="Отменённое", status=PlannedEventStatus.CANCELLED
    )
    assert _titles(coordinator, PLANNED, region=tver.pk) == ["С Тверью"]
    assert _titles(coordinator, PLANNED, agreement=agreement.pk) == ["С Тверью"]
    assert _titles(coordinator, PLANNED, roadmap_item=item.pk) == ["По карте"]
    assert _titles(coordinator, PLANNED, status="cancelled") == ["Отменённое"]
    assert _titles(coordinator, PLANNED, department=other_department.pk) == ["Отменённое"]


def test_reported_events_filter_by_links_held_and_report_status(coordinator, department):
    tver, agreement, item = region("Тверская область"), AgreementFactory(), _roadmap_item()
    linked = ReportedEventFactory(department=department, title="Связанное", quarter=2)
    linked.regions.set([tver])
    linked.agreement_links.create(agreement=agreement, position=0)
    linked.roadmap_items.set([item])
    ReportedEventFactory(department=department, title="Не состоялось", held=False, note="Дожди")
    SubmissionFactory(department=department, year=2020, quarter=3, status=SubmissionStatus.APPROVED)
    assert _titles(coordinator, REPORTED, region=tver.pk) == ["Связанное"]
    assert _titles(coordinator, REPORTED, agreement=agreement.pk) == ["Связанное"]
    assert _titles(coordinator, REPORTED, roadmap_item=item.pk) == ["Связанное"]
    assert _titles(coordinator, REPORTED, held="no") == ["Не состоялось"]
    assert _titles(coordinator, REPORTED, quarter=2) == ["Связанное"]
    assert _titles(coordinator, REPORTED, half=2) == ["Не состоялось"]
    assert _titles(coordinator, REPORTED, submission_status="approved") == ["Не состоялось"]
    assert _titles(coordinator, REPORTED, submission_status="none") == ["Связанное"]


def test_officials_see_rows_of_approved_reports_only(official, department, approve):
    ReportedEventFactory(department=department, year=2024, quarter=1, title="Принятое")
    ReportedEventFactory(department=department, year=2024, quarter=2, title="На проверке")
    approve(department, 2024, 1)
    response = official.get(REPORTED)
    assert [cells[1][1] for _, cells in response.context["rows"]] == ["Принятое"]
    assert "submission_status" not in response.context["filterset"].form.fields


def test_words_filter_the_list_as_the_search_does(staff, department):
    tver = region("Тверская область")
    PlannedEventFactory(department=department, title="Фестиваль хоров")
    PlannedEventFactory(department=department, title="Семинар").regions.set([tver])
    PlannedEventFactory(department=department, title="Конкурс")
    assert _titles(staff, PLANNED, q="фестиваля") == ["Фестиваль хоров"]
    assert _titles(staff, PLANNED, q="тверской") == ["Семинар"]


def test_sorting_by_a_column_both_ways(coordinator, department):
    for title in ("Б", "В", "А"):
        PlannedEventFactory(department=department, title=title)
    assert _titles(coordinator, PLANNED, o="title") == ["А", "Б", "В"]
    assert _titles(coordinator, PLANNED, o="-title") == ["В", "Б", "А"]
    page = coordinator.get(PLANNED, {"o": "title"}).content.decode()
    assert 'href="?o=-title"' in page


def test_fifty_rows_a_page_and_the_filters_stay_in_the_page_links(coordinator, department):
    PlannedEventFactory.create_batch(55, department=department, year=2024)
    response = coordinator.get(PLANNED, {"year": 2024})
    assert len(response.context["rows"]) == 50
    assert 'href="?year=2024&amp;page=2"' in response.content.decode()
    assert len(coordinator.get(PLANNED, {"year": 2024, "page": 2}).context["rows"]) == 5


def test_contradictory_filters_get_a_message_and_no_rows(coordinator, department):
    PlannedEventFactory(department=department)
    response = coordinator.get(PLANNED, {"half": 1, "quarter": 3, "year": "двадцать"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Этот квартал не входит в выбранное полугодие." in page
    assert response.context["rows"] == []
    page = coordinator.get(PLANNED, {"date_from": "2024-05-01", "date_to": "2024-04-01"})
    assert "Дата «по» раньше даты «с»." in page.content.decode()


@pytest.mark.parametrize("url", [PLANNED, REPORTED])
def test_the_xlsx_download_has_the_pages_columns_and_the_filtered_rows(
    coordinator, department, other_department, url
):
    factory = PlannedEventFactory if url == PLANNED else ReportedEventFactory
    factory(department=department, title="Нужное")
    factory(department=other_department, title="Лишнее")
    page = coordinator.get(url, {"department": department.pk})
    response = coordinator.get(url, {"department": department.pk, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "№ п/п")
    assert [c for c in header if c] == [h["caption"] for h in page.context["headers"]]
    body = rows[rows.index(header) + 1 :]
    assert [row[1] for row in body] == ["Нужное"]
    assert rows[1][0].startswith("Отбор — департамент:")


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [PLANNED, REPORTED])
def test_the_number_of_queries_does_not_grow_with_the_rows(
    coordinator, department, url, django_assert_max_num_queries
):
    tver = region("Тверская область")
    factory = PlannedEventFactory if url == PLANNED else ReportedEventFactory

    def add(count):
        for event in factory.create_batch(count, department=department):
            event.regions.set([tver])
            if url == REPORTED:
                event.agreement_links.create(agreement=AgreementFactory(), position=0)

    add(2)
    few = _queries(coordinator, url)
    add(60)
    assert _queries(coordinator, url) == few
    with django_assert_max_num_queries(18):
        coordinator.get(url)


def test_on_a_phone_each_row_is_a_card_of_cells_labelled_by_their_columns(coordinator, department):
    PlannedEventFactory(department=department, title="Фестиваль", year=2024)
    response = coordinator.get(PLANNED, {"year": 2024})
    html = response.content.decode()
    assert 'class="table table-sm table-hover align-top mb-0 small event-table table-cards"' in html
    _, cells = response.context["rows"][0]
    captions = [h["caption"] for h in response.context["headers"]]
    assert [caption for caption, _ in cells] == captions
    for caption in captions[2:]:
        assert f'data-label="{caption}"' in html
