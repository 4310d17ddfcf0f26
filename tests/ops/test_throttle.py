"""Login throttling: at most 10 failures per account (or address) per 15 minutes, then a
lockout that ends by itself."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "the-right-password-1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every attempt hashes a password; the production hasher would make this file take minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff():
    return StaffFactory(username="culture", password=PASSWORD)


def _login(client, username, password, ip="10.0.0.1", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, times, username="culture", ip="10.0.0.1"):
    """Wrong passwords; the tenth failure in a row is answered with the lockout page."""
    for _ in range(times):
        assert _login(client, username, "wrong", ip=ip).status_code in (200, 429)


def test_nine_failures_still_let_the_right_password_in(client, staff):
    for _ in range(9):
        assert _login(client, "culture", "wrong").status_code == 200
    assert _login(client, "culture", PASSWORD).status_code == 302


def test_the_tenth_failure_is_answered_with_the_lockout_page(client, staff):
    for _ in range(9):
        assert _login(client, "culture", "wrong").status_code == 200
    assert _login(client, "culture", "wrong").status_code == 429


def test_after_ten_failures_even_the_right_password_gets_the_lockout_page(client, staff):
    _fail(client, 10)
    response = _login(client, "culture", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход временно заблокирован" in page
    assert "10 неудачных попыток" in page and "на 15 минут" in page
    assert "_auth_user_id" not in client.session


def test_failures_from_many_addresses_count_against_the_account(client, staff):
    for n in range(10):
        _fail(client, 1, ip=f"10.0.1.{n}")
    assert _login(client, "culture", PASSWORD, ip="10.0.2.1").status_code == 429


def test_failures_against_many_accounts_from_one_address_lock_the_address(client, staff):
    for n in range(10):
        _fail(client, 1, username=f"guess{n}", ip="203.0.113.9")
    assert _login(client, "culture", PASSWORD, ip="203.0.113.9").status_code == 429
    assert _login(client, "culture", PASSWORD, ip="10.0.0.77").status_code == 302


def test_the_lockout_ends_by_itself_after_fifteen_minutes(client, staff):
    _fail(client, 10)
    assert _login(client, "culture", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert _login(client, "culture", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert _login(client, "culture", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client):
    UserFactory(username="coordinator", password=PASSWORD, is_staff=True)
    admin_login = reverse("admin:login")
    for _ in range(10):
        _login(client, "coordinator", "wrong", url=admin_login)
    assert _login(client, "coordinator", PASSWORD, url=admin_login).status_code == 429


def test_lockouts_and_failures_are_in_the_audit_log(client, staff):
    _fail(client, 10)
    _login(client, "culture", PASSWORD)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "username", "ip"))
    failed, locked = ("login_failed", "culture", "10.0.0.1"), ("locked_out", "culture", "10.0.0.1")
    # The tenth failure is logged and locks; the right password after it is refused unchecked.
    assert actions[:9] == [failed] * 9
    assert set(actions[9:11]) == {failed, locked} and actions[11:] == [locked]


def test_a_login_from_code_without_a_request_is_not_throttled(staff):
    assert authenticate(username="culture", password=PASSWORD) == staff
