"""Every page of the site, the admin's included, as every role: an explicit table of who gets what.

The walk goes over the URL resolver, so a new page anywhere — the workspace, reference,
agreements, reports, account sections or any view of the admin — fails this test until its row
is added to EXPECTED or ADMIN_EXPECTED. Every page a role may open is searched for the culture
department's records, which sport's employees must never see.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from reversion.models import Version

import audit
from agreements.models import Agreement, RoadmapItem, RoadmapProgress, RoadmapSection
from cooperation import roles
from cooperation.models import Department, ForeignPartner, Region
from events.models import PlannedEvent
from imports.models import ImportJob, ImportRecord
from reports.models import (
    DocumentBuild,
    ReminderKind,
    ReminderLog,
    SubmissionAction,
    SubmissionStatus,
)
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
ADMIN_INDEX = "admin index"  # 302 to the admin's start page: «no such record»
REDIRECT = "redirect"  # 302 somewhere else (the current period, the change page)

# «admin staff» is sport's employee mistakenly given the admin and every view permission but no
# portal-wide role: the admin still shows them their own department's records only.
ROLES = ("anonymous", "own staff", "other staff", "coordinator", "official", "admin staff")

# The records are the culture department's drafts; "other staff" is sport's employee.
_READ = (LOGIN, 200, 200, 200, 200, 200)
_OWN_RECORD = (LOGIN, 200, 404, 200, 200, 404)
_OWN_RECORD_WRITE = (LOGIN, 200, 404, 403, 403, 404)
_WORKSPACE = (LOGIN, 200, 200, 403, 403, 200)
_WORKSPACE_NOW = (LOGIN, REDIRECT, REDIRECT, 403, 403, REDIRECT)
_PUBLIC = (200, 200, 200, 200, 200, 200)
# A report's rows before approval: officials read approved quarters only.
_OWN_DRAFT = (LOGIN, 200, 404, 200, 404, 404)
_OWN_DRAFT_WRITE = (LOGIN, 200, 404, 403, 404, 404)

EXPECTED = {
    # account
    "login": _PUBLIC,
    "logout": (405,) * 6,  # POST only
    "password_change": _READ,
    "password_change_done": _READ,
    "password_reset": _PUBLIC,
    "password_reset_done": _PUBLIC,
    "password_reset_confirm": _PUBLIC,  # a made-up token: the «link is invalid» page
    "password_reset_complete": _PUBLIC,
    # operations: answers 503 here, where no task worker beats
    "healthz": (503,) * 6,
    # reference data and agreements
    "cooperation:home": _READ,
    "cooperation:region_list": _READ,
    "cooperation:region_detail": _READ,
    "cooperation:department_detail": _READ,
    "agreements:agreement_list": _READ,
    "agreements:agreement_detail": _READ,
    "agreements:roadmap_detail": _READ,
    # consolidated reports hold every department's rows
    "reports:report_index": (LOGIN, 403, 403, 200, 200, 403),
    "reports:document_status": (LOGIN, 403, 403, 200, 200, 403),
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
    "workspace:quarter_submit": (LOGIN, 405, 405, 405, 405, 405),  # POST only; see test_views
    "workspace:reported_event_detail": _OWN_DRAFT,
    "workspace:reported_event_update": _OWN_DRAFT_WRITE,
    "workspace:reported_event_delete": _OWN_DRAFT_WRITE,
    "workspace:timing_preview": _READ,
    # overview: every role reads it, staff their own department's rows only
    "insight:search": _READ,
    "insight:planned_list": _READ,
    "insight:reported_list": _READ,
    "insight:plan_vs_fact": _READ,
    "insight:match_decide": (LOGIN, 405, 405, 405, 405, 405),  # POST only; see tests/insight
    "insight:dashboard": _READ,
    "insight:dashboard_csv": _READ,
}


# --- The admin -------------------------------------------------------------------------------
# Department staff never get the admin: every page sends them to its login, as it does anonymous
# visitors. The columns that differ are coordinator, official and admin staff.


def _admin(coordinator, official, admin_staff):
    return (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, coordinator, official, admin_staff)


# Rows by the model's name, then the site's own pages (index, login, autocomplete…). Officials
# read; coordinators also manage, except what only workflows, imports or superusers write (the
# report itself, the journals, the audit log, user accounts and groups, django-axes' counters).
# Admin staff see their own department's records only: another's answers «no such record».
ADMIN_EXPECTED = {
    "admin:agreements_agreement_add": _admin(200, 403, 403),
    "admin:agreements_agreement_change": _admin(200, 200, 200),
    "admin:agreements_agreement_changelist": _admin(200, 200, 200),
    "admin:agreements_agreement_compare": _admin(200, 200, 200),
    "admin:agreements_agreement_delete": _admin(200, 403, 403),
    "admin:agreements_agreement_export": _admin(200, 200, 200),
    "admin:agreements_agreement_history": _admin(200, 200, 200),
    "admin:agreements_agreement_import": _admin(200, 403, 403),
    "admin:agreements_agreement_process_import": _admin(405, 405, 405),
    "admin:agreements_agreement_recover": _admin(200, 403, 403),
    "admin:agreements_agreement_recoverlist": _admin(200, 403, 403),
    "admin:agreements_agreement_revision": _admin(200, 200, 200),
    "admin:agreements_roadmap_add": _admin(200, 403, 403),
    "admin:agreements_roadmap_change": _admin(200, 200, 200),
    "admin:agreements_roadmap_changelist": _admin(200, 200, 200),
    "admin:agreements_roadmap_compare": _admin(200, 200, 200),
    "admin:agreements_roadmap_delete": _admin(200, 403, 403),
    "admin:agreements_roadmap_history": _admin(200, 200, 200),
    "admin:agreements_roadmap_recover": _admin(200, 403, 403),
    "admin:agreements_roadmap_recoverlist": _admin(200, 403, 403),
    "admin:agreements_roadmap_revision": _admin(200, 200, 200),
    "admin:agreements_roadmapitem_add": _admin(200, 403, 403),
    "admin:agreements_roadmapitem_change": _admin(200, 200, 200),
    "admin:agreements_roadmapitem_changelist": _admin(200, 200, 200),
    "admin:agreements_roadmapitem_compare": _admin(200, 200, 200),
    "admin:agreements_roadmapitem_delete": _admin(200, 403, 403),
    "admin:agreements_roadmapitem_export": _admin(200, 200, 200),
    "admin:agreements_roadmapitem_history": _admin(200, 200, 200),
    "admin:agreements_roadmapitem_import": _admin(200, 403, 403),
    "admin:agreements_roadmapitem_process_import": _admin(405, 405, 405),
    "admin:agreements_roadmapitem_recover": _admin(200, 403, 403),
    "admin:agreements_roadmapitem_recoverlist": _admin(200, 403, 403),
    "admin:agreements_roadmapitem_revision": _admin(200, 200, 200),
    "admin:agreements_roadmapprogress_add": _admin(200, 403, 403),
    "admin:agreements_roadmapprogress_change": _admin(200, 200, 200),
    "admin:agreements_roadmapprogress_changelist": _admin(200, 200, 200),
    "admin:agreements_roadmapprogress_compare": _admin(200, 200, 200),
    "admin:agreements_roadmapprogress_delete": _admin(200, 403, 403),
    "admin:agreements_roadmapprogress_history": _admin(200, 200, 200),
    "admin:agreements_roadmapprogress_recover": _admin(200, 403, 403),
    "admin:agreements_roadmapprogress_recoverlist": _admin(200, 403, 403),
    "admin:agreements_roadmapprogress_revision": _admin(200, 200, 200),
    "admin:agreements_roadmapsection_add": _admin(200, 403, 403),
    "admin:agreements_roadmapsection_change": _admin(200, 200, 200),
    "admin:agreements_roadmapsection_changelist": _admin(200, 200, 200),
    "admin:agreements_roadmapsection_compare": _admin(200, 200, 200),
    "admin:agreements_roadmapsection_delete": _admin(200, 403, 403),
    "admin:agreements_roadmapsection_history": _admin(200, 200, 200),
    "admin:agreements_roadmapsection_recover": _admin(200, 403, 403),
    "admin:agreements_roadmapsection_recoverlist": _admin(200, 403, 403),
    "admin:agreements_roadmapsection_revision": _admin(200, 200, 200),
    "admin:app_list": _admin(200, 200, 200),
    "admin:audit_auditentry_add": _admin(403, 403, 403),
    "admin:audit_auditentry_change": _admin(200, 403, 403),
    "admin:audit_auditentry_changelist": _admin(200, 403, 403),
    "admin:audit_auditentry_delete": _admin(403, 403, 403),
    "admin:audit_auditentry_history": _admin(200, 403, 403),
    "admin:auth_group_add": _admin(403, 403, 403),
    "admin:auth_group_change": _admin(403, 403, 403),
    "admin:auth_group_changelist": _admin(403, 403, 403),
    "admin:auth_group_delete": _admin(403, 403, 403),
    "admin:auth_group_history": _admin(403, 403, 403),
    "admin:auth_user_password_change": _admin(403, 403, 403),
    "admin:autocomplete": _admin(200, 200, 200),  # only records the user may see
    "admin:axes_accessattempt_add": _admin(403, 403, 403),
    "admin:axes_accessattempt_change": _admin(403, 403, 403),
    "admin:axes_accessattempt_changelist": _admin(403, 403, 403),
    "admin:axes_accessattempt_delete": _admin(403, 403, 403),
    "admin:axes_accessattempt_history": _admin(403, 403, 403),
    "admin:axes_accessfailurelog_add": _admin(403, 403, 403),
    "admin:axes_accessfailurelog_change": _admin(403, 403, 403),
    "admin:axes_accessfailurelog_changelist": _admin(403, 403, 403),
    "admin:axes_accessfailurelog_delete": _admin(403, 403, 403),
    "admin:axes_accessfailurelog_history": _admin(403, 403, 403),
    "admin:axes_accesslog_add": _admin(403, 403, 403),
    "admin:axes_accesslog_change": _admin(403, 403, 403),
    "admin:axes_accesslog_changelist": _admin(403, 403, 403),
    "admin:axes_accesslog_delete": _admin(403, 403, 403),
    "admin:axes_accesslog_history": _admin(403, 403, 403),
    "admin:cooperation_department_add": _admin(200, 403, 403),
    "admin:cooperation_department_change": _admin(200, 200, 200),
    "admin:cooperation_department_changelist": _admin(200, 200, 200),
    "admin:cooperation_department_delete": _admin(200, 403, 403),
    "admin:cooperation_department_history": _admin(200, 200, 200),
    "admin:cooperation_foreignpartner_add": _admin(200, 403, 403),
    "admin:cooperation_foreignpartner_change": _admin(200, 200, 200),
    "admin:cooperation_foreignpartner_changelist": _admin(200, 200, 200),
    "admin:cooperation_foreignpartner_delete": _admin(200, 403, 403),
    "admin:cooperation_foreignpartner_history": _admin(200, 200, 200),
    "admin:cooperation_region_add": _admin(200, 403, 403),
    "admin:cooperation_region_change": _admin(200, 200, 200),
    "admin:cooperation_region_changelist": _admin(200, 200, 200),
    "admin:cooperation_region_delete": _admin(200, 403, 403),
    "admin:cooperation_region_history": _admin(200, 200, 200),
    "admin:cooperation_user_add": _admin(403, 403, 403),
    "admin:cooperation_user_change": _admin(403, 403, 403),
    "admin:cooperation_user_changelist": _admin(403, 403, 403),
    "admin:cooperation_user_delete": _admin(403, 403, 403),
    "admin:cooperation_user_history": _admin(403, 403, 403),
    "admin:events_plannedevent_add": _admin(200, 403, 403),
    "admin:events_plannedevent_change": _admin(200, 200, ADMIN_INDEX),
    "admin:events_plannedevent_changelist": _admin(200, 200, 200),
    "admin:events_plannedevent_compare": _admin(200, 200, 404),
    "admin:events_plannedevent_delete": _admin(200, 403, 403),
    "admin:events_plannedevent_export": _admin(200, 200, 200),
    "admin:events_plannedevent_history": _admin(200, 200, ADMIN_INDEX),
    "admin:events_plannedevent_import": _admin(200, 403, 403),
    "admin:events_plannedevent_process_import": _admin(405, 405, 405),
    "admin:events_plannedevent_recover": _admin(200, 403, 403),
    "admin:events_plannedevent_recoverlist": _admin(200, 403, 403),
    "admin:events_plannedevent_revision": _admin(200, 200, 404),
    "admin:events_reportedevent_add": _admin(200, 403, 403),
    "admin:events_reportedevent_change": _admin(200, ADMIN_INDEX, ADMIN_INDEX),
    "admin:events_reportedevent_changelist": _admin(200, 200, 200),
    "admin:events_reportedevent_compare": _admin(200, 404, 404),
    "admin:events_reportedevent_delete": _admin(200, 403, 403),
    "admin:events_reportedevent_export": _admin(200, 200, 200),
    "admin:events_reportedevent_history": _admin(200, ADMIN_INDEX, ADMIN_INDEX),
    "admin:events_reportedevent_import": _admin(200, 403, 403),
    "admin:events_reportedevent_process_import": _admin(405, 405, 405),
    "admin:events_reportedevent_recover": _admin(200, 403, 403),
    "admin:events_reportedevent_recoverlist": _admin(200, 403, 403),
    "admin:events_reportedevent_revision": _admin(200, 404, 404),
    "admin:imports_importrecord_add": _admin(403, 403, 403),
    "admin:imports_importrecord_change": _admin(200, 200, 200),
    "admin:imports_importrecord_changelist": _admin(200, 200, 200),
    "admin:imports_importrecord_confirm": _admin(403, 403, 403),
    "admin:imports_importrecord_delete": _admin(403, 403, 403),
    "admin:imports_importrecord_history": _admin(200, 200, 200),
    "admin:imports_importrecord_upload": _admin(200, 403, 403),
    # An upload's page is its uploader's alone (the coordinator's here).
    "admin:imports_importrecord_job": _admin(200, 403, 403),
    "admin:imports_importrecord_undo": _admin(200, 403, 403),
    "admin:index": _admin(200, 200, 200),
    "admin:jsi18n": _admin(200, 200, 200),
    # A signed-in user is taken to the start page.
    "admin:login": (200, 200, 200, ADMIN_INDEX, ADMIN_INDEX, ADMIN_INDEX),
    "admin:logout": (ADMIN_INDEX, ADMIN_INDEX, ADMIN_INDEX, 405, 405, 405),  # POST only
    "admin:password_change": _admin(200, 200, 200),
    "admin:password_change_done": _admin(200, 200, 200),
    "admin:reports_documentbuild_add": _admin(403, 403, 403),
    "admin:reports_documentbuild_change": _admin(200, 200, 200),
    "admin:reports_documentbuild_changelist": _admin(200, 200, 200),
    "admin:reports_documentbuild_delete": _admin(200, 403, 403),
    "admin:reports_documentbuild_history": _admin(200, 200, 200),
    "admin:reports_reminderlog_add": _admin(403, 403, 403),
    "admin:reports_reminderlog_change": _admin(200, 200, ADMIN_INDEX),
    "admin:reports_reminderlog_changelist": _admin(200, 200, 200),
    "admin:reports_reminderlog_delete": _admin(403, 403, 403),
    "admin:reports_reminderlog_history": _admin(200, 200, ADMIN_INDEX),
    "admin:reports_submission_add": _admin(403, 403, 403),
    "admin:reports_submission_approve": _admin(405, 405, 405),
    "admin:reports_submission_change": _admin(200, ADMIN_INDEX, ADMIN_INDEX),
    "admin:reports_submission_changelist": _admin(200, 200, 200),
    "admin:reports_submission_compare": _admin(200, 404, 404),
    "admin:reports_submission_completeness": _admin(200, 200, 200),
    "admin:reports_submission_delete": _admin(403, 403, 403),
    "admin:reports_submission_history": _admin(200, ADMIN_INDEX, ADMIN_INDEX),
    "admin:reports_submission_recover": _admin(403, 403, 403),
    "admin:reports_submission_recoverlist": _admin(403, 403, 403),
    "admin:reports_submission_return": _admin(405, 405, 405),
    "admin:reports_submission_reopen": _admin(200, 403, 403),  # the form asking why
    "admin:reports_submission_completeness_remind": _admin(405, 405, 405),
    # Reports are never put back to a past version: the history page says so.
    "admin:reports_submission_revision": _admin(REDIRECT, REDIRECT, REDIRECT),
    "admin:reports_submissionhistory_add": _admin(403, 403, 403),
    "admin:reports_submissionhistory_change": _admin(200, ADMIN_INDEX, ADMIN_INDEX),
    "admin:reports_submissionhistory_changelist": _admin(200, 200, 200),
    "admin:reports_submissionhistory_delete": _admin(403, 403, 403),
    "admin:reports_submissionhistory_history": _admin(200, ADMIN_INDEX, ADMIN_INDEX),
    # To the record's page, which checks access itself.
    "admin:view_on_site": _admin(REDIRECT, REDIRECT, REDIRECT),
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
    return {name for namespace, name in _names(get_resolver().url_patterns)}


@dataclass
class Site:
    urls: dict
    clients: dict
    secrets: list
    drafts: list  # what officials must not read anywhere


# Admin URL names: «admin:<app>_<model>_<view>»; the object each model's pages are opened for.
OBJECT_VIEWS = {"change", "history", "delete", "compare", "approve", "return", "reopen", "undo"}


def _admin_objects(demo, culture, users):
    planned = PlannedEvent.objects.get(title="Черновик культуры: план")
    reported = culture.reported_events.get(title="Черновик культуры: отчёт")
    submission = culture.submissions.get(year=2022, quarter=3)
    history = submission.history.create(
        action=SubmissionAction.CREATED,
        status=submission.status,
        comment="Секрет культуры: история",
    )
    reminder = ReminderLog.objects.create(
        department=culture,
        year=2022,
        quarter=3,
        kind=ReminderKind.OVERDUE,
        sent_on=timezone.localdate(),
        recipients="culture-secret@example.org",
    )
    record = ImportRecord.objects.create(
        file_name="отчёт.docx", sha256="0" * 64, kind="quarterly", title="Отчёт"
    )
    build = DocumentBuild.objects.create(
        kind="quarterly", params="year=2020&quarter=3", format="xlsx", version="0" * 64
    )
    entry = audit.record(audit.Action.LOGIN, user=users["coordinator"])
    attempt = AccessAttempt.objects.create(
        username="culture",
        ip_address="10.0.0.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=1,
    )
    access_log = AccessLog.objects.create(
        username="culture", ip_address="10.0.0.1", user_agent="", http_accept="", path_info="/"
    )
    failure_log = AccessFailureLog.objects.create(
        username="culture",
        ip_address="10.0.0.1",
        user_agent="",
        http_accept="",
        path_info="/",
        locked_out=False,
    )
    return {
        "auth.group": Group.objects.get(name=roles.COORDINATOR),
        "cooperation.region": Region.objects.get(short_name="Тверская область"),
        "cooperation.department": culture,
        "cooperation.foreignpartner": ForeignPartner.objects.get(name="г. Минск"),
        "cooperation.user": users["own staff"],
        "agreements.agreement": Agreement.objects.get(slug="moscow"),
        "agreements.roadmap": demo["roadmap"],
        "agreements.roadmapsection": RoadmapSection.objects.first(),
        "agreements.roadmapitem": RoadmapItem.objects.first(),
        "agreements.roadmapprogress": RoadmapProgress.objects.first(),
        "events.plannedevent": planned,
        "events.reportedevent": reported,
        "reports.submission": submission,
        "reports.submissionhistory": history,
        "reports.reminderlog": reminder,
        "reports.documentbuild": build,
        "imports.importrecord": record,
        "imports.importjob": ImportJob.objects.create(
            token="0" * 32, file_name="отчёт.docx", by=users["coordinator"]
        ),
        "audit.auditentry": entry,
        "axes.accessattempt": attempt,
        "axes.accesslog": access_log,
        "axes.accessfailurelog": failure_log,
    }


def _two_versions(obj):
    """Two revisions of the record, for the history, compare and revert pages."""
    versions = []
    for _ in range(2):
        with reversion.create_revision():
            obj.save()
        versions.append(Version.objects.get_for_object(obj).order_by("-pk").first())
    return versions


def _admin_url(name, objects, versions):
    """The URL of an admin page, with the object, versions and query its view needs."""
    if name == "admin:autocomplete":
        params = {
            "app_label": "events",
            "model_name": "reportedevent",
            "field_name": "planned_event",
            "term": "Черновик",
        }
        return reverse(name) + "?" + urlencode(params)
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "events"})
    if name == "admin:view_on_site":
        obj = objects["events.reportedevent"]
        return reverse(name, args=[ContentType.objects.get_for_model(obj).pk, obj.pk])
    if name == "admin:imports_importrecord_job":
        return reverse(name, args=[objects["imports.importjob"].token])
    if name == "admin:auth_user_password_change":
        return reverse(name, args=[objects["cooperation.user"].pk])
    label, view = _split(name)
    if label is None:
        return reverse(name)
    obj = objects[label]
    if view in OBJECT_VIEWS:
        url = reverse(name, args=[quote(obj.pk)])
        if view == "compare":
            older, newer = versions[label]
            url += "?" + urlencode({"version_id1": older.pk, "version_id2": newer.pk})
        return url
    if view == "revision":
        return reverse(name, args=[quote(obj.pk), versions[label][0].pk])
    if view == "recover":
        return reverse(name, args=[versions[label][0].pk])
    return reverse(name)


_VIEWS = (
    "changelist",
    "add",
    "history",
    "delete",
    "change",
    "compare",
    "recoverlist",
    "recover",
    "revision",
    "import",
    "export",
    "process_import",
    "approve",
    "reopen",
    "completeness_remind",
    "return",
    "completeness",
    "upload",
    "confirm",
    "undo",
    "job",
)


def _split(name):
    """«admin:events_reportedevent_change» → («events.reportedevent», «change»)."""
    from django.apps import apps

    short = name.removeprefix("admin:")
    for view in sorted(_VIEWS, key=len, reverse=True):
        if short.endswith("_" + view):
            rest = short[: -len(view) - 1]
            for model in apps.get_models():
                if f"{model._meta.app_label}_{model._meta.model_name}" == rest:
                    return model._meta.label_lower, view
    return None, None


@pytest.fixture
def site(demo):
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
        department=culture,
        year=2022,
        quarter=3,
        status=SubmissionStatus.DRAFT,
        heading_note="Секрет культуры: пояснение",
    )
    assert PlannedEvent.objects.in_quarter(2022, 3).filter(pk=planned.pk).exists()
    document = DocumentBuild.objects.create(
        kind="quarterly", params="year=2022&quarter=3", format="xlsx", version="v1"
    )
    admin_staff = StaffFactory(department=sport, is_staff=True)
    admin_staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=roles.DOMAIN_APPS, codename__startswith="view_"
        ).exclude(content_type__model="user")
    )
    users = {
        "anonymous": None,
        "own staff": StaffFactory(department=culture),
        "other staff": StaffFactory(department=sport),
        "coordinator": UserFactory(role=roles.COORDINATOR, is_staff=True),
        "official": UserFactory(role=roles.OFFICIAL, is_staff=True),
        "admin staff": admin_staff,
    }
    roadmap = demo["roadmap"]
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
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    urls = {
        name: reverse(name, kwargs=kwargs.get(name, {})) + queries.get(name, "")
        for name in EXPECTED
    }
    objects = _admin_objects(demo, culture, users)
    versions = {
        label: _two_versions(obj)
        for label, obj in objects.items()
        if reversion.is_registered(type(obj))
    }
    for name in ADMIN_EXPECTED:
        urls[name] = _admin_url(name, objects, versions)
    secrets = [
        planned.title,
        reported.title,
        "Секрет культуры: пояснение",
        "Секрет культуры: история",
        "culture-secret@example.org",
    ]
    return Site(urls, clients, secrets, [reported.title])


def _outcome(response):
    if response.status_code != 302:
        return response.status_code
    if response.url.startswith(reverse("login")):
        return LOGIN
    if response.url.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    if response.url == reverse("admin:index"):
        return ADMIN_INDEX
    return REDIRECT


def test_the_tables_name_every_page_of_the_site_and_the_admin():
    named = set(EXPECTED) | set(ADMIN_EXPECTED)
    assert site_url_names() == named, "Add the new page to the table (or remove the stale row)"


def _check(site, table):
    mismatches = []
    for name, expected in table.items():
        url = site.urls[name]
        for role, want in zip(ROLES, expected, strict=True):
            response = site.clients[role].get(url)
            got = _outcome(response)
            if got != want:
                mismatches.append(f"{name} {url} as {role}: expected {want!r}, got {got!r}")
            if role == "official" and response.status_code == 200:
                body = response.content.decode()
                for draft in site.drafts:
                    if draft in body:
                        mismatches.append(f"{name} {url} shows an official the draft «{draft}»")
            if role in ("other staff", "admin staff") and response.status_code == 200:
                body = response.content.decode()
                for secret in site.secrets:
                    if secret in body:
                        mismatches.append(f"{name} {url} shows {role} culture's «{secret}»")
    return mismatches


def test_every_role_gets_exactly_what_the_table_says(site):
    mismatches = _check(site, EXPECTED)
    assert not mismatches, "\n".join(mismatches)


def test_every_role_gets_exactly_what_the_admin_table_says(site):
    mismatches = _check(site, ADMIN_EXPECTED)
    assert not mismatches, "\n".join(mismatches)


# Lists narrowed to the culture department by a filter, a search or the autocomplete: admin staff
# from sport get none of its records, however they ask; a coordinator asking the same sees them.
NARROWED = [
    ("admin:events_reportedevent_changelist", {"department__id__exact": "culture"}, "Черновик"),
    ("admin:events_reportedevent_changelist", {"q": "Черновик"}, "Черновик"),
    ("admin:events_plannedevent_changelist", {"department__id__exact": "culture"}, "Черновик"),
    ("admin:events_plannedevent_changelist", {"q": "Черновик"}, "Черновик"),
    ("admin:reports_submission_changelist", {"department__id__exact": "culture"}, "III квартал"),
    ("admin:reports_submission_changelist", {"q": "культуре"}, "III квартал"),
    ("admin:reports_submissionhistory_changelist", {"q": "Секрет"}, "III квартал"),
    ("admin:reports_reminderlog_changelist", {"q": "culture-secret"}, "culture-secret"),
]


def _results(body):
    """The list itself, without the filter sidebar (which names every department)."""
    found = re.search(r'<table id="result_list".*?</table>', body, re.S)
    return found.group() if found else ""


def test_filters_and_searches_never_reach_another_departments_records(site):
    culture = Department.objects.get(name="Департамент Смоленской области по культуре")
    leaks = []
    for name, query, marker in NARROWED:
        query = {k: culture.pk if v == "culture" else v for k, v in query.items()}
        url = site.urls[name] + "?" + urlencode(query)
        assert marker in _results(site.clients["coordinator"].get(url).content.decode()), url
        response = site.clients["admin staff"].get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        if marker in _results(body):
            leaks.append(f"{url}: «{marker}»")
        leaks += [f"{url}: «{secret}»" for secret in site.secrets if secret in body]
    autocomplete = site.clients["admin staff"].get(site.urls["admin:autocomplete"]).json()
    assert autocomplete["results"] == []
    assert site.clients["coordinator"].get(site.urls["admin:autocomplete"]).json()["results"]
    assert not leaks, "\n".join(leaks)
