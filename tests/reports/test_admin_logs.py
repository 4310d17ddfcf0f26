"""The review trail and the reminder log are append-only in the admin, for everyone."""

import pytest
from django.urls import reverse

from cooperation import roles
from reports.models import ReminderLog, SubmissionHistory
from reports.services import submission_get_or_create
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["coordinator", "superuser"])
def admin_client(request, client):
    if request.param == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory(role=roles.COORDINATOR, is_staff=True)
    client.force_login(user)
    return client


def _entry():
    staff = StaffFactory()
    submission = submission_get_or_create(
        department=staff.department, year=2022, quarter=3, by=staff
    )
    return submission.history.get()


def test_no_one_changes_or_deletes_the_review_trail(admin_client):
    entry = _entry()
    change = reverse("admin:reports_submissionhistory_change", args=[entry.pk])
    delete = reverse("admin:reports_submissionhistory_delete", args=[entry.pk])
    assert admin_client.get(change).status_code == 200  # read
    assert admin_client.post(change, {"comment": "Иначе"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    listing = reverse("admin:reports_submissionhistory_changelist")
    assert "delete_selected" not in admin_client.get(listing).content.decode()
    admin_client.post(
        listing, {"action": "delete_selected", "post": "yes", "_selected_action": [entry.pk]}
    )
    entry.refresh_from_db()
    assert entry.comment == "" and SubmissionHistory.objects.count() == 1


def test_no_one_deletes_a_reminder_sent(admin_client):
    log = ReminderLog.objects.create(
        department=StaffFactory().department,
        year=2022,
        quarter=3,
        kind="overdue",
        sent_on="2022-10-06",
        recipients="staff@example.ru",
    )
    delete = reverse("admin:reports_reminderlog_delete", args=[log.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ReminderLog.objects.filter(pk=log.pk).exists()
