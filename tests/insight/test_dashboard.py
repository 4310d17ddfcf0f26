"""The dashboard: figures from GROUP BYs, SVG on the server, tables, CSV and the tile map."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.models import ForeignPartner, Region
from events.models import PlannedEventStatus
from insight.charts import map_thresholds, nice_step, region_tiles, scale, stacked_columns
from insight.dashboard import Dashboard
from tests.factories import AgreementFactory, PlannedEventFactory, ReportedEventFactory, region

pytestmark = pytest.mark.django_db

URL = reverse("insight:dashboard")
PERIOD = {"year_from": 2024, "year_to": 2024}


def _held(department, quarter, *, regions=(), agreement=None, participants=None, **fields):
    event = ReportedEventFactory(
        department=department,
        year=2024,
        quarter=quarter,
        participants_count=participants,
        starts_on=date(2024, 3 * quarter - 2, 1),
        ends_on=date(2024, 3 * quarter - 2, 2),
        **fields,
    )
    event.regions.set([region(name) for name in regions])
    if agreement:
        event.agreement_links.create(agreement=agreement, position=0)
    return event


@pytest.fixture
def data(department, other_department):
    agreement = AgreementFactory(short_title="Соглашение с Тверью")
    _held(department, 1, regions=["Тверская область"], agreement=agreement, participants=40)
    _held(department, 1, regions=["Тверская область", "г. Москва"], participants=10)
    _held(other_department, 2, regions=["г. Москва"], agreement=agreement)
    _held(other_department, 2, held=False, note="Отменено", regions=["Брянская область"])
    PlannedEventFactory(department=department, year=2024, half=1, status=PlannedEventStatus.HELD)
    PlannedEventFactory(department=department, year=2024, half=1)
    return {"agreement": agreement}


def _figure(user, slug):
    return Dashboard(user, year_from=2024, year_to=2024).figure(slug)


def test_events_per_quarter_are_stacked_by_department(coordinator_user, data, department):
    figure = _figure(coordinator_user, "events")
    assert figure.columns[0] == "Квартал" and figure.columns[-1] == "Всего"
    assert figure.rows[0][0] == "I кв. 2024" and figure.rows[0][-1] == 2
    assert figure.rows[1][-1] == 1  # the event not held does not count
    assert department.short_name in figure.columns


def test_participants_per_quarter_add_up_the_stated_counts(coordinator_user, data):
    rows = _figure(coordinator_user, "participants").rows
    assert rows[0] == ["I кв. 2024", 50, 2, 2]
    assert rows[1] == ["II кв. 2024", 0, 1, 0]


def test_top_regions_count_joint_events(coordinator_user, data):
    assert _figure(coordinator_user, "regions").rows == [
        ["Тверская область", 2],
        ["г. Москва", 2],
    ]


def test_share_of_planned_events_held(coordinator_user, data):
    row = _figure(coordinator_user, "plan").rows[0]
    assert row[0] == "I полугодие 2024" and row[1] == 2 and row[2] == 1 and row[-1] == "50 %"


def test_agreements_by_activity_include_the_dormant_ones(coordinator_user, data):
    figure = _figure(coordinator_user, "agreements")
    assert figure.rows[0] == ["Соглашение с Тверью", 2]
    assert ["Соглашение с Правительством Тверской области", 0] in figure.rows
    assert "Без мероприятий за период:" in figure.note


def test_the_map_has_a_tile_for_every_subject_linking_to_its_page(coordinator_user, data):
    chart = _figure(coordinator_user, "map").chart
    assert len(chart["tiles"]) == Region.objects.count() == 89
    moscow = next(t for t in chart["tiles"] if t.name == "г. Москва")
    assert moscow.value == 2 and moscow.url == region("г. Москва").get_absolute_url()
    assert next(t for t in chart["tiles"] if t.is_home).name == "Смоленская область"


def test_the_tile_layout_places_every_subject_in_its_own_square():
    tiles = region_tiles()
    assert sorted(tiles) == list(range(1, 90))
    assert len({(col, row) for col, row, _ in tiles.values()}) == 89
    assert len({label for _, _, label in tiles.values()}) == 89


def test_the_page_draws_svg_with_tables_and_csv_links(coordinator, data):
    page = coordinator.get(URL, PERIOD).content.decode()
    assert page.count("<svg") == 6
    assert page.count("Таблица данных") == 6
    assert 'href="/dashboard/events.csv?year_from=2024&amp;year_to=2024"' in page
    assert "совместных мероприятий с зарубежными партнёрами в отчётах нет" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_partners_abroad_are_listed_beside_the_map_with_their_events(coordinator, data, department):
    minsk = ForeignPartner.objects.get(name="г. Минск")
    _held(department, 3, regions=["Тверская область"]).foreign_partners.set([minsk])
    _held(department, 3, held=False, note="Отменено").foreign_partners.set([minsk])
    page = coordinator.get(URL, PERIOD).content.decode()
    assert "Зарубежные партнёры" in page
    assert "<span>г. Минск</span><span>1</span>" in page


def test_the_csv_has_the_figures_of_the_table(coordinator, coordinator_user, data):
    response = coordinator.get(reverse("insight:dashboard_csv", args=["regions"]), PERIOD)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    figure = _figure(coordinator_user, "regions")
    assert rows == [figure.columns, *[[str(c) for c in row] for row in figure.rows]]
    assert coordinator.get(reverse("insight:dashboard_csv", args=["nope"])).status_code == 404


def test_staff_see_their_department_and_officials_approved_reports_only(
    staff_user, official_user, data, department, approve
):
    assert _figure(staff_user, "events").rows[1][-1] == 0  # quarter II is the other's
    assert _figure(official_user, "regions").rows == []
    approve(department, 2024, 1)
    assert _figure(official_user, "regions").rows == [
        ["Тверская область", 2],
        ["г. Москва", 1],
    ]


def test_a_bad_period_gets_a_message(coordinator):
    page = coordinator.get(URL, {"year_from": 2024, "year_to": 2010}).content.decode()
    assert "Год окончания раньше года начала." in page
    page = coordinator.get(URL, {"year_from": 2000, "year_to": 2020}).content.decode()
    assert "Выберите не больше 10 лет." in page
    page = coordinator.get(URL, {"year_from": 2020}).content.decode()
    assert "Укажите оба года" in page


def test_without_a_period_it_shows_the_last_three_years_with_data(coordinator, data, department):
    ReportedEventFactory(department=department, year=2019)
    response = coordinator.get(URL)
    assert response.context["board"].year_from == 2022
    assert response.context["board"].year_to == 2024


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, PERIOD).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_events(
    coordinator, department, data, django_assert_max_num_queries
):
    few = _queries(coordinator)
    for i in range(40):
        _held(department, 1 + i % 4, regions=["Курская область"], agreement=data["agreement"])
        PlannedEventFactory(department=department, year=2024, half=1 + i % 2)
    assert _queries(coordinator) == few
    with django_assert_max_num_queries(25):
        coordinator.get(URL, PERIOD)


# --- geometry -------------------------------------------------------------------------------


def test_axis_steps_are_round_numbers():
    assert [nice_step(v) for v in (0.3, 3, 7, 12, 180)] == [0.5, 5, 10, 20, 200]
    assert scale(7) == (8, [0, 2, 4, 6, 8])
    assert scale(0) == (1, [0, 1])


def test_stacked_columns_are_as_tall_as_their_totals():
    chart = stacked_columns(
        [("I кв.", 2024), ("II кв.", 2024)], [("А", "#000", [2, 4]), ("Б", "#111", [2, 0])]
    )
    heights = [rect.height for rect in chart.rects]
    assert heights[0] + heights[1] == pytest.approx(heights[2], abs=0.2)
    assert [item.text for item in chart.legend] == ["А", "Б"]
    assert [label.text for label in chart.labels if label.text.endswith(("кв.", "2024"))] == [
        "I кв.",
        "2024",
        "II кв.",
    ]


def test_map_shades_spread_over_the_range():
    assert map_thresholds(3) == [1, 2, 3]
    assert map_thresholds(100) == [1, 21, 41, 61, 81]
