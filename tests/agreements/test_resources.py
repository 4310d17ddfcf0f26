import pytest
import tablib

from agreements.models import Agreement, Roadmap, RoadmapItem, RoadmapSection
from agreements.resources import AgreementResource, RoadmapItemResource
from cooperation.models import FederalDistrict, Region, RegionKind
from cooperation.resources import SafeCSV
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_agreements_round_trip_with_regions_and_spheres_by_name():
    def snapshot():
        return sorted(
            (a.slug, a.title, a.spheres, sorted(r.short_name for r in a.regions.all()))
            for a in Agreement.objects.prefetch_related("regions")
        )

    before = snapshot()
    dataset = AgreementResource().export()
    assert "торгово-экономическое" in dataset.dict[0]["Сферы"]
    data = SafeCSV().export_data(dataset)
    Agreement.objects.update(spheres=[])
    result = AgreementResource().import_data(tablib.Dataset().load(data, format="csv"))
    assert not result.has_validation_errors()
    assert snapshot() == before


def test_unknown_sphere_is_explained():
    dataset = AgreementResource().export()
    dataset.append_col(lambda row: row, header="x")
    del dataset["x"]
    row = list(dataset[0])
    row[dataset.headers.index("Сферы")] = "космическое"
    dataset[0] = tuple(row)
    result = AgreementResource().import_data(dataset, dry_run=True)
    messages = " ".join(str(e) for r in result.invalid_rows for e in r.error_dict.values())
    assert "Неизвестные сферы: «космическое»" in messages


def test_roadmap_items_round_trip_with_ordered_responsible_departments(demo):
    def snapshot():
        return sorted(
            (i.number, i.title, [r.department.name for r in i.responsibilities.all()])
            for i in RoadmapItem.objects.with_details()
        )

    before = snapshot()
    data = SafeCSV().export_data(RoadmapItemResource().export())
    for item in RoadmapItem.objects.all():
        item.responsibilities.all().delete()
    result = RoadmapItemResource().import_data(tablib.Dataset().load(data, format="csv"))
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert snapshot() == before


def test_a_region_added_after_an_import_is_found_by_the_next_agreement_import():
    dataset = AgreementResource().export(
        Agreement.objects.filter(slug=Agreement.objects.first().slug)
    )
    assert not AgreementResource().import_data(dataset, dry_run=False).has_validation_errors()
    region = Region.objects.create(
        number=90,
        name="Новая область",
        short_name="Новая область",
        name_genitive="Новой области",
        federal_district=FederalDistrict.CENTRAL,
        kind=RegionKind.OBLAST,
    )
    row = list(dataset[0])
    row[dataset.headers.index("Субъекты-партнёры")] = region.short_name
    dataset[0] = tuple(row)

    result = AgreementResource().import_data(dataset, dry_run=False)

    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert list(Agreement.objects.get(slug=row[0]).regions.all()) == [region]


def test_a_department_and_a_roadmap_added_after_an_import_are_found_by_the_next_import(demo):
    first = RoadmapItem.objects.order_by("pk").first()
    dataset = RoadmapItemResource().export(RoadmapItem.objects.filter(pk=first.pk))
    assert not RoadmapItemResource().import_data(dataset, dry_run=False).has_validation_errors()
    item = RoadmapItem.objects.select_related("section__roadmap").get(pk=first.pk)
    old = item.section.roadmap
    roadmap = Roadmap.objects.create(
        title="Новая «дорожная карта»",
        short_title="Новая карта",
        region=old.region,
        start_year=old.start_year,
        end_year=old.end_year,
    )
    RoadmapSection.objects.create(roadmap=roadmap, number=item.section.number, title="Раздел")
    department = DepartmentFactory()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row.update(
        {
            "«Дорожная карта»": roadmap.short_title,
            "Ответственные исполнители": department.name,
        }
    )
    dataset[0] = tuple(row.values())

    result = RoadmapItemResource().import_data(dataset, dry_run=False)

    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    item.refresh_from_db()
    assert item.section.roadmap == roadmap
    assert [r.department for r in item.responsibilities.all()] == [department]
