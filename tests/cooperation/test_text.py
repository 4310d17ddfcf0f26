"""Text helpers: the regions cell of a plan row, the closest known name for an unmatched one."""

import pytest

from cooperation.models import Region
from cooperation.text import (
    ALL_REGIONS_TEXT,
    closest_name,
    closest_name_hint,
    plan_regions_text,
)

pytestmark = pytest.mark.django_db


def _regions(*short_names):
    found = {r.short_name: r for r in Region.objects.filter(short_name__in=short_names)}
    return [found[name] for name in short_names]


def test_regions_are_listed_in_the_given_order_with_one_plural_noun_for_oblasts():
    regions = _regions("г. Москва", "Брянская область", "Калужская область", "Алтайский край")
    assert plan_regions_text(regions) == "г. Москва, Алтайский край, Брянская, Калужская области"


def test_all_regions_are_written_as_the_plans_write_them():
    assert plan_regions_text(_regions("Тверская область"), all_regions=True) == ALL_REGIONS_TEXT
    assert ALL_REGIONS_TEXT == "Все субъекты РФ"


def test_a_note_is_kept_as_written_instead_of_the_regions():
    note = "  Субъекты будут определены   по итогам конкурса "
    assert plan_regions_text([], all_regions=True, note=note) == (
        "Субъекты будут определены по итогам конкурса"
    )


NAMES = ["Тверская область", "Тульская область", "г. Москва"]


def test_closest_name_forgives_case_spacing_and_a_typo():
    assert closest_name("  тверскАя  облась", NAMES) == "Тверская область"


def test_closest_name_is_empty_when_nothing_is_near():
    assert closest_name("Соглашение с Марсом", NAMES) == ""


def test_closest_name_compares_by_the_key_given():
    def first_word(name):
        return name.split()[0].casefold()

    assert closest_name("Тула", NAMES) == ""
    assert closest_name("Тула", NAMES, key=first_word) == "Тульская область"


def test_hint_names_the_suggestion_or_says_nothing():
    assert closest_name_hint("г. Москва") == " Ближайшее известное: «г. Москва»."
    assert closest_name_hint("") == ""
