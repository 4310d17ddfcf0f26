"""The settings module: refuses to start in production without a secret key; sends real mail."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE)",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_fails():
    result = _import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_has_a_development_key_and_russian_locale():
    result = _import_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "ru", "Europe/Moscow"]


# --- Mail ------------------------------------------------------------------------------------

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Loads the settings as a deployment would, then sends as reports.reminders does.
SEND_MAIL = """
import django
django.setup()
from django.core.mail import EmailMessage
EmailMessage(subject="Отчёт возвращён", body="Исправьте сроки.", to=["staff@example.org"]).send()
"""


class _Inbox:
    def __init__(self):
        self.envelopes, self.logins = [], []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"mail-secret")


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port; it accepts the password «mail-secret»."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


def _run_in_production(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "tests-only-not-a-secret",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_smtp_mail_reaches_the_server_named_in_the_environment(smtp_server):
    result = _run_in_production(
        SEND_MAIL,
        EMAIL_BACKEND=SMTP_BACKEND,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_server.port),
        EMAIL_HOST_USER="portal",
        EMAIL_HOST_PASSWORD="mail-secret",
        EMAIL_TIMEOUT="10",
    )
    assert result.returncode == 0, result.stderr
    assert smtp_server.logins == [("portal", "mail-secret")]
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["staff@example.org"]
    assert envelope.mail_from == "portal@admin-smolensk.ru"
    assert "Subject: =?utf-8?" in envelope.content.decode()


def test_console_backend_is_the_default_and_prints_the_mail():
    result = _run_in_production(SEND_MAIL)
    assert result.returncode == 0, result.stderr
    assert "To: staff@example.org" in result.stdout


def test_tls_without_a_port_leaves_the_port_to_the_backend():
    result = _run_in_production(
        "import json, config.settings as s; print(json.dumps(s.MAILERS['default']['OPTIONS']))",
        EMAIL_BACKEND=SMTP_BACKEND,
        EMAIL_HOST="smtp.admin-smolensk.ru",
        EMAIL_USE_TLS="1",
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options["host"] == "smtp.admin-smolensk.ru"
    assert options["use_tls"] is True and options["use_ssl"] is False
    assert options["port"] is None and options["timeout"] is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_PORT": "двадцать пять"}, "EMAIL_PORT"),
        ({"EMAIL_TIMEOUT": "долго"}, "EMAIL_TIMEOUT"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_TLS"),
    ],
)
def test_a_wrong_smtp_setting_stops_the_start_with_its_name(env, message):
    result = _run_in_production(
        "import config.settings", EMAIL_BACKEND=SMTP_BACKEND, EMAIL_HOST="127.0.0.1", **env
    )
    assert result.returncode != 0
    assert message in result.stderr.splitlines()[-1]
