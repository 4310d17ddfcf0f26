"""The «Отчёты» page, the admin's document actions and links."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from agreements.admin import ROADMAP_REPORT
from agreements.models import Roadmap
from cooperation import roles
from reports.documents import ReportKind
from reports.models import Submission
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:report_index")
QUARTER = {"kind": "quarterly", "year": 2020, "quarter": 3}


@pytest.fixture
def official(client):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    return client


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_department_staff_cannot_open_consolidated_reports(client, demo):
    client.force_login(StaffFactory())
    assert client.get(URL, QUARTER).status_code == 403


def test_official_previews_the_report_on_screen(official, demo):
    page = official.get(URL, QUARTER).content.decode()
    assert "за III квартал 2020 года" in page
    assert "Всероссийский конкурс фольклорных ансамблей «Традиции»" in page
    assert "Скачать DOCX" in page
    assert "ПРОЕКТ" not in page


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_download_has_a_russian_file_name(official, demo, fmt, content_type):
    response = official.get(URL, {**QUARTER, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    name = f"Отчет_о_реализации_соглашений_III_квартал_2020.{fmt}"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_roadmap_and_plan_downloads(official, demo):
    roadmap = Roadmap.objects.get()
    response = official.get(
        URL, {"kind": "roadmap", "year": 2022, "roadmap": roadmap.pk, "format": "docx"}
    )
    assert (
        quote("Отчет_об_исполнении_дорожной_карты_Санкт-Петербург_2022.docx")
        in (response["Content-Disposition"])
    )
    response = official.get(URL, {"kind": "plan", "year": 2022, "half": 2, "format": "xlsx"})
    assert quote("План_мероприятий_II_полугодие_2022.xlsx") in response["Content-Disposition"]


def test_missing_period_is_explained_in_russian(official):
    page = official.get(URL, {"kind": "quarterly", "year": 2020}).content.decode()
    assert "Выберите квартал." in page
    page = official.get(URL, {"kind": "roadmap", "year": 2020}).content.decode()
    assert "Выберите «дорожную карту»." in page


def test_roadmap_year_outside_its_term_is_explained(official, demo):
    roadmap = Roadmap.objects.get()
    page = official.get(URL, {"kind": "roadmap", "year": 2030, "roadmap": roadmap.pk}).content
    assert "рассчитана на 2021–2023 годы" in page.decode()


def test_only_coordinators_get_the_draft(official, demo):
    page = official.get(URL, {**QUARTER, "draft": "on"}).content.decode()
    assert "ПРОЕКТ" not in page and 'name="draft"' not in page


def test_coordinator_previews_the_draft_with_what_is_missing(coordinator, demo):
    page = coordinator.get(URL, {**QUARTER, "draft": "on"}).content.decode()
    assert "ПРОЕКТ" in page
    assert "Не приняты отчёты за III квартал 2020 года" in page


def test_admin_action_downloads_the_quarter(coordinator, demo):
    ids = list(Submission.objects.in_quarter(2020, 3).values_list("pk", flat=True))
    response = coordinator.post(
        reverse("admin:reports_submission_changelist"),
        {"action": "download_quarterly_docx", "_selected_action": ids},
    )
    assert response.status_code == 200
    assert quote("III_квартал_2020.docx") in response["Content-Disposition"]


def test_admin_action_refuses_mixed_quarters(coordinator, demo):
    from tests.factories import SubmissionFactory

    other = SubmissionFactory(year=2021, quarter=1)
    ids = [Submission.objects.in_quarter(2020, 3).first().pk, other.pk]
    response = coordinator.post(
        reverse("admin:reports_submission_changelist"),
        {"action": "download_quarterly_xlsx", "_selected_action": ids},
        follow=True,
    )
    assert "Выберите отчёты одного квартала" in response.content.decode()


def test_admin_roadmap_action_and_links(coordinator, demo):
    roadmap = Roadmap.objects.get()
    response = coordinator.post(
        reverse("admin:agreements_roadmap_changelist"),
        {"action": "download_execution_xlsx", "_selected_action": [roadmap.pk]},
        follow=True,
    )
    assert quote("Санкт-Петербург_2022.xlsx") in response["Content-Disposition"]
    page = coordinator.get(reverse("admin:agreements_roadmap_change", args=[roadmap.pk]))
    assert "2023 год" in page.content.decode()


def test_roadmap_admin_names_the_roadmap_document_kind_of_the_reports_page():
    # agreements cannot import reports, so it spells the kind; the two must agree.
    assert ROADMAP_REPORT == ReportKind.ROADMAP


def test_admin_roadmap_action_wants_one_roadmap(coordinator, demo):
    roadmap = Roadmap.objects.get()
    other = Roadmap.objects.create(
        title="План мероприятий",
        short_title="Другая",
        region=roadmap.region,
        start_year=2024,
        end_year=2026,
    )
    ids = [roadmap.pk, other.pk]
    response = coordinator.post(
        reverse("admin:agreements_roadmap_changelist"),
        {"action": "download_execution_docx", "_selected_action": ids},
        follow=True,
    )
    assert "Выберите одну «дорожную карту»" in response.content.decode()


def test_long_report_preview_shows_the_first_rows_and_says_so(official, demo, monkeypatch):
    monkeypatch.setattr("reports.cache.PREVIEW_ROWS", 5)
    page = official.get(URL, QUARTER).content.decode()
    assert "На экране первые 5 строк; в файлах DOCX и XLSX — все." in page
    assert "Всероссийский конкурс фольклорных ансамблей" not in page  # row 6 is beyond


# --- A department's report page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "answer"), [("draft", 404), ("submitted", 404), ("returned", 404), ("approved", 200)]
)
def test_an_official_reads_a_departments_report_only_once_approved(official, status, answer):
    from tests.factories import ReportedEventFactory, SubmissionFactory

    submission = SubmissionFactory(year=2022, quarter=3, status=status)
    ReportedEventFactory(
        department=submission.department, year=2022, quarter=3, title="Строка отчёта"
    )
    response = official.get(submission.get_absolute_url())
    assert response.status_code == answer
    assert ("Строка отчёта" in response.content.decode()) is (answer == 200)


def test_a_coordinator_reads_a_draft_report(coordinator):
    from tests.factories import SubmissionFactory

    submission = SubmissionFactory(year=2022, quarter=3, status="submitted")
    assert coordinator.get(submission.get_absolute_url()).status_code == 200
