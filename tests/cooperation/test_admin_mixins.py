"""The spreadsheet confirm step (SpreadsheetImportMixin): the pending file is bound to the session
and user that previewed it, nothing outside the upload storage is read or deleted, and every
malformed confirmation gets a message."""

import os
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from cooperation import roles
from cooperation.models import Department
from cooperation.uploads import PENDING_FOLDER, clear_pending_uploads
from events.models import PlannedEvent
from tests.factories import UserFactory
from tests.hostile.corpus import BASE_ROWS, csv_of

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:agreements_agreement_import")
PROCESS = reverse("admin:agreements_agreement_process_import")
MODELS = [
    "events_plannedevent",
    "events_reportedevent",
    "agreements_agreement",
    "agreements_roadmapitem",
]


def _coordinator():
    client = Client()
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


@pytest.fixture
def coordinator():
    return _coordinator()


def _agreements_csv(**changes):
    row = {**BASE_ROWS["agreements.agreement"], **changes}
    return csv_of([list(row), list(row.values())])


def _preview(client, data=None, url=IMPORT):
    upload = SimpleUploadedFile("соглашения.csv", data or _agreements_csv())
    page = client.post(url, {"import_file": upload, "format": "1", "resource": "0"})
    assert page.status_code == 200
    return page


def _confirmation(client):
    page = _preview(client)
    assert "confirm_form" in page.context, page.context["form"].errors
    return page.context["confirm_form"].initial


def _pending_files():
    storage = storages["import_export"]
    if not storage.exists(PENDING_FOLDER):
        return []
    return storage.listdir(PENDING_FOLDER)[1]


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_confirming_the_preview_imports_the_file_and_removes_it(coordinator):
    confirmation = _confirmation(coordinator)
    assert len(_pending_files()) == 1
    response = coordinator.post(PROCESS, confirmation)
    assert response.status_code == 302
    assert Agreement.objects.filter(slug="corpus-agreement").exists()
    assert _pending_files() == []


def test_the_form_carries_a_token_never_the_stored_file_name(coordinator):
    page = _preview(coordinator)
    token = page.context["confirm_form"].initial["import_file_name"]
    (stored,) = _pending_files()
    html = page.content.decode()
    assert token != stored and stored not in html and "/" not in token
    assert str(storages["import_export"].location) not in html


def test_another_coordinator_cannot_confirm_someone_elses_preview(coordinator):
    confirmation = _confirmation(coordinator)
    intruder = _coordinator()
    response = intruder.post(PROCESS, confirmation)
    assert response.status_code == 302
    assert "Проверенный файл не найден" in " ".join(_messages(response))
    assert not Agreement.objects.filter(slug="corpus-agreement").exists()
    # The owner's preview is untouched and still confirms.
    coordinator.post(PROCESS, confirmation)
    assert Agreement.objects.filter(slug="corpus-agreement").exists()


def test_the_same_user_in_another_session_cannot_confirm(coordinator):
    confirmation = _confirmation(coordinator)
    other_session = Client()
    other_session.force_login(_user_of(coordinator))
    response = other_session.post(PROCESS, confirmation)
    assert "Проверенный файл не найден" in " ".join(_messages(response))
    assert not Agreement.objects.filter(slug="corpus-agreement").exists()


def _user_of(client):
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_confirmation_works_once(coordinator):
    confirmation = _confirmation(coordinator)
    coordinator.post(PROCESS, confirmation)
    Agreement.objects.filter(slug="corpus-agreement").delete()
    response = coordinator.post(PROCESS, confirmation)
    assert "Проверенный файл не найден" in " ".join(_messages(response))
    assert not Agreement.objects.filter(slug="corpus-agreement").exists()


def test_a_token_of_another_list_is_refused(coordinator):
    confirmation = _confirmation(coordinator)
    response = coordinator.post(reverse("admin:events_plannedevent_process_import"), confirmation)
    assert "Проверенный файл не найден" in " ".join(_messages(response))
    assert not PlannedEvent.objects.exists()
    assert len(_pending_files()) == 1


def test_a_path_in_the_form_reads_and_deletes_nothing(coordinator, tmp_path):
    outside = tmp_path / "victim.csv"
    outside.write_bytes(_agreements_csv())
    upload_dir = storages["import_export"].location
    relative = os.path.relpath(outside, os.path.join(upload_dir, PENDING_FOLDER))
    for name in (str(outside), relative, "../../" + outside.name, outside.name):
        response = coordinator.post(
            PROCESS,
            {"import_file_name": name, "original_file_name": "x.csv", "format": "1"},
        )
        assert response.status_code == 302
        assert "Проверенный файл не найден" in " ".join(_messages(response))
    assert outside.exists()
    assert not Agreement.objects.filter(slug="corpus-agreement").exists()


