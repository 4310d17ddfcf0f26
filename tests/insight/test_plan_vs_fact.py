"""The plan-versus-fact page, its documents and the coordinator's buttons."""

from datetime import date
from io import BytesIO
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from insight.builders import plan_vs_fact_report
from insight.matching import PlanVsFact
from insight.models import MatchDecision
from reports.renderers import render_html
from tests.factories import PlannedEventFactory, ReportedEventFactory

pytestmark = pytest.mark.django_db

URL = reverse("insight:plan_vs_fact")
DECIDE = reverse("insight:match_decide")
PERIOD = {"year": 2024, "half": 2}


@pytest.fixture
def half(department):
    held = PlannedEventFactory(department=department, year=2024, half=2, title="Фестиваль ремёсел")
    ReportedEventFactory(
        department=department, year=2024, quarter=3, title="Фестиваль ремёсел прошёл",
        planned_event=held, starts_on=date(2024, 9, 5), ends_on=date(2024, 9, 6),
    )  # fmt: skip
    open_plan = PlannedEventFactory(
        department=department, year=2024, half=2, title="Конкурс юных чтецов",
        starts_on=date(2024, 10, 1), ends_on=date(2024, 10, 31),
    )  # fmt: skip
    candidate = ReportedEventFactory(
        department=department, year=2024, quarter=4, title="Конкурс чтецов «Живое слово»",
        starts_on=date(2024, 10, 10), ends_on=date(2024, 10, 10),
    )  # fmt: skip
    ReportedEventFactory(
        department=department, year=2024, quarter=4, title="Круглый стол",
        starts_on=date(2024, 12, 1), ends_on=date(2024, 12, 1),
    )  # fmt: skip
    return {"open": open_plan, "candidate": candidate}


def test_the_page_shows_each_plan_row_with_its_outcome_and_counts(coordinator, half):
    page = coordinator.get(URL, PERIOD).content.decode()
    assert "Фестиваль ремёсел прошёл" in page
    assert "проведено" in page and "нет сведений" in page
    assert "Вне плана" in page


def test_coordinators_see_proposals_with_buttons_and_others_do_not(coordinator, staff, half):
    page = coordinator.get(URL, PERIOD).content.decode()
    assert "Возможно, это:" in page and "Конкурс чтецов «Живое слово»" in page
    assert "Это оно" in page
    assert "Это оно" not in staff.get(URL, PERIOD).content.decode()


def test_confirming_a_proposal_marks_the_plan_row_held(coordinator, half):
    back = f"{URL}?year=2024&half=2"
    response = coordinator.post(
        DECIDE,
        {
            "planned_event": half["open"].pk,
            "reported_event": half["candidate"].pk,
            "decision": "confirmed",
            "next": back,
        },
    )
    assert response.status_code == 302 and response.url == back
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Соответствие подтверждено."]
    page = coordinator.get(URL, {**PERIOD, "show": "no_info"}).content.decode()
    assert "Конкурс юных чтецов" not in page
    assert "сопоставлено координатором" in coordinator.get(URL, PERIOD).content.decode()


def test_a_decision_from_staff_or_about_a_wrong_pair_is_refused(coordinator, staff, half):
    data = {"planned_event": half["open"].pk, "reported_event": half["candidate"].pk}
    assert staff.post(DECIDE, {**data, "decision": "confirmed"}).status_code == 403
    response = coordinator.post(DECIDE, {**data, "reported_event": 0, "decision": "confirmed"})
    assert response.status_code == 302
    assert "не найдено" in str(next(iter(get_messages(response.wsgi_request))))
    response = coordinator.post(DECIDE, {**data, "decision": "confirmed", "next": "https://x.org"})
    assert response.url == URL
    assert not MatchDecision.objects.exclude(decision="confirmed").exists()


def test_the_tabs_show_one_outcome_or_the_unplanned_rows(coordinator, half):
    page = coordinator.get(URL, {**PERIOD, "show": "unplanned"}).content.decode()
    assert "Круглый стол" in page and "Фестиваль ремёсел прошёл" not in page
    page = coordinator.get(URL, {**PERIOD, "show": "held"}).content.decode()
    assert "Фестиваль ремёсел" in page and "Конкурс юных чтецов" not in page


def test_a_bad_period_gets_a_message(coordinator):
    response = coordinator.get(URL, {"year": 1900, "half": 3})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Год — не раньше 2000." in page and "Выберите I или II." in page


def test_staff_see_only_their_department(staff, half, other_department):
    PlannedEventFactory(department=other_department, year=2024, half=2, title="Чужой план")
    page = staff.get(URL, PERIOD).content.decode()
    assert "Фестиваль ремёсел" in page and "Чужой план" not in page


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_document_lists_plan_rows_outcomes_and_unplanned_rows(coordinator, half, fmt):
    response = coordinator.get(URL, {**PERIOD, "format": fmt})
    assert response.status_code == 200
    assert quote(f"План_и_факт_II_полугодие_2024.{fmt}") in response["Content-Disposition"]
    if fmt == "docx":
        document = Document(BytesIO(response.content))
        text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        text += "\n".join(p.text for p in document.paragraphs)
    else:
        sheet = load_workbook(BytesIO(response.content)).active
        text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    for expected in (
        "за II полугодие 2024 года: план и факт",
        "Фестиваль ремёсел прошёл",
        "нет сведений",
        "Мероприятия отчётов, которых не было в плане",
        "Круглый стол",
        "Итого: проведено — 1",
    ):
        assert expected in text


def test_the_builder_gives_the_same_neutral_table_the_other_reports_do(coordinator_user, half):
    table = plan_vs_fact_report(PlanVsFact(user=coordinator_user, year=2024, half=2))
    html = render_html(table)
    assert table.columns[4].caption == "Итог"
    assert "Конкурс юных чтецов" in html


def _queries(client, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_plan(
    coordinator, department, django_assert_max_num_queries
):
    def add(count):
        for i in range(count):
            plan = PlannedEventFactory(department=department, year=2024, half=2)
            ReportedEventFactory(
                department=department, year=2024, quarter=3, planned_event=plan if i % 2 else None
            )

    add(3)
    few = _queries(coordinator, PERIOD)
    add(40)
    assert _queries(coordinator, PERIOD) == few
    with django_assert_max_num_queries(22):
        coordinator.get(URL, PERIOD)
