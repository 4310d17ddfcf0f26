"""Spreadsheets in the admin: import with a preview of the changes, then confirm; export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation import roles
from cooperation.resources import SafeCSV
from events.models import ReportedEvent
from events.resources import ReportedEventResource
from reports.models import Submission, SubmissionStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:events_reportedevent_import")
PROCESS = reverse("admin:events_reportedevent_process_import")
EXPORT = reverse("admin:events_reportedevent_export")


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


def _csv(demo_title):
    dataset = ReportedEventResource().export(ReportedEvent.objects.filter(position=1))
    dataset[0] = tuple(
        demo_title if header == "Наименование мероприятия" else value
        for header, value in zip(dataset.headers, dataset[0], strict=True)
    )
    return SafeCSV().export_data(dataset).encode("utf-8")


def test_import_shows_the_changed_row_then_confirm_saves_it(coordinator, demo):
    # The demo quarter is approved; a coordinator has reopened it (an approved quarter takes no
    # rows: tests/reports/test_admin_events_import.py).
    Submission.objects.filter(year=2020, quarter=3).update(status=SubmissionStatus.RETURNED)
    upload = SimpleUploadedFile("events.csv", _csv("Исправленное название"))
    page = coordinator.post(IMPORT, {"import_file": upload, "format": "1", "resource": "0"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Исправленное название" in html
    assert ReportedEvent.objects.get(position=1).title != "Исправленное название"
    confirm = page.context["confirm_form"].initial
    coordinator.post(PROCESS, confirm)
    assert ReportedEvent.objects.get(position=1).title == "Исправленное название"


def test_an_approved_quarter_takes_no_rows_from_a_spreadsheet(coordinator, demo):
    upload = SimpleUploadedFile("events.csv", _csv("Исправленное название"))
    page = coordinator.post(IMPORT, {"import_file": upload, "format": "1", "resource": "0"})
    assert page.status_code == 200
    assert "Отчёт департамента за III квартал 2020 года отправлен на проверку или принят" in (
        page.content.decode()
    )
    assert "confirm_form" not in page.context
    assert ReportedEvent.objects.get(position=1).title != "Исправленное название"


def test_row_errors_are_shown_in_russian(coordinator, demo):
    data = _csv("Мероприятие").replace(
        "Департамент государственной службы занятости населения Смоленской области".encode(),
        "Департамент по делам космоса".encode(),
    )
    page = coordinator.post(
        IMPORT,
        {"import_file": SimpleUploadedFile("events.csv", data), "format": "1", "resource": "0"},
    )
    assert "Департамент «Департамент по делам космоса» не найден" in page.content.decode()


def test_official_may_export_but_not_import(client, demo):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    assert client.get(IMPORT).status_code == 403
    response = client.post(
        EXPORT,
        {
            "format": "0",
            "resource": "0",
            **{
                f"reportedeventresource_{f}": "on"
                for f in ReportedEventResource().get_export_order()
            },
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_changelist_offers_import_export_and_history(coordinator, demo):
    html = coordinator.get(reverse("admin:events_reportedevent_changelist")).content.decode()
    assert IMPORT in html and EXPORT in html
