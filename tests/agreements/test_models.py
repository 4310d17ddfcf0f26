"""Agreements and roadmaps: how a roadmap is named."""

import pytest

from agreements.models import Roadmap
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_a_roadmap_is_named_by_its_partner_in_the_nominative():
    title = Roadmap.short_title_for(region("г. Санкт-Петербург"))
    assert title == "«Дорожная карта»: Санкт-Петербург"


def test_the_demo_roadmap_has_that_name(demo):
    assert str(demo["roadmap"]) == "«Дорожная карта»: Санкт-Петербург (2021–2023)"
