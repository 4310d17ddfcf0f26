import pytest
import tablib

from agreements.models import Agreement, RoadmapItem
from agreements.resources import AgreementResource, RoadmapItemResource
from cooperation.resources import SafeCSV

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
