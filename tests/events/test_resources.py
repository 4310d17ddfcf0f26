"""Spreadsheet import/export of events: names instead of ids, order kept, Russian errors,
no formulae in exports, and the fast bulk mode."""

import io
from datetime import date

import openpyxl
import pytest
import tablib

from cooperation.models import FederalDistrict, Region, RegionKind
from cooperation.resources import SafeCSV, SafeXLSX
from events.models import PlannedEvent, ReportedEvent
from events.resources import (
    PlannedEventResource,
    ReportedEventBulkResource,
    ReportedEventResource,
)
from tests.factories import AgreementFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return [
        (
            e.position,
            e.title,
            e.timing_text,
            e.starts_on,
            e.ends_on,
            e.department_id,
            [a.slug for a in e.ordered_agreements()],
            sorted(r.pk for r in e.regions.all()),
            e.participants_count,
        )
        for e in ReportedEvent.objects.with_details().order_by("position")
    ]


def _reload(data, fmt):
    if fmt == "csv":
        return tablib.Dataset().load(
            data.decode("utf-8") if isinstance(data, bytes) else data, format="csv"
        )
    return tablib.Dataset().load(io.BytesIO(data), format="xlsx")


@pytest.mark.parametrize(("fmt", "format_class"), [("csv", SafeCSV), ("xlsx", SafeXLSX)])
@pytest.mark.parametrize("resource_class", [ReportedEventResource, ReportedEventBulkResource])
def test_reported_events_survive_export_and_import(demo, fmt, format_class, resource_class):
    before = _snapshot()
    data = format_class().export_data(ReportedEventResource().export())
    ReportedEvent.objects.all().delete()
    dataset = _reload(data, fmt)
    for column in ("ID",):
        del dataset[column]  # import as new rows into an empty table
    result = resource_class().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert _snapshot() == [row for row in before]


def test_planned_events_survive_export_and_import(demo):
    def snapshot():
        return sorted(
            (
                e.position,
                e.title,
                e.regions_text,
                e.all_regions,
                e.starts_on,
                e.ends_on,
                sorted(r.short_name for r in e.regions.all()),
            )
            for e in PlannedEvent.objects.prefetch_related("regions")
        )

    before = snapshot()
    dataset = _reload(SafeCSV().export_data(PlannedEventResource().export()), "csv")
    PlannedEvent.objects.all().delete()
    del dataset["ID"]
    result = PlannedEventResource().import_data(dataset, dry_run=False)
    assert not result.has_validation_errors()
    assert snapshot() == before


def test_dry_run_shows_the_diff_and_changes_nothing(demo):
    dataset = ReportedEventResource().export()
    dataset[0] = tuple(
        "Новое название" if header == "Наименование мероприятия" else value
        for header, value in zip(dataset.headers, dataset[0], strict=True)
    )
    before = _snapshot()
    result = ReportedEventResource().import_data(dataset, dry_run=True)
    assert result.totals["update"] == 15 and result.totals["new"] == 0
    assert any("Новое название" in str(row.diff) for row in result.rows)
    assert _snapshot() == before


def test_unknown_names_and_bad_periods_are_reported_in_russian(demo):
    dataset = tablib.Dataset(
        headers=[
            "Год",
            "Квартал",
            "Департамент",
            "Соглашения",
            "Наименование мероприятия",
            "Сроки проведения мероприятия",
            "Субъекты РФ",
        ]
    )
    dataset.append([2021, 1, "Департамент по культурре", "", "Первое", "март", ""])
    dataset.append(
        [
            2021,
            1,
            "Департамент Смоленской области по культуре",
            "Соглашение с Марсом",
            "Второе",
            "31 февраля",
            "Тверская обл",
        ]
    )
    result = ReportedEventResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    messages = " ".join(str(e) for row in result.invalid_rows for e in row.error_dict.values())
    assert "Департамент «Департамент по культурре» не найден" in messages
    assert "Соглашение: не найдено в справочнике: «Соглашение с Марсом»" in messages
    assert "31 февраля" in messages
    assert "Субъект РФ" in messages and "Ближайшее известное: «Тверская область»" in messages
    assert not ReportedEvent.objects.filter(year=2021).exists()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+7 4812", "-1", "@SUM(A1)"])
