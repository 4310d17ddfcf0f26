"""Spreadsheet import of report rows in the admin respects the review workflow: a submitted or
approved quarter takes no rows, and no row is moved out of it."""

import pytest
import tablib

from events.models import PlannedEvent, ReportedEvent
from reports.admin.events import (
    ReviewedPlannedEventResource,
    ReviewedReportedEventBulkResource,
    ReviewedReportedEventResource,
)
from reports.models import SubmissionStatus
from tests.factories import DepartmentFactory, ReportedEventFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

HEADERS = ["ID", "Год", "Квартал", "Департамент", "Наименование мероприятия",
           "Сроки проведения мероприятия"]  # fmt: skip


def _dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


@pytest.mark.parametrize(
    "resource_class", [ReviewedReportedEventResource, ReviewedReportedEventBulkResource]
)
@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])
def test_rows_for_a_closed_quarter_are_refused_and_nothing_is_written(resource_class, status):
    department = DepartmentFactory()
    SubmissionFactory(department=department, year=2020, quarter=3, status=status)
    dataset = _dataset(
        ("", 2020, 3, department.name, "Выставка", "10 августа"),
        ("", 2020, 4, department.name, "Конференция", "10 октября"),
    )
    # As the admin's confirm step does: a sheet with invalid rows is never written in part.
    result = resource_class().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [1]
    messages = [str(e) for row in result.invalid_rows for e in row.non_field_specific_errors]
    assert any("III квартал 2020 года" in m and "Открыть для изменений" in m for m in messages)
    assert not ReportedEvent.objects.exists()


def test_rows_for_a_draft_or_returned_quarter_are_imported():
    department = DepartmentFactory()
    SubmissionFactory(department=department, year=2020, quarter=3, status=SubmissionStatus.RETURNED)
    dataset = _dataset(
        ("", 2020, 3, department.name, "Выставка", "10 августа"),
        ("", 2020, 4, department.name, "Конференция", "10 октября"),
    )
    result = ReviewedReportedEventResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(ReportedEvent.objects.values_list("title", flat=True)) == [
        "Выставка",
        "Конференция",
    ]


def test_an_existing_row_is_not_moved_out_of_an_approved_quarter():
    department = DepartmentFactory()
    event = ReportedEventFactory(department=department, year=2020, quarter=3, title="Выставка")
    SubmissionFactory(department=department, year=2020, quarter=3, status=SubmissionStatus.APPROVED)
    dataset = _dataset((event.pk, 2020, 4, department.name, "Выставка", "10 октября"))
    result = ReviewedReportedEventResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    event.refresh_from_db()
    assert (event.year, event.quarter) == (2020, 3)


PLAN_HEADERS = ["ID", "Год", "Полугодие", "Департамент", "Наименование мероприятия",
                "Сроки проведения мероприятия"]  # fmt: skip


def test_a_plan_row_falling_into_a_quarter_with_its_report_in_is_refused():
    department = DepartmentFactory()
    SubmissionFactory(
        department=department, year=2024, quarter=3, status=SubmissionStatus.SUBMITTED
    )
    dataset = tablib.Dataset(
        ("", 2024, 2, department.name, "Фестиваль", "август 2024 года"),
        ("", 2024, 2, department.name, "Конференция", "ноябрь 2024 года"),
        headers=PLAN_HEADERS,
    )
    result = ReviewedPlannedEventResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert [row.number for row in result.invalid_rows] == [1]
    message = str(result.invalid_rows[0].non_field_specific_errors[0])
    assert "III квартал 2024 года" in message
    assert not PlannedEvent.objects.exists()
    dataset = tablib.Dataset(
        ("", 2024, 2, department.name, "Конференция", "ноябрь 2024 года"), headers=PLAN_HEADERS
    )
    result = ReviewedPlannedEventResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert list(PlannedEvent.objects.values_list("title", flat=True)) == ["Конференция"]
