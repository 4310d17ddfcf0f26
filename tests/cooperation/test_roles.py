import pytest
from django.contrib.auth.models import Group

from cooperation import roles

pytestmark = pytest.mark.django_db


def test_roles_exist_with_their_permissions():
    coordinator = Group.objects.get(name=roles.COORDINATOR)
    official = Group.objects.get(name=roles.OFFICIAL)
    assert coordinator.permissions.filter(codename="change_submission").exists()
    assert coordinator.permissions.filter(codename="add_agreement").exists()
    assert not official.permissions.exclude(codename__startswith="view_").exists()
    assert official.permissions.filter(codename="view_reportedevent").exists()
    assert Group.objects.filter(name=roles.STAFF).exists()
