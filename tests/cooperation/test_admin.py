"""Every model is in the admin; its list, search, filters and change pages open for coordinators."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cooperation import roles
from cooperation.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"cooperation", "agreements", "events", "reports"}


def _domain_models():
    return [m for m in admin.site._registry if m._meta.app_label in DOMAIN_APPS]


def test_every_domain_model_is_registered():
    from django.apps import apps

    registered = set(_domain_models())
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.auto_created or model.__name__ in {
                "ReportedEventAgreement",
                "RoadmapResponsibility",
                "RegionAlias",
                "DepartmentName",
            }:
                continue  # edited as inlines of their owners
            assert model in registered, model


def test_coordinator_opens_every_changelist_search_and_change_page(client, demo):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    for model in _domain_models():
        if model is User:
            continue  # accounts are the superuser's, see below
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist, {"q": "Смоленск"}).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change


def test_official_reads_but_cannot_add(client, demo):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    assert client.get(reverse("admin:events_reportedevent_changelist")).status_code == 200
    assert client.get(reverse("admin:events_reportedevent_add")).status_code == 403


def test_region_autocomplete_finds_by_name(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "твер",
            "app_label": "agreements",
            "model_name": "agreement",
            "field_name": "regions",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Тверская область"]


def test_only_superusers_manage_accounts(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    assert client.get(reverse("admin:cooperation_user_changelist")).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:cooperation_user_changelist")).status_code == 200
