"""Production settings: Django's deployment checks pass; mail that would leak to the logs stops
the start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a deployment sets (README «Эксплуатация»); nothing inherited from the test run.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "mezhregion.admin-smolensk.ru",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.admin-smolensk.ru",
}
_OURS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "ALLOW_CONSOLE_EMAIL",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    # The browser tests set it for Playwright's event loop; no deployment has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in _OURS and not k.startswith("EMAIL_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_deployment_checks_catch_a_site_left_on_plain_http():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


SHOW = (
    "import config.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
)


def test_production_redirects_to_https_and_keeps_hsts_for_a_year():
    result = _run(["-c", SHOW], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]


def test_development_neither_redirects_nor_sends_hsts():
    result = _run(["-c", SHOW.replace(", s.SECURE_PROXY_SSL_HEADER", "")], DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False", "False"]


def test_production_with_the_console_mail_backend_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("EMAIL_")}
    result = _run(["-c", "import config.settings"], **env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last and "password-reset links" in last


def test_the_console_mail_backend_is_allowed_when_asked_for():
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("EMAIL_")}
    result = _run(
        ["-c", "import config.settings as s; print(s.MAILERS['default']['BACKEND'])"],
        **env,
        ALLOW_CONSOLE_EMAIL="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_development_may_print_mail_to_the_console():
    result = _run(["-c", "import config.settings"], DEBUG="1")
    assert result.returncode == 0, result.stderr
