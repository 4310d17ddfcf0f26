"""Security headers on every kind of response, and templates that live within the CSP."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cooperation import roles
from tests.factories import StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

QUARTER = {"kind": "quarterly", "year": 2020, "quarter": 3}


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(db):
    return {
        "anonymous": _client(),
        "staff": _client(StaffFactory()),
        "coordinator": _client(UserFactory(role=roles.COORDINATOR, is_staff=True)),
    }


# (who, how): one of each kind of response the portal gives.
PAGE_KINDS = {
    "login form": ("anonymous", lambda c: c.get(reverse("login"))),
    "redirect to log in": ("anonymous", lambda c: c.get(reverse("cooperation:home"))),
    "page of the workspace": ("staff", lambda c: c.get(reverse("cooperation:home"))),
    "page with our inline script": (
        "coordinator",
        lambda c: c.get(reverse("reports:report_index")),
    ),
    "report on screen": ("coordinator", lambda c: c.get(reverse("reports:report_index"), QUARTER)),
    "XLSX download": (
        "coordinator",
        lambda c: c.get(reverse("reports:report_index"), {**QUARTER, "format": "xlsx"}),
    ),
    "DOCX download": (
        "coordinator",
        lambda c: c.get(reverse("reports:report_index"), {**QUARTER, "format": "docx"}),
    ),
    "refusal (403)": ("staff", lambda c: c.get(reverse("reports:report_index"))),
    "not found (404)": ("staff", lambda c: c.get("/no-such-page/")),
    "admin login": ("anonymous", lambda c: c.get(reverse("admin:login"))),
    "admin index": ("coordinator", lambda c: c.get(reverse("admin:index"))),
    "admin list": ("coordinator", lambda c: c.get(reverse("admin:reports_submission_changelist"))),
    "admin form": ("coordinator", lambda c: c.get(reverse("admin:cooperation_region_add"))),
    "spreadsheet export page": (
        "coordinator",
        lambda c: c.get(reverse("admin:events_reportedevent_export")),
    ),
    "POST refused by CSRF": ("anonymous", lambda c: _csrf_checked().post(reverse("login"))),
    "health check (JSON)": ("anonymous", lambda c: c.get(reverse("healthz"))),
}


def _csrf_checked():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_response_carries_the_security_headers(clients, request, kind):
    who, fetch = PAGE_KINDS[kind]
    if "report" in kind or "download" in kind:
        request.getfixturevalue("demo")  # a document with rows in it
    response = fetch(clients[who])
    # The health check answers 503 here: no task worker runs during the tests.
    assert response.status_code < 500 or kind == "health check (JSON)"
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    script_src = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert script_src[0] == "'self'"
    assert all(
        re.fullmatch(r"'(nonce|sha256)-[\w+/=-]+'|'unsafe-hashes'", v) for v in script_src[1:]
    )
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_inline_script_runs_by_the_nonce_of_its_own_response(clients):
    response = clients["coordinator"].get(reverse("reports:report_index"))
    [nonce] = set(re.findall(r"'nonce-([\w-]+)'", response["Content-Security-Policy"]))
    assert f'<script nonce="{nonce}">' in response.content.decode()
    again = clients["coordinator"].get(reverse("reports:report_index"))
    assert nonce not in again["Content-Security-Policy"]


def test_https_responses_carry_hsts_for_a_year_with_subdomains():
    response = Client().get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_sent_to_https_unless_the_proxy_says_it_was_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
    assert client.get(reverse("login"), headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_the_health_check_answers_over_plain_http(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get(reverse("healthz")).status_code in (200, 503)


# --- Templates -------------------------------------------------------------------------------

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>")
INLINE_STYLE = re.compile(r"<style\b(?![^>]*\bnonce=)[^>]*>")
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def _template_problems():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        for match in INLINE_SCRIPT.finditer(text):
            yield f"{name}: inline script without nonce: {match.group()}"
        for match in INLINE_STYLE.finditer(text):
            yield f"{name}: inline style element without nonce: {match.group()}"
        for tag in TAG.findall(text):
            if HANDLER.search(tag):
                yield f"{name}: inline event handler (move it to static/js): {tag}"
            if STYLE_ATTRIBUTE.search(tag):
                yield f"{name}: style attribute (use a class in static/css): {tag}"
            if "javascript:" in tag:
                yield f"{name}: javascript: URL: {tag}"


def test_templates_have_no_inline_code_the_csp_would_block():
    problems = list(_template_problems())
    assert not problems, "\n".join(problems)


def test_the_template_check_finds_what_the_csp_blocks(tmp_path, monkeypatch):
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script nonce="{{ csp_nonce }}">')
    assert not INLINE_SCRIPT.search('<script src="/static/js/portal.js">')
    assert HANDLER.search('<button onclick="go()">') and STYLE_ATTRIBUTE.search('<p style="x">')
    assert not HANDLER.search('<input name="only">')
