"""Uploading a Word document in the admin, in a real browser: the page follows the worker's
progress by itself, shows every row, the document is confirmed, written, and undone.

The worker is played by the test: tasks go to a backend that only records them, and the test
runs each one while the page waits, as `run_worker` would."""

import pytest

from cooperation import roles
from events.models import ReportedEvent
from imports.models import ImportJob, ImportRecord
from imports.tasks import preview_document, write_document
from reports.models import Submission
from reports.tables import Row
from tests.browser.conftest import PASSWORD, Session, expect_text
from tests.factories import UserFactory
from tests.imports.docs import CULTURE, MOSCOW, quarterly_docx, report_row

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker_away(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_document_is_uploaded_watched_confirmed_and_undone(
    browser, live_server, worker_away, tmp_path
):
    UserFactory(username="coordinator", password=PASSWORD, role=roles.COORDINATOR, is_staff=True)
    document = tmp_path / "отчёт.docx"
    document.write_bytes(
        quarterly_docx(
            [
                Row(group=CULTURE),
                report_row(1, MOSCOW, "Выставка «Дизайн»"),
                report_row(2, MOSCOW, "Конкурс чтецов"),
            ]
        )
    )
    session = Session(browser, live_server.url, "coordinator", folder="import")
    page = session.page
    page.goto("/admin/imports/importrecord/")
    page.click("a.addlink:has-text('Импорт документа')")
    page.set_input_files("#id_file", str(document))
    page.click("input[value='Проверить документ']")

    # The request only handed the file over: the page waits for the worker and says so.
    expect_text(page, "в очереди на проверку")
    assert page.locator(".rows-read").inner_text() == "0"
    session.shot("1-queued")
    job = ImportJob.objects.get()
    preview_document.call(job.pk)
    # The page refreshes by itself and shows every row of the document.
    page.wait_for_selector("input[value='Загрузить документ']", timeout=10_000)
    expect_text(page, "Конкурс чтецов")
    session.shot("2-preview")

    page.click("input[value='Загрузить документ']")
    expect_text(page, "в очереди на запись")
    assert not ReportedEvent.objects.exists()
    write_document.call(job.pk)
    page.wait_for_selector(".import-done", timeout=10_000)
    expect_text(page, "Добавлено — 2")
    assert page.locator(".rows-written").inner_text() == "2"
    session.shot("3-done")
    assert ReportedEvent.objects.count() == 2 and Submission.objects.count() == 1

    page.click("a.import-undo")
    expect_text(page, "Отменить загрузку документа «отчёт.docx»")
    session.shot("4-undo-confirmation")
    page.click("input[value='Да, отменить загрузку']")
    expect_text(page, "отменена: добавленное ею удалено")
    session.shot("5-undone")
    assert not ReportedEvent.objects.exists() and not Submission.objects.exists()
    assert ImportRecord.objects.get().undone_at is not None
    # Undone once: the page offers no second undo.
    assert page.locator("text=Отменить загрузку").count() == 0
    session.close()
