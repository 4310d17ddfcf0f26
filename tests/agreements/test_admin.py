"""Roadmaps in the admin: one whose progress has been entered is not deleted."""

import pytest
from django.urls import reverse

from agreements.models import Roadmap, RoadmapItem, RoadmapProgress, RoadmapSection
from cooperation import roles
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


def _roadmap(progress=True, title="«Дорожная карта» с Тверской областью"):
    roadmap = Roadmap.objects.create(
        title=title,
        short_title=title,
        region=region("Тверская область"),
        start_year=2021,
        end_year=2023,
    )
    section = RoadmapSection.objects.create(roadmap=roadmap, number="1", title="Культура")
    item = RoadmapItem.objects.create(section=section, number="1.1.", title="Фестиваль")
    if progress:
        RoadmapProgress.objects.create(item=item, year=2022, text="Проведён фестиваль")
    return roadmap


def test_a_roadmap_with_progress_is_not_deleted_and_the_page_says_why(coordinator):
    roadmap = _roadmap()
    url = reverse("admin:agreements_roadmap_delete", args=[roadmap.pk])
    page = coordinator.get(url).content.decode()
    assert "внесён ход исполнения за 2022 г." in page
    assert 'value="yes"' not in page  # no confirm button
    coordinator.post(url, {"post": "yes"})
    assert Roadmap.objects.filter(pk=roadmap.pk).exists()
    assert RoadmapProgress.objects.count() == 1


def test_bulk_delete_spares_a_roadmap_with_progress(coordinator):
    kept, gone = _roadmap(), _roadmap(progress=False, title="«Дорожная карта» без хода")
    coordinator.post(
        reverse("admin:agreements_roadmap_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [kept.pk, gone.pk]},
    )
    assert Roadmap.objects.filter(pk=kept.pk).exists()
    assert Roadmap.objects.filter(pk=gone.pk).exists()  # refused together, with the reason


def test_a_roadmap_without_progress_is_deleted(coordinator):
    roadmap = _roadmap(progress=False)
    coordinator.post(reverse("admin:agreements_roadmap_delete", args=[roadmap.pk]), {"post": "yes"})
    assert not Roadmap.objects.filter(pk=roadmap.pk).exists()


def test_sections_and_items_of_a_roadmap_with_progress_are_kept_too(coordinator):
    roadmap = _roadmap()
    section = roadmap.sections.get()
    item = section.items.get()
    for name, obj in (("roadmapsection", section), ("roadmapitem", item)):
        coordinator.post(reverse(f"admin:agreements_{name}_delete", args=[obj.pk]), {"post": "yes"})
    assert RoadmapSection.objects.filter(pk=section.pk).exists()
    assert RoadmapItem.objects.filter(pk=item.pk).exists()
    page = coordinator.get(reverse("admin:agreements_roadmap_change", args=[roadmap.pk]))
    assert not any(f.can_delete for f in (i.formset for i in page.context["inline_admin_formsets"]))
