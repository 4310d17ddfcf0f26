"""No delete of reference data takes events or reports with it: foreign keys PROTECT, and links
through auto-created many-to-many tables refuse the delete in the admin, which lists them."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Roadmap, RoadmapItem, RoadmapSection
from cooperation import roles
from cooperation.admin_mixins import ReferenceDeleteGuardMixin
from cooperation.models import Department, ForeignPartner, Region
from events.models import PlannedEvent, ReportedEvent
from tests.factories import (
    AgreementFactory,
    DepartmentFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    UserFactory,
    region,
)

REFERENCE = (
    Region, Department, ForeignPartner, Agreement, Roadmap, RoadmapSection, RoadmapItem
)  # fmt: skip
OUR_APPS = ("cooperation", "agreements", "events", "reports", "imports", "audit", "ops")
# A roadmap is made of its sections, items, executors and progress notes: they go with it.
PARTS = {
    ("agreements.roadmapsection", "roadmap"),
    ("agreements.roadmapitem", "section"),
    ("agreements.roadmapresponsibility", "item"),
    ("agreements.roadmapprogress", "item"),
    # Other names of a region or a body are part of it, as the roadmap's items are of it.
    ("cooperation.regionalias", "region"),
    ("cooperation.departmentname", "department"),
}


def _links_to_reference():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model in REFERENCE:
                yield model, field


def test_every_foreign_key_to_reference_data_protects_it_or_is_guarded_in_the_admin():
    wrong = []
    for model, field in _links_to_reference():
        label = model._meta.label_lower
        on_delete = field.remote_field.on_delete
        if (label, field.name) in PARTS:
            continue
        if model._meta.auto_created:
            # A many-to-many link: the target's admin refuses the delete and lists the link.
            target_admin = admin.site._registry[field.related_model]
            if not isinstance(target_admin, ReferenceDeleteGuardMixin):
                wrong.append(f"{label}.{field.name}: {field.related_model.__name__} unguarded")
        elif model._meta.app_label == "audit":
            if on_delete is not models.SET_NULL:
                wrong.append(f"{label}.{field.name}: the log keeps its entries (SET_NULL)")
        elif on_delete is not models.PROTECT:
            wrong.append(f"{label}.{field.name}: {on_delete.__name__}, not PROTECT")
    assert not wrong, "\n".join(wrong)


def test_the_walk_sees_the_many_to_many_links():
    found = {(m._meta.label_lower, f.name) for m, f in _links_to_reference()}
    assert ("events.reportedevent_regions", "region") in found
    assert ("events.reportedevent_roadmap_items", "roadmapitem") in found
    assert ("agreements.agreement_regions", "region") in found
    assert ("reports.reminderlog", "department") in found


# --- Through the admin's delete pages --------------------------------------------------------


@pytest.fixture
def coordinator_client(db):
    client = Client()
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


def _delete(client, obj, post=False):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    response = client.post(url, {"post": "yes"}) if post else client.get(url)
    return response, response.content.decode()


@pytest.mark.django_db
def test_a_region_that_events_and_agreements_name_is_not_deleted(coordinator_client):
    tver = region("Тверская область")
    event = ReportedEventFactory(title="Выставка тверских мастеров")
    event.regions.add(tver)
    planned = PlannedEventFactory(title="Фестиваль в Твери")
    planned.regions.add(tver)
    agreement = AgreementFactory(short_title="Соглашение с Тверской областью", regions=[tver])
    response, page = _delete(coordinator_client, tver)
    assert response.status_code == 200
    assert "Не удается удалить субъект Российской Федерации" in page
    assert "потребовало бы удаления следующих защищённых объектов" in page
    assert "Мероприятие отчёта: Выставка тверских мастеров (5-6 сентября)" in page
    assert "Мероприятие плана: Фестиваль в Твери (сентябрь 2022 года) («субъекты-партнёры»)" in page
    assert "Соглашение о сотрудничестве: Соглашение с Тверской областью" in page
    assert "исправьте их" in page  # what to do instead
    response, _ = _delete(coordinator_client, tver, post=True)
    assert Region.objects.filter(pk=tver.pk).exists()
    assert list(event.regions.all()) == [tver] and list(planned.regions.all()) == [tver]
    assert list(agreement.regions.all()) == [tver]


@pytest.mark.django_db
def test_the_bulk_delete_of_regions_is_refused_the_same_way(coordinator_client):
    tver, pskov = region("Тверская область"), region("Псковская область")
    ReportedEventFactory(title="Выставка").regions.add(tver)
    url = reverse("admin:cooperation_region_changelist")
    response = coordinator_client.post(
        url, {"action": "delete_selected", "_selected_action": [tver.pk, pskov.pk], "post": "yes"}
    )
    assert "Мероприятие отчёта: Выставка" in response.content.decode()
    assert Region.objects.filter(pk__in=[tver.pk, pskov.pk]).count() == 2


@pytest.mark.django_db
def test_a_region_nothing_points_to_can_be_deleted(coordinator_client):
    pskov = region("Псковская область")
    response, page = _delete(coordinator_client, pskov)
    assert "защищённых" not in page
    _delete(coordinator_client, pskov, post=True)
    assert not Region.objects.filter(pk=pskov.pk).exists()


@pytest.mark.django_db
def test_a_department_with_events_is_retired_not_deleted(coordinator_client):
    department = DepartmentFactory()
    PlannedEventFactory(department=department, title="План департамента")
    response, page = _delete(coordinator_client, department)
    assert "План департамента" in page and "действует по" in page
    _delete(coordinator_client, department, post=True)
    assert Department.objects.filter(pk=department.pk).exists()
    assert PlannedEvent.objects.filter(department=department).count() == 1


@pytest.mark.django_db
def test_an_agreement_events_refer_to_is_not_deleted_but_its_own_region_links_are_no_obstacle(
    coordinator_client,
):
    used, unused = AgreementFactory(), AgreementFactory()
    PlannedEventFactory(agreement=used, title="Мероприятие по соглашению")
    _, page = _delete(coordinator_client, used)
    assert "Мероприятие по соглашению" in page and "прекратило действие" in page
    _, page = _delete(coordinator_client, unused)
    assert "защищённых" not in page
    _delete(coordinator_client, unused, post=True)
    assert not Agreement.objects.filter(pk=unused.pk).exists()
    assert region("Тверская область").agreements.filter(pk=unused.pk).count() == 0


@pytest.mark.django_db
def test_a_roadmap_whose_item_a_report_names_is_not_deleted(coordinator_client, demo):
    roadmap = demo["roadmap"]
    item = RoadmapItem.objects.filter(section__roadmap=roadmap).first()
    event = ReportedEventFactory(title="Мероприятие по пункту карты")
    event.roadmap_items.add(item)
    for obj in (roadmap, item.section, item):
        _, page = _delete(coordinator_client, obj)
        assert "Мероприятие отчёта: Мероприятие по пункту карты" in page, obj
        _delete(coordinator_client, obj, post=True)
    assert Roadmap.objects.filter(pk=roadmap.pk).exists()
    assert list(event.roadmap_items.all()) == [item]
    assert ReportedEvent.objects.filter(pk=event.pk).exists()
