"""Stored documents over HTTP: served from storage with ETag and Last-Modified, a 304 for a
browser that has them, «документ готовится» while the worker builds, drafts never stored."""

from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date

from cooperation import roles
from events.models import ReportedEvent
from reports import cache
from reports.models import DocumentBuild, DocumentStatus, Submission
from reports.tasks import build_document
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:report_index")
QUARTER = {"kind": "quarterly", "year": 2020, "quarter": 3}
XLSX = {**QUARTER, "format": "xlsx"}
# Session, user, the user's groups and permissions (the form asks whether drafts are allowed).
REQUEST_QUERIES = 5


@pytest.fixture
def official(client):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    return client


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


def _body(response):
    return b"".join(response.streaming_content)


def _must_not_build(*args, **kwargs):
    raise AssertionError("the stored document was built again")


def test_the_second_request_builds_nothing(
    official, demo, monkeypatch, django_assert_max_num_queries
):
    first = official.get(URL, XLSX)
    stored = _body(first)
    monkeypatch.setattr(cache, "build_report", _must_not_build)
    with (
        django_assert_max_num_queries(REQUEST_QUERIES + 3),
        CaptureQueriesContext(connection) as queries,
    ):
        second = official.get(URL, XLSX)
    assert second.status_code == 200 and _body(second) == stored
    domain = [q["sql"] for q in queries if "reports_" in q["sql"] or "events_" in q["sql"]]
    # The version check (one aggregate query) and the lookup of its stored build, nothing else.
    assert len(domain) == 2
    assert "COUNT(" in domain[0] and "reports_documentbuild" in domain[1]


def test_the_stored_file_carries_its_version_and_date(official, demo):
    response = official.get(URL, XLSX)
    build = DocumentBuild.objects.get(format="xlsx")
    assert response["ETag"] == f'"{build.version}"'
    assert response["Last-Modified"] == http_date(build.finished_at.timestamp())
    assert response["Cache-Control"] == "private, no-cache"


def test_a_browser_that_has_the_version_gets_304(official, demo):
    etag = official.get(URL, XLSX)["ETag"]
    response = official.get(URL, XLSX, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag and not response.content


def test_if_modified_since_gets_304_too(official, demo):
    last_modified = official.get(URL, XLSX)["Last-Modified"]
    response = official.get(URL, XLSX, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_changed_data_gets_the_new_file_despite_the_old_etag(official, demo):
    etag = official.get(URL, XLSX)["ETag"]
    event = ReportedEvent.objects.in_quarter(2020, 3).first()
    event.title = "Новое наименование"
    event.save()
    response = official.get(URL, XLSX, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert DocumentBuild.objects.filter(format="xlsx").count() == 1  # the old one is gone


def test_a_draft_is_built_on_request_and_never_stored(coordinator, demo):
    coordinator.get(URL, XLSX)  # the approved document is stored
    draft = {**QUARTER, "draft": "on", "format": "docx"}
    first, second = coordinator.get(URL, draft), coordinator.get(URL, draft)
    assert first.status_code == second.status_code == 200
    assert "ETag" not in first and quote("ПРОЕКТ") in first["Content-Disposition"]
    assert not DocumentBuild.objects.filter(format="docx").exists()
    page = coordinator.get(URL, {**QUARTER, "draft": "on"}).content.decode()
    assert "ПРОЕКТ" in page and not DocumentBuild.objects.filter(format="html").exists()


def test_the_preview_is_read_from_storage_the_second_time(official, demo, monkeypatch):
    def table(page):
        return page[page.index('<div class="report-document">') : page.index("</table>")]

    first = official.get(URL, QUARTER).content.decode()
    monkeypatch.setattr(cache, "build_report", _must_not_build)
    second = official.get(URL, QUARTER).content.decode()
    assert "Всероссийский конкурс фольклорных ансамблей «Традиции»" in second
    assert table(first) == table(second)


@pytest.fixture
def worker_away(settings, monkeypatch):
    """Large documents go to a task backend that only records what it was given."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(cache, "BACKGROUND_ROWS", 5)


def test_a_large_document_says_it_is_being_prepared(
    official, demo, worker_away, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = official.get(URL, XLSX)
        again = official.get(URL, XLSX)
    assert response.status_code == again.status_code == 202
    page = response.content.decode()
    assert "Документ готовится" in page and 'http-equiv="refresh"' in page
    assert "js/document-build.js" in page
    assert len(build_document.get_backend().results) == 1  # the second reader waits, no new build
    build = DocumentBuild.objects.get()
    status = official.get(reverse("reports:document_status", args=[build.pk])).json()
    assert status == {"status": "pending", "label": "в очереди", "percent": 0, "error": ""}

    build_document.call(build.pk)
    status = official.get(reverse("reports:document_status", args=[build.pk])).json()
    assert status["status"] == "ready" and status["percent"] == 100
    ready = official.get(URL, XLSX)
    assert ready.status_code == 200 and _body(ready).startswith(b"PK")


def test_a_failed_build_answers_with_a_message_not_a_crash(official, demo, monkeypatch):
    def broken(table, out):
        raise RuntimeError("диск переполнен")

    monkeypatch.setitem(cache.RENDERERS, "docx", broken)
    response = official.get(URL, {**QUARTER, "format": "docx"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert cache.FAILED_MESSAGE in page and "переполнен" not in page


def test_staff_cannot_read_the_progress_of_documents(client, demo):
    build = DocumentBuild.objects.create(
        kind="quarterly", params="year=2020&quarter=3", format="xlsx", version="v", rows_expected=1
    )
    client.force_login(StaffFactory())
    assert client.get(reverse("reports:document_status", args=[build.pk])).status_code == 403


def test_the_admin_action_serves_the_stored_quarter(client, demo):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    ids = list(Submission.objects.in_quarter(2020, 3).values_list("pk", flat=True))
    response = client.post(
        reverse("admin:reports_submission_changelist"),
        {"action": "download_quarterly_xlsx", "_selected_action": ids},
    )
    assert response.status_code == 200
    assert DocumentBuild.objects.get().status == DocumentStatus.READY
    assert response["ETag"] == f'"{DocumentBuild.objects.get().version}"'


def test_a_file_lost_from_storage_is_built_again(official, demo):
    official.get(URL, XLSX)
    default_storage.delete(DocumentBuild.objects.get().file.name)
    response = official.get(URL, XLSX)
    assert response.status_code == 200 and _body(response).startswith(b"PK")
    assert default_storage.exists(DocumentBuild.objects.get().file.name)


def test_a_coordinator_deleting_a_stored_document_in_the_admin_removes_its_file(client, demo):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    client.get(URL, XLSX)
    build = DocumentBuild.objects.get()
    response = client.post(
        reverse("admin:reports_documentbuild_changelist"),
        {"action": "delete_selected", "_selected_action": [build.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not DocumentBuild.objects.exists() and not default_storage.exists(build.file.name)
