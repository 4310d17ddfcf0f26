"""«Импорт документа» in the admin: upload, the worker checks it (tests run tasks at once),
the preview with problems marked, confirm, the worker writes it, undo."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cooperation import roles
from events.models import ReportedEvent
from imports.models import ImportJob, ImportJobState, ImportRecord
from imports.tasks import preview_document
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
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "kind": ""}, follow=True)


def _token(page):
    return page.context["form"].initial["token"]


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
    response = coordinator.post(CONFIRM, {"token": _token(page), "kind": ""}, follow=True)
    assert "Добавлено — 2" in response.content.decode()
    assert ReportedEvent.objects.count() == 2
    assert ImportRecord.objects.get().by.groups.get().name == roles.COORDINATOR
    job = ImportJob.objects.get()
    assert (job.state, job.rows_read, job.rows_matched, job.rows_written) == ("done", 2, 2, 2)


def test_the_upload_request_only_hands_the_document_to_the_worker(coordinator, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "в очереди на проверку" in html and 'http-equiv="refresh"' in html
    (queued,) = preview_document.get_backend().results
    preview_document.call(*queued.args)
    again = coordinator.get(page.redirect_chain[-1][0])
    assert "Выставка" in again.content.decode() and 'http-equiv="refresh"' not in (
        again.content.decode()
    )


def test_problems_are_marked_and_nothing_is_stored_on_confirm(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, "Соглашение с Марсом", "Форум")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "Замечаний, которые нужно исправить: 1" in html
    assert "«Соглашение с Марсом» не найдено" in html
    response = coordinator.post(CONFIRM, {"token": _token(page), "kind": ""}, follow=True)
    assert "Документ не загружен" in response.content.decode()
    assert not ReportedEvent.objects.exists()


def test_confirming_creation_of_a_new_name_ticked_in_the_preview(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, "Соглашение с Марсом", "Форум")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "«Соглашение с Марсом» — соглашение; строка 2" in html
    coordinator.post(
        CONFIRM, {"token": _token(page), "kind": "", "create": ["Соглашение с Марсом"]}
    )
    assert ReportedEvent.objects.get().ordered_agreements()[0].title == "Соглашение с Марсом"


def test_a_name_that_is_not_new_in_the_document_cannot_be_confirmed(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, "Соглашение с Марсом", "Форум")])
    token = _token(_upload(coordinator, data))
    response = coordinator.post(
        CONFIRM, {"token": token, "kind": "", "create": ["Департамент по делам Марса"]}, follow=True
    )
    assert "нет среди новых наименований документа" in response.content.decode()
    assert not ReportedEvent.objects.exists()
    assert ImportJob.objects.get().state == ImportJobState.PREVIEW


def test_no_creation_is_offered_when_nothing_is_new(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Форум", timing="31 февраля")])
    page = _upload(coordinator, data)
    html = page.content.decode()
    assert "Замечаний, которые нужно исправить" in html
    assert "добавить в справочники" not in html and 'name="create"' not in html


def test_a_bad_file_gets_its_message_on_the_page(coordinator):
    page = _upload(coordinator, b"not a document")
    assert "Файл не является документом Word" in page.content.decode()
    assert ImportJob.objects.get().state == ImportJobState.FAILED


def test_a_forged_token_is_refused(coordinator):
    response = coordinator.post(CONFIRM, {"token": "../../etc/passwd", "kind": ""})
    assert response.status_code == 403


def test_another_users_upload_is_not_shown(coordinator, client):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    token = _token(_upload(coordinator, data))
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    url = reverse("admin:imports_importrecord_job", args=[token])
    assert client.get(url).status_code == 403
    assert client.post(CONFIRM, {"token": token, "kind": ""}).status_code == 403


def test_confirming_twice_writes_once(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    token = _token(_upload(coordinator, data))
    coordinator.post(CONFIRM, {"token": token, "kind": ""})
    again = coordinator.post(CONFIRM, {"token": token, "kind": ""}, follow=True)
    assert "уже загружается или загружен" in again.content.decode()
    assert ImportRecord.objects.count() == 1


def test_officials_cannot_import(client):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert client.get(reverse("admin:imports_importrecord_changelist")).status_code == 200


def test_an_import_is_undone_from_the_admin_after_a_confirmation(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    done = coordinator.post(CONFIRM, {"token": _token(_upload(coordinator, data))}, follow=True)
    assert "Отменить загрузку" in done.content.decode()
    record = ImportRecord.objects.get()
    url = reverse("admin:imports_importrecord_undo", args=[record.pk])
    page = coordinator.get(url).content.decode()
    assert "Да, отменить загрузку" in page and "admin/" not in page[:0]
    assert ReportedEvent.objects.exists()
    response = coordinator.post(url, follow=True)
    assert "отменена" in response.content.decode()
    assert not ReportedEvent.objects.exists()
    record.refresh_from_db()
    assert record.undone_at is not None
    again = coordinator.post(url, follow=True)
    assert "уже отменена" in again.content.decode()


def test_the_undo_action_leads_to_the_confirmation(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    coordinator.post(CONFIRM, {"token": _token(_upload(coordinator, data))})
    record = ImportRecord.objects.get()
    response = coordinator.post(
        reverse("admin:imports_importrecord_changelist"),
        {"action": "undo_selected", "_selected_action": [record.pk]},
    )
    assert response.url == reverse("admin:imports_importrecord_undo", args=[record.pk])


def test_officials_cannot_undo(client, coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    coordinator.post(CONFIRM, {"token": _token(_upload(coordinator, data))})
    record = ImportRecord.objects.get()
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    url = reverse("admin:imports_importrecord_undo", args=[record.pk])
    assert client.post(url).status_code == 403
    assert ReportedEvent.objects.exists()


def test_a_row_with_only_a_notice_is_not_marked_as_a_problem(coordinator):
    data = quarterly_docx(
        [Row(group=CULTURE), report_row(1, "Соглашение с Тверской областью", "Выставка")]
    )
    html = _upload(coordinator, data).content.decode()
    assert "Замечаний нет: документ можно загрузить." in html
    assert '<tr class="notice">' in html and '<tr class="problem">' not in html
    assert 'class="notices">строка 2' in html


def test_a_job_whose_worker_died_mid_write_is_reported_and_can_be_uploaded_again(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    page = _upload(coordinator, data)
    job = ImportJob.objects.get()
    stalled = timezone.now() - timedelta(minutes=20)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJobState.WRITING, updated_at=stalled)
    html = coordinator.get(page.redirect_chain[-1][0]).content.decode()
    assert "Обработка документа прервалась" in html and "Загрузить документ ещё раз" in html
    assert ImportJob.objects.get().state == ImportJobState.FAILED
    assert not ReportedEvent.objects.exists()


def test_a_job_still_writing_recently_is_left_alone(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    page = _upload(coordinator, data)
    ImportJob.objects.update(state=ImportJobState.WRITING, updated_at=timezone.now())
    html = coordinator.get(page.redirect_chain[-1][0]).content.decode()
    assert "прервалась" not in html and ImportJob.objects.get().state == ImportJobState.WRITING


def test_a_job_waiting_for_the_worker_too_long_says_the_worker_may_be_down(coordinator, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    page = _upload(coordinator, data)
    assert "обработчик не запущен" not in page.content.decode()
    ImportJob.objects.update(updated_at=timezone.now() - timedelta(minutes=3))
    html = coordinator.get(page.redirect_chain[-1][0]).content.decode()
    assert "Похоже, обработчик не запущен" in html
