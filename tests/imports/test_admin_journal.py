"""The import journal is append-only in the admin, for everyone."""

import pytest
from django.urls import reverse

from cooperation import roles
from imports.models import ImportRecord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("superuser", [False, True])
def test_no_one_changes_or_deletes_an_import_record(client, superuser):
    if superuser:
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory(role=roles.COORDINATOR, is_staff=True)
    client.force_login(user)
    record = ImportRecord.objects.create(
        file_name="план.docx", sha256="0" * 64, kind="plan", title="План", by=user
    )
    delete = reverse("admin:imports_importrecord_delete", args=[record.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:imports_importrecord_change", args=[record.pk])
    assert client.post(change, {"title": "Иначе"}).status_code == 403
    listing = reverse("admin:imports_importrecord_changelist")
    assert "delete_selected" not in client.get(listing).content.decode()
    client.post(
        listing, {"action": "delete_selected", "post": "yes", "_selected_action": [record.pk]}
    )
    record.refresh_from_db()
    assert record.title == "План"
