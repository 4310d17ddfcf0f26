"""Reference data: every subject of the Federation and every body named in the seeds."""

import json

import pytest

from cooperation.models import Department, Region, RegionKind
from cooperation.reference import FIXTURES_DIR
from cooperation.text import normalize_name
from tests import seeds

pytestmark = pytest.mark.django_db


def test_all_89_subjects_of_the_federation_are_loaded():
    assert Region.objects.count() == 89
    assert list(Region.objects.values_list("number", flat=True)) == list(range(1, 90))


def test_regions_split_by_kind_as_in_article_65():
    counts = {kind: Region.objects.filter(kind=kind).count() for kind in RegionKind.values}
    assert counts == {
        "republic": 24,
        "krai": 9,
        "oblast": 48,
        "federal_city": 3,
        "autonomous_oblast": 1,
        "autonomous_okrug": 4,
    }


def test_smolensk_oblast_is_the_only_home_region():
    home = Region.objects.get(is_home=True)
    assert home.name == "Смоленская область"
    assert home.iso_code == "RU-SMO"
    assert home.federal_district == "central"


@pytest.mark.parametrize(
    ("short_name", "name", "genitive", "iso_code"),
    [
        ("г. Москва", "Москва", "Москвы", "RU-MOW"),
        ("г. Санкт-Петербург", "Санкт-Петербург", "Санкт-Петербурга", "RU-SPE"),
        ("Тверская область", "Тверская область", "Тверской области", "RU-TVE"),
        ("Республика Крым", "Республика Крым", "Республики Крым", ""),
        (
            "Республика Татарстан",
            "Республика Татарстан (Татарстан)",
            "Республики Татарстан",
            "RU-TA",
        ),
    ],
)
def test_region_names_genitive_and_iso_code(short_name, name, genitive, iso_code):
    region = Region.objects.get(short_name=short_name)
    assert (region.name, region.name_genitive, region.iso_code) == (name, genitive, iso_code)


def _department_names():
    """Full and short names as import matching compares them (case, spaces, quotes, ё ignored)."""
    return {
        normalize_name(name)
        for pair in Department.objects.values_list("name", "short_name")
        for name in pair
    }


def test_every_department_heading_of_the_seeds_is_a_department():
    known = _department_names()
    headings = seeds.plan().groups + seeds.quarterly().groups
    for heading in headings:
        # 002 adds a note in brackets after one department's name; the name is before it.
        name = seeds.norm(heading).split(" (")[0]
        assert normalize_name(name) in known, name


def test_every_responsible_body_of_the_roadmap_is_a_department():
    known = _department_names()
    for row in seeds.roadmap().rows:
        cell = row.cells[3].split("*ликвидировано")[0]
        for part in cell.split("\n\n"):
            name = seeds.norm(part).rstrip(" *")
            if name:
                assert normalize_name(name) in known, name


def test_liquidated_body_names_its_successor_in_the_footnote():
    terem = Department.objects.get(name__contains="Смоленский терем")
    assert terem.liquidation_note() == (
        "ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»"
    )
    assert terem.successor.active_from > terem.active_until


def test_reference_loader_is_idempotent(django_db_blocker):
    from django.core.management import call_command

    before = (Region.objects.count(), Department.objects.count())
    call_command("load_reference", verbosity=0)
    assert (Region.objects.count(), Department.objects.count()) == before


def test_fixture_files_are_valid_json():
    for name in (
        "regions.json",
        "region_aliases.json",
        "departments.json",
        "department_names.json",
        "foreign_partners.json",
        "agreements.json",
    ):
        assert json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))