CRAFTED = [
    {},
    {"import_file_name": ""},
    {"import_file_name": "nope", "format": "1"},
    {"import_file_name": "nope", "original_file_name": "x.csv", "format": "99"},
    {"import_file_name": "nope", "original_file_name": "x.csv", "format": "abc"},
    {"import_file_name": "nope", "original_file_name": "x.csv", "format": "-1"},
    {"import_file_name": "nope", "original_file_name": "x.csv", "format": "1", "resource": "x"},
    {"import_file_name": "\x00" * 10, "format": "\x00"},
    {"import_file_name": "я" * 10_000, "format": "1" * 10_000},
]


@pytest.mark.parametrize("model", MODELS)
def test_a_crafted_confirmation_gets_a_message(coordinator, model):
    before = (PlannedEvent.objects.count(), Agreement.objects.count())
    for data in CRAFTED:
        response = coordinator.post(reverse(f"admin:{model}_process_import"), data)
        assert response.status_code == 302, data
        assert response["Location"] == reverse(f"admin:{model}_import")
        assert _messages(response), data
    assert (PlannedEvent.objects.count(), Agreement.objects.count()) == before


@pytest.mark.parametrize(("field", "value"), [("format", "0"), ("format", "99"), ("resource", "1")])
def test_a_real_token_with_a_changed_format_or_resource_is_refused(coordinator, field, value):
    confirmation = {**_confirmation(coordinator), field: value}
    response = coordinator.post(PROCESS, confirmation)
    assert "не совпадает с проверенным файлом" in " ".join(_messages(response))
    assert not Agreement.objects.filter(slug="corpus-agreement").exists()
    assert _pending_files() == []


def test_a_preview_with_problems_leaves_no_file_behind(coordinator):
    page = _preview(coordinator, _agreements_csv(**{"Сферы": "космическое"}))
    assert "confirm_form" not in page.context
    assert _pending_files() == []


def test_a_file_removed_before_the_confirmation_gets_a_message(coordinator):
    confirmation = _confirmation(coordinator)
    clear_pending_uploads(older_than=timedelta(0))
    response = coordinator.post(PROCESS, confirmation)
    assert "уже удалён" in " ".join(_messages(response))
    assert not Agreement.objects.filter(slug="corpus-agreement").exists()


def test_data_changed_since_the_preview_imports_nothing(coordinator):
    department = Department.objects.get(name=BASE_ROWS["events.plannedevent"]["Департамент"])
    row = BASE_ROWS["events.plannedevent"]
    page = _preview(
        coordinator,
        csv_of([list(row), list(row.values())]),
        url=reverse("admin:events_plannedevent_import"),
    )
    confirmation = page.context["confirm_form"].initial
    department.name = "Переименованный департамент"
    department.save()
    response = coordinator.post(reverse("admin:events_plannedevent_process_import"), confirmation)
    assert "Ничего не загружено: с момента проверки данные изменились" in " ".join(
        _messages(response)
    )
    assert not PlannedEvent.objects.exists()


def test_previews_never_confirmed_are_removed_after_a_day(coordinator):
    _confirmation(coordinator)
    (name,) = _pending_files()
    path = storages["import_export"].path(f"{PENDING_FOLDER}/{name}")
    day_old = time.time() - 25 * 3600
    os.utime(path, (day_old, day_old))
    _confirmation(_coordinator())  # a new upload clears what has expired
    assert name not in _pending_files()
    assert len(_pending_files()) == 1


def test_the_command_removes_expired_previews(coordinator, capsys):
    _confirmation(coordinator)
    call_command("clear_pending_imports")
    assert len(_pending_files()) == 1
    call_command("clear_pending_imports", "--hours", "0")
    assert _pending_files() == []
    assert "Удалено неподтверждённых загрузок: 1." in capsys.readouterr().out


def test_a_file_over_the_upload_limit_is_refused_before_it_is_stored(coordinator, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 100
    page = _preview(coordinator)
    assert "Файл больше допустимых" in " ".join(page.context["form"].errors["import_file"])
    assert _pending_files() == []
