"""The audit log: who did what, from where, when — written where it happens, read in the admin."""

import pytest
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from import_export.signals import post_export

import audit
from audit.models import AuditEntry
from audit.request import client_ip
from cooperation import roles
from events.models import ReportedEvent
from imports.services import document_import
from reports.models import SubmissionStatus
from reports.services import submission_approve, submission_reopen, submission_return
from reports.tables import Row
from tests.factories import (
    DepartmentFactory,
    ReportedEventFactory,
    StaffFactory,
    SubmissionFactory,
    UserFactory,
)
from tests.imports.docs import CULTURE, MOSCOW, quarterly_docx, report_row

pytestmark = pytest.mark.django_db


def _entries(*fields, logins=True):
    entries = AuditEntry.objects.order_by("pk")
    if not logins:  # force_login in a test is a login too
        entries = entries.exclude(action=audit.Action.LOGIN)
    return list(entries.values_list(*fields))


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", role=roles.COORDINATOR, is_staff=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Writing ---------------------------------------------------------------------------------


def test_an_entry_names_the_user_their_department_the_address_and_the_object():
    staff = StaffFactory(username="culture")
    submission = SubmissionFactory(department=staff.department)
    request = RequestFactory().get("/reports/", REMOTE_ADDR="10.1.2.3")
    request.user = staff
    entry = audit.record(audit.Action.EXPORTED, obj=submission, request=request, details="xlsx")
    entry.refresh_from_db()
    assert (entry.username, entry.department, entry.ip) == ("culture", staff.department, "10.1.2.3")
    assert (entry.object_type, entry.object_id) == ("reports.submission", str(submission.pk))
    assert entry.object_repr == str(submission) and entry.path == "/reports/"
    assert entry.object_type_label == "квартальный отчёт департамента"


def test_an_entry_written_outside_a_request_has_no_address():
    entry = audit.record("exported", details="команда export_report")
    assert entry.ip is None and entry.user is None and entry.username == ""


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        audit.record("deleted_everything")


def test_an_action_rolled_back_leaves_no_entry():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(audit.Action.APPROVED)
        raise RuntimeError
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("meta", "proxies", "address"),
    [
        ({"REMOTE_ADDR": "10.0.0.9"}, 0, "10.0.0.9"),
        ({"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, "10.0.0.9"),
        ({"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 1, "1.2.3.4"),
        # A client that writes its own X-Forwarded-For is not believed: the proxy appends.
        ({"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}, 1, "1.2.3.4"),
        ({"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "junk"}, 1, "10.0.0.9"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(settings, meta, proxies, address):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == address


# --- Where it is written ---------------------------------------------------------------------


def test_logins_and_logouts_are_logged_with_the_address():
    StaffFactory(username="culture", password="p4ssword-ok")
    client = Client(REMOTE_ADDR="10.5.5.5")
    client.post(reverse("login"), {"username": "culture", "password": "p4ssword-ok"})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "culture", "password": "nope"})
    assert _entries("action", "username", "ip") == [
        ("login", "culture", "10.5.5.5"),
        ("logout", "culture", "10.5.5.5"),
        ("login_failed", "culture", "10.5.5.5"),
    ]


def test_a_refusal_is_logged_once(client):
    staff = StaffFactory(username="culture")
    client.force_login(staff)
    assert client.get(reverse("reports:report_index")).status_code == 403
    assert _entries("action", "username", "path", "details", logins=False) == [
        ("denied", "culture", "/reports/", "403 GET")
    ]


def test_asking_for_another_departments_record_is_logged_as_a_denial(client):
    event = ReportedEventFactory(department=DepartmentFactory())
    client.force_login(StaffFactory(username="sport"))
    url = reverse("workspace:reported_event_detail", args=[event.pk])
    assert client.get(url).status_code == 404
    assert _entries("action", "username", "object_type", "object_id", logins=False) == [
        ("denied", "sport", "events.reportedevent", str(event.pk))
    ]
    # A record that does not exist at all is no denial: nothing was kept from anyone.
    assert client.get(reverse("workspace:reported_event_detail", args=[10**9])).status_code == 404
    assert len(_entries("pk", logins=False)) == 1


def test_approvals_returns_and_reopenings_are_logged_with_the_report_and_the_comment(
    coordinator,
):
    approved = SubmissionFactory(status=SubmissionStatus.SUBMITTED)
    returned = SubmissionFactory(status=SubmissionStatus.SUBMITTED, quarter=2)
    submission_approve(submission=approved, by=coordinator)
    submission_return(submission=returned, by=coordinator, comment="Нет сроков")
    approved.refresh_from_db()
    submission_reopen(submission=approved, by=coordinator, comment="Исправить число участников")
    assert _entries("action", "username", "object_id", "details") == [
        ("approved", "coord", str(approved.pk), ""),
        ("returned", "coord", str(returned.pk), "Нет сроков"),
        ("reopened", "coord", str(approved.pk), "Исправить число участников"),
    ]


def test_a_document_download_is_logged(client, coordinator, demo):
    client.force_login(coordinator)
    params = {"kind": "quarterly", "year": 2020, "quarter": 3, "format": "xlsx"}
    assert client.get(reverse("reports:report_index"), params).status_code == 200
    [(action, details)] = _entries("action", "details", logins=False)
    assert action == "exported" and details.startswith("xlsx: ") and "quarter=3" in details


def test_a_spreadsheet_export_from_the_admin_is_logged(coordinator):
    request = RequestFactory().post("/admin/events/reportedevent/export/")
    request.user = coordinator
    from audit.request import bind, unbind

    token = bind(request)
    try:
        post_export.send(sender=None, model=ReportedEvent)
    finally:
        unbind(token)
    assert _entries("action", "username", "details") == [
        ("exported", "coord", "Таблица: мероприятия в отчётах")
    ]


def test_a_document_import_is_logged_with_its_journal_record(coordinator):
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    result = document_import(data=data, file_name="отчёт.docx", by=coordinator)
    assert _entries("action", "username", "object_type", "object_id", "details") == [
        ("imported", "coord", "imports.importrecord", str(result.record.pk), "отчёт.docx")
    ]


# --- Reading ---------------------------------------------------------------------------------


def test_coordinators_read_the_log_and_nobody_changes_it(client, coordinator):
    entry = audit.record(audit.Action.LOGIN, user=coordinator)
    client.force_login(coordinator)
    changelist = reverse("admin:audit_auditentry_changelist")
    page = client.get(changelist)
    assert page.status_code == 200 and "coord" in page.content.decode()
    change = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_officials_and_superusers_cannot_change_the_log_and_officials_cannot_read_it(client):
    entry = audit.record(audit.Action.LOGIN)
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
