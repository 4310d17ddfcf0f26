"""«Импорт документа» in the admin: upload, preview with problems marked, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation import roles
from events.models import ReportedEvent
from imports.models import ImportRecord
from reports.tables import Row
from tests.factories import UserFactory
from tests.imports.docs import CULTURE, MOSCOW, quarterly_docx, report_row

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:imports_importrecord_upload")
CONFIRM = reverse("admin:imports_importrecord_confirm")


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


def _upload(client, data, name="отчёт.docx"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "kind": ""})


def test_upload_shows_every_row_then_confirm_stores_it(coordinator):
    data = quarterly_docx(
        [
            Row(group=CULTURE),
            report_row(1, MOSCOW, "Выставка «Дизайн»"),
            report_row(2, MOSCOW, "Конкурс"),
        ]
    )
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "за II квартал 2023 года" in html and "Выставка «Дизайн»" in html
    assert not ReportedEvent.objects.exists()
    token = page.context["form"].initial["token"]
    response = coordinator.post(CONFIRM, {"token": token, "kind": ""}, follow=True)
    assert "Добавлено — 2" in response.content.decode()
    assert ReportedEvent.objects.count() == 2
    assert ImportRecord.objects.get().by.groups.get().name == roles.COORDINATOR


def test_problems_are_marked_and_nothing_is_stored_on_confirm(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, "Соглашение с Марсом", "Форум")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "Замечаний, которые нужно исправить: 1" in html
    assert "«Соглашение с Марсом» не найдено" in html
    token = page.context["form"].initial["token"]
    response = coordinator.post(CONFIRM, {"token": token, "kind": ""}, follow=True)
    assert "Документ не загружен" in response.content.decode()
    assert not ReportedEvent.objects.exists()


def test_confirming_creation_of_a_new_name_ticked_in_the_preview(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, "Соглашение с Марсом", "Форум")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "«Соглашение с Марсом» — соглашение; строка 2" in html
    token = page.context["form"].initial["token"]
    coordinator.post(CONFIRM, {"token": token, "kind": "", "create": ["Соглашение с Марсом"]})
    assert ReportedEvent.objects.get().ordered_agreements()[0].title == "Соглашение с Марсом"


def test_a_name_that_is_not_new_in_the_document_cannot_be_confirmed(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, "Соглашение с Марсом", "Форум")])
    token = _upload(coordinator, data).context["form"].initial["token"]
    response = coordinator.post(
        CONFIRM, {"token": token, "kind": "", "create": ["Департамент по делам Марса"]}
    )
    assert response.status_code == 403
    assert not ReportedEvent.objects.exists()


def test_no_creation_is_offered_when_nothing_is_new(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Форум", timing="31 февраля")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "Замечаний, которые нужно исправить" in html
    assert "добавить в справочники" not in html and 'name="create"' not in html


def test_a_bad_file_gets_its_message_on_the_form(coordinator):
    page = _upload(coordinator, b"not a document")
    assert "Файл не является документом Word" in page.content.decode()


def test_a_forged_token_is_refused(coordinator):
    response = coordinator.post(CONFIRM, {"token": "../../etc/passwd", "kind": ""})
    assert response.status_code == 403


def test_officials_cannot_import(client):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert client.get(reverse("admin:imports_importrecord_changelist")).status_code == 200