def test_exports_never_contain_formulae_and_import_restores_the_text(demo, text):
    event = ReportedEvent.objects.get(position=1)
    event.title = text
    event.save()
    queryset = ReportedEvent.objects.filter(pk=event.pk)
    csv_data = SafeCSV().export_data(ReportedEventResource().export(queryset))
    assert f"'{text}" in csv_data.replace('""', '"')
    xlsx_data = SafeXLSX().export_data(ReportedEventResource().export(queryset))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert cells and all(c.data_type == "s" for c in cells)
    event.title = "другое"
    event.save()
    ReportedEventResource().import_data(_reload(csv_data, "csv"), dry_run=False)
    event.refresh_from_db()
    assert event.title == text


def _reported_row(title, agreements, regions=""):
    dataset = tablib.Dataset(
        headers=[
            "Год",
            "Квартал",
            "Департамент",
            "Соглашения",
            "Наименование мероприятия",
            "Сроки проведения мероприятия",
            "Субъекты РФ",
        ]
    )
    department = DepartmentFactory()
    dataset.append([2021, 1, department.name, agreements, title, "март", regions])
    return dataset


def test_an_agreement_and_a_region_added_after_an_import_are_found_by_the_next_import():
    known = AgreementFactory()
    first = ReportedEventResource().import_data(
        _reported_row("Первое", known.title, "Тверская область"), dry_run=False
    )
    assert not first.has_validation_errors()
    agreement = AgreementFactory(title="Соглашение, подписанное вчера")
    region = _new_region()

    second = ReportedEventResource().import_data(
        _reported_row("Второе", agreement.title, region.short_name), dry_run=False
    )

    assert not second.has_validation_errors(), [r.error_dict for r in second.invalid_rows]
    event = ReportedEvent.objects.get(title="Второе")
    assert event.ordered_agreements() == [agreement]
    assert list(event.regions.all()) == [region]


def test_a_region_and_an_agreement_added_after_an_import_are_found_by_the_next_plan_import():
    def dataset(title, agreement, regions):
        rows = tablib.Dataset(
            headers=[
                "Год",
                "Полугодие",
                "Департамент",
                "Субъекты РФ",
                "Наименование мероприятия",
                "Сроки проведения мероприятия",
                "Соглашение",
            ]
        )
        rows.append([2022, 2, DepartmentFactory().name, regions, title, "сентябрь", agreement])
        return rows

    known = AgreementFactory()
    first = PlannedEventResource().import_data(
        dataset("Первое", known.title, "Тверская область"), dry_run=False
    )
    assert not first.has_validation_errors()
    agreement = AgreementFactory(title="Соглашение, подписанное вчера")
    region = _new_region()

    second = PlannedEventResource().import_data(
        dataset("Второе", agreement.title, region.short_name), dry_run=False
    )

    assert not second.has_validation_errors(), [r.error_dict for r in second.invalid_rows]
    event = PlannedEvent.objects.get(title="Второе")
    assert event.agreement == agreement
    assert list(event.regions.all()) == [region]
    assert event.regions_text == "Новая область"


def test_dates_left_empty_are_taken_from_the_timing_phrase():
    result = ReportedEventResource().import_data(
        _reported_row("Первое", AgreementFactory().title), dry_run=False
    )
    assert not result.has_validation_errors()
    event = ReportedEvent.objects.get(title="Первое")
    assert (event.starts_on, event.ends_on, event.timing_is_exact) == (
        date(2021, 3, 1),
        date(2021, 3, 31),
        True,
    )


def _new_region():
    return Region.objects.create(
        number=90,
        name="Новая область",
        short_name="Новая область",
        name_genitive="Новой области",
        federal_district=FederalDistrict.CENTRAL,
        kind=RegionKind.OBLAST,
    )
