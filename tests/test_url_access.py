"""Every page of the site, as every role: an explicit table of who gets what.

The walk goes over the URL resolver, so a new page in the workspace, reference, agreements,
reports, overview (insight) or account sections fails this test until its row is added to
EXPECTED. Admin pages are
covered by the admin's own permissions; only its index is walked here.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cooperation import roles
from cooperation.models import Department
from events.models import PlannedEvent
from reports.models import DocumentBuild, SubmissionStatus
from tests.factories import (
    AgreementFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    StaffFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to settings.LOGIN_URL
ADMIN_LOGIN = "admin login"  # 302 to the admin's own login page
REDIRECT = "redirect"  # 302 somewhere else (the current period)

ROLES = ("anonymous", "own staff", "other staff", "coordinator", "official")
CHECKED_NAMESPACES = {None, "cooperation", "agreements", "reports", "workspace", "insight"}

# The records are the culture department's drafts; "other staff" is sport's employee.
_READ = (LOGIN, 200, 200, 200, 200)
_OWN_RECORD = (LOGIN, 200, 404, 200, 200)
_OWN_RECORD_WRITE = (LOGIN, 200, 404, 403, 403)
# A report's rows before approval: officials read approved quarters only.
_OWN_DRAFT = (LOGIN, 200, 404, 200, 404)
_OWN_DRAFT_WRITE = (LOGIN, 200, 404, 403, 404)
_WORKSPACE = (LOGIN, 200, 200, 403, 403)
_WORKSPACE_NOW = (LOGIN, REDIRECT, REDIRECT, 403, 403)
_PUBLIC = (200, 200, 200, 200, 200)

EXPECTED = {
    # account
    "login": _PUBLIC,
    "logout": (405, 405, 405, 405, 405),  # POST only
    "password_change": _READ,
    "password_change_done": _READ,
    "password_reset": _PUBLIC,
    "password_reset_done": _PUBLIC,
    "password_reset_confirm": _PUBLIC,  # a made-up token: the «link is invalid» page
    "password_reset_complete": _PUBLIC,
    # reference data and agreements
    "cooperation:home": _READ,
    "cooperation:region_list": _READ,
    "cooperation:region_detail": _READ,
    "cooperation:department_detail": _READ,
    "agreements:agreement_list": _READ,
    "agreements:agreement_detail": _READ,
    "agreements:roadmap_detail": _READ,
    # consolidated reports hold every department's rows
    "reports:report_index": (LOGIN, 403, 403, 200, 200),
    "reports:document_status": (LOGIN, 403, 403, 200, 200),
    "reports:submission_detail": _OWN_DRAFT,
    # department workspace
    "workspace:plan_current": _WORKSPACE_NOW,
    "workspace:planned_event_list": _WORKSPACE,
    "workspace:planned_event_create": _WORKSPACE,
    "workspace:planned_events_copy": _WORKSPACE,
    "workspace:planned_event_detail": _OWN_RECORD,
    "workspace:planned_event_update": _OWN_RECORD_WRITE,
    "workspace:planned_event_delete": _OWN_RECORD_WRITE,
    "workspace:report_current": _WORKSPACE_NOW,
    "workspace:reported_event_list": _WORKSPACE,
    "workspace:reported_event_create": _WORKSPACE,
    "workspace:planned_event_not_held": _OWN_RECORD_WRITE,
    "workspace:quarter_submit": (LOGIN, 405, 405, 405, 405),  # POST only; see test_views
    "workspace:reported_event_detail": _OWN_DRAFT,
    "workspace:reported_event_update": _OWN_DRAFT_WRITE,
    "workspace:reported_event_delete": _OWN_DRAFT_WRITE,
    "workspace:timing_preview": _READ,
    # overview: every role reads it, staff their own department's rows only
    "insight:search": _READ,
    "insight:planned_list": _READ,
    "insight:reported_list": _READ,
    "insight:plan_vs_fact": _READ,
    "insight:match_decide": (LOGIN, 405, 405, 405, 405),  # POST only; see tests/insight
    "insight:dashboard": _READ,
    "insight:dashboard_csv": _READ,
    # admin: staff without admin access are sent to the admin's login
    "admin:index": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
}


def _names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, f"{namespace}:{pattern.name}" if namespace else pattern.name


def site_url_names():
    names = set()
    for namespace, name in _names(get_resolver().url_patterns):
        if namespace == "admin":
            if name == "admin:index":
                names.add(name)
        elif namespace in CHECKED_NAMESPACES:
            names.add(name)
    return names


@dataclass
class Site:
    urls: dict
    clients: dict
    secrets: list
    drafts: list  # what officials must not read anywhere


@pytest.fixture
def site(demo, client_factory):
    culture = Department.objects.get(name="Департамент Смоленской области по культуре")
    sport = Department.objects.get(name="Главное управление спорта Смоленской области")
    planned = PlannedEventFactory(
        department=culture, title="Черновик культуры: план", regions_text="Тверская область"
    )
    reported = ReportedEventFactory(
        department=culture, year=2022, quarter=3, title="Черновик культуры: отчёт"
    )
    reported.agreement_links.create(agreement=AgreementFactory(), position=0)
    submission = SubmissionFactory(
        department=culture, year=2022, quarter=3, status=SubmissionStatus.DRAFT
    )
    assert PlannedEvent.objects.in_quarter(2022, 3).filter(pk=planned.pk).exists()
    roadmap = demo["roadmap"]
    document = DocumentBuild.objects.create(
        kind="quarterly", params="year=2022&quarter=3", format="xlsx", version="v1"
    )
    kwargs = {
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "cooperation:region_detail": {"pk": roadmap.region_id},
        "cooperation:department_detail": {"pk": culture.pk},
        "agreements:agreement_detail": {"slug": "moscow"},
        "agreements:roadmap_detail": {"pk": roadmap.pk},
        "reports:submission_detail": {"pk": submission.pk},
        "reports:document_status": {"pk": document.pk},
        "workspace:planned_event_list": {"year": 2022, "half": 2},
        "workspace:planned_event_create": {"year": 2022, "half": 2},
        "workspace:planned_events_copy": {"year": 2022, "half": 2},
        "workspace:planned_event_detail": {"pk": planned.pk},
        "workspace:planned_event_update": {"pk": planned.pk},
        "workspace:planned_event_delete": {"pk": planned.pk},
        "workspace:reported_event_list": {"year": 2022, "quarter": 3},
        "workspace:reported_event_create": {"year": 2022, "quarter": 3},
        "workspace:planned_event_not_held": {"year": 2022, "quarter": 3, "pk": planned.pk},
        "workspace:quarter_submit": {"year": 2022, "quarter": 3},
        "workspace:reported_event_detail": {"pk": reported.pk},
        "workspace:reported_event_update": {"pk": reported.pk},
        "workspace:reported_event_delete": {"pk": reported.pk},
        "insight:dashboard_csv": {"figure": "events"},
    }
    # Query strings that make a page show the drafts, so the walk checks who sees them.
    queries = {
        "insight:search": "?q=Черновик+культуры",
        "insight:plan_vs_fact": "?year=2022&half=2",
        "insight:dashboard": "?year_from=2022&year_to=2022",
    }
    users = {
        "anonymous": None,
        "own staff": StaffFactory(department=culture),
        "other staff": StaffFactory(department=sport),
        "coordinator": UserFactory(role=roles.COORDINATOR, is_staff=True),
        "official": UserFactory(role=roles.OFFICIAL, is_staff=True),
    }
    clients = {}
    for role, user in users.items():
        clients[role] = client_factory()
        if user is not None:
            clients[role].force_login(user)
    urls = {
        name: reverse(name, kwargs=kwargs.get(name, {})) + queries.get(name, "")
        for name in EXPECTED
    }
    return Site(urls, clients, [planned.title, reported.title], [reported.title])


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def _outcome(response):
    if response.status_code != 302:
        return response.status_code
    if response.url.startswith(reverse("login")):
        return LOGIN
    if response.url.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    return REDIRECT


def test_the_table_names_every_page_of_the_site():
    assert site_url_names() == set(EXPECTED), (
        "Add the new page to EXPECTED (or remove the stale row)"
    )


def test_every_role_gets_exactly_what_the_table_says(site):
    mismatches = []
    for name, expected in EXPECTED.items():
        url = site.urls[name]
        for role, want in zip(ROLES, expected, strict=True):
            response = site.clients[role].get(url)
            got = _outcome(response)
            if got != want:
                mismatches.append(f"{name} {url} as {role}: expected {want}, got {got}")
            if role == "other staff" and response.status_code == 200:
                body = response.content.decode()
                for secret in site.secrets:
                    if secret in body:
                        mismatches.append(f"{name} {url} shows another department's «{secret}»")
            if role == "official" and response.status_code == 200:
                body = response.content.decode()
                for draft in site.drafts:
                    if draft in body:
                        mismatches.append(f"{name} {url} shows an official the draft «{draft}»")
    assert not mismatches, "\n".join(mismatches)
