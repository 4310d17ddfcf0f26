"""Search at /search/: word forms, region names, highlighting, filters, who sees what, speed.

These tests run on SQLite (the LIKE fallback) and on PostgreSQL (stored tsvector, ts_rank,
ts_headline) alike: DATABASE_URL=postgres://… pytest tests/insight/test_search.py.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from tests.factories import PlannedEventFactory, ReportedEventFactory, region

pytestmark = pytest.mark.django_db

URL = reverse("insight:search")


@pytest.fixture
def records(department, other_department, approve):
    tver = region("Тверская область")
    festival_plan = PlannedEventFactory(
        department=department,
        year=2024,
        half=1,
        title="Межрегиональный фестиваль народного творчества",
        starts_on=date(2024, 5, 1),
        ends_on=date(2024, 5, 3),
    )
    festival_plan.regions.set([tver])
    festival = ReportedEventFactory(
        department=department,
        year=2024,
        quarter=2,
        title="Фестиваль «Смоленский лён»",
        content="Прошёл в г. Вязьме, участвовали мастера из Твери.",
        starts_on=date(2024, 5, 2),
        ends_on=date(2024, 5, 3),
    )
    festival.regions.set([tver])
    approve(department, 2024, 2)
    exhibition = ReportedEventFactory(
        department=other_department,
        year=2024,
        quarter=2,
        title="Выставка ремёсел",
        content="Экспозиция работ мастеров.",
        starts_on=date(2024, 6, 1),
        ends_on=date(2024, 6, 9),
    )
    exhibition.regions.set([tver])
    return {"plan": festival_plan, "festival": festival, "exhibition": exhibition}


def _page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_word_finds_its_other_forms_with_the_word_marked(coordinator, records):
    page = _page(coordinator, q="фестиваля")
    assert "Межрегиональный <mark>фестиваль</mark> народного творчества" in page
    assert "<mark>Фестиваль</mark> «Смоленский лён»" in page
    assert "Выставка ремёсел" not in page


def test_a_region_adjective_finds_its_agreement_and_the_events_tagged_with_it(coordinator, records):
    page = _page(coordinator, q="тверской")
    tver_agreement = Agreement.objects.get(regions=region("Тверская область"))
    assert tver_agreement.get_absolute_url() in page
    assert "<mark>Тверской</mark>" in page
    # Tagged with Tver, though its text never names it.
    assert "Выставка ремёсел" in page
    assert "Субъект РФ в запросе" in page


def test_a_region_and_another_word_find_only_tagged_events_with_that_word(coordinator, records):
    page = _page(coordinator, q="выставка тверская область")
    assert "Выставка ремёсел" in page or "<mark>Выставка</mark> ремёсел" in page
    assert "Смоленский лён" not in page


def test_staff_find_only_their_own_departments_events(staff, records):
    assert "ремёсел" not in _page(staff, q="выставка")
    assert "Смоленский лён" in _page(staff, q="фестиваль")


def test_officials_do_not_find_rows_of_reports_not_yet_approved(
    official, records, other_department, approve
):
    assert "ремёсел" not in _page(official, q="выставка")
    approve(other_department, 2024, 2)
    assert "ремёсел" in _page(official, q="выставка")


def test_counts_per_kind_and_the_kind_filter(coordinator, records):
    page = _page(coordinator, q="фестиваль", kind="reported")
    assert "Смоленский лён" in page
    assert "народного творчества" not in page
    assert "Мероприятия плана" in page and "Мероприятия отчётов" in page


def test_year_region_and_department_filters_narrow_the_results(
    coordinator, records, other_department
):
    assert "Смоленский лён" not in _page(coordinator, q="фестиваль", year=2023)
    assert "Смоленский лён" in _page(coordinator, q="фестиваль", year=2024)
    moscow = region("г. Москва")
    assert "Смоленский лён" not in _page(coordinator, q="фестиваль", region=moscow.pk)
    page = _page(coordinator, q="выставка", department=other_department.pk)
    assert "ремёсел" in page


def test_a_title_match_ranks_above_a_match_in_the_text(coordinator, department):
    ReportedEventFactory(department=department, title="Семинар", content="обсудили фестиваль")
    ReportedEventFactory(department=department, title="Фестиваль хоров", content="пели")
    page = _page(coordinator, q="фестиваль", kind="reported")
    assert page.index("хоров") < page.index("Семинар")


def test_what_people_typed_is_escaped(coordinator, department):
    ReportedEventFactory(department=department, title="<script>alert(1)</script> фестиваль")
    page = _page(coordinator, q="фестиваль")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_bad_input_gets_a_message_not_an_error(coordinator, records):
    page = _page(coordinator, q="ф" * 201)
    assert "Запрос — не длиннее 200 знаков." in page
    assert "Год — не раньше 2000." in _page(coordinator, q="фестиваль", year=1999)
    assert "Ничего не найдено" in _page(coordinator, q="и в на")
    assert "Введите слова для поиска" in _page(coordinator, q="  ")


def test_results_are_paginated(coordinator, department):
    ReportedEventFactory.create_batch(25, department=department, title="Турнир по самбо")
    first = _page(coordinator, q="турнир")
    second = _page(coordinator, q="турнир", page=2)
    assert first.count("search-hit py-3") == 20
    assert second.count("search-hit py-3") == 5


def _queries(client, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_matches(
    coordinator, department, django_assert_max_num_queries
):
    params = {"q": "турнир тверская"}
    tver = region("Тверская область")
    for event in ReportedEventFactory.create_batch(3, department=department, title="Турнир"):
        event.regions.set([tver])
    PlannedEventFactory.create_batch(3, department=department, title="Турнир")
    few = _queries(coordinator, params)
    for event in ReportedEventFactory.create_batch(40, department=department, title="Турнир"):
        event.regions.set([tver])
    PlannedEventFactory.create_batch(40, department=department, title="Турнир")
    assert _queries(coordinator, params) == few
    with django_assert_max_num_queries(16):
        coordinator.get(URL, params)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored vectors exist on PostgreSQL only; SQLite's fallback is tested above",
)
def test_postgres_keeps_a_stored_vector_with_a_gin_index_current(department):
    event = ReportedEventFactory(department=department, title="Конференция")
    event.title = "Фестиваль"
    event.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector @@ plainto_tsquery('russian', 'фестиваля') "
            "FROM events_reportedevent WHERE id = %s",
            [event.pk],
        )
        assert cursor.fetchone() == (True,)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'events_reportedevent' "
            "AND indexname = 'events_reportedevent_search_gin'"
        )
        assert "gin (search_vector)" in cursor.fetchone()[0]


def test_beyond_the_cap_the_counts_say_more_than(coordinator, department, monkeypatch):
    monkeypatch.setattr("insight.search.COUNT_CAP", 3)
    ReportedEventFactory.create_batch(5, department=department, title="Турнир по самбо")
    response = coordinator.get(URL, {"q": "турнир"})
    page = response.content.decode()
    assert "более 3" in page and "Найдено слишком много" in page
    assert response.context["page_obj"].paginator.count == 3
