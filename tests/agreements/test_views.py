"""The roadmap page: a small roadmap on one page, a large one a section at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import views
from agreements.models import Roadmap, RoadmapItem, RoadmapSection
from cooperation import roles
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory(role=roles.OFFICIAL))
    return client


def _roadmap(sections=3, items=4):
    roadmap = Roadmap.objects.create(
        title="План «дорожной карты»",
        short_title="«Дорожная карта» с Тверью",
        region=region("Тверская область"),
        start_year=2024,
        end_year=2025,
    )
    for s in range(1, sections + 1):
        section = RoadmapSection.objects.create(
            roadmap=roadmap, number=str(s), title=f"Раздел {s}", position=s
        )
        for i in range(1, items + 1):
            RoadmapItem.objects.create(
                section=section, number=f"{s}.{i}.", title=f"Пункт {s}.{i}", position=i
            )
    return roadmap


def _url(roadmap):
    return reverse("agreements:roadmap_detail", args=[roadmap.pk])


def test_a_small_roadmap_shows_every_section_on_one_page(reader):
    roadmap = _roadmap()
    response = reader.get(_url(roadmap))
    html = response.content.decode()
    assert response.context["current"] is None
    assert all(f"Пункт {s}.4" in html for s in (1, 2, 3))
    assert 'href="#section-' in html


def test_a_large_roadmap_shows_one_section_with_links_to_the_others(reader, monkeypatch):
    monkeypatch.setattr(views, "WHOLE_ROADMAP_ITEMS", 5)
    roadmap = _roadmap()
    second = roadmap.sections.get(number="2")
    html = reader.get(_url(roadmap)).content.decode()
    assert "Пункт 1.1" in html and "Пункт 2.1" not in html
    assert f'href="?section={second.pk}"' in html
    html = reader.get(_url(roadmap), {"section": second.pk}).content.decode()
    assert "Пункт 2.4" in html and "Пункт 1.1" not in html and "Пункт 3.1" not in html
    # A section of another roadmap or nonsense falls back to the first section.
    html = reader.get(_url(roadmap), {"section": "abc"}).content.decode()
    assert "Пункт 1.1" in html


def test_the_roadmap_page_reads_a_fixed_number_of_queries(reader, monkeypatch):
    monkeypatch.setattr(views, "WHOLE_ROADMAP_ITEMS", 5)
    counts = []
    for items in (3, 30):
        roadmap = _roadmap(items=items)
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(_url(roadmap)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
