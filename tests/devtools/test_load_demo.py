import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from cooperation import roles
from cooperation.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_creates_one_user_per_role_with_password_demo(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    output = capsys.readouterr().out
    for username in ("culture", "sport", "coordinator", "official"):
        assert username in output
        assert authenticate(username=username, password="demo") is not None
    assert User.objects.get(username="culture").department.name == (
        "Департамент Смоленской области по культуре"
    )
    assert User.objects.get(username="sport").groups.get().name == roles.STAFF
    assert User.objects.get(username="coordinator").groups.get().name == roles.COORDINATOR
    assert User.objects.get(username="official").groups.get().name == roles.OFFICIAL


def test_load_demo_refuses_known_passwords_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo")
    assert not User.objects.filter(username="culture").exists()


def test_load_demo_without_users_works_without_debug(settings):
    settings.DEBUG = False
    call_command("load_demo", "--no-users", verbosity=0)
    assert not User.objects.exists()
