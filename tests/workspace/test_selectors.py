"""Workspace reads: which periods are closed to staff, and what a quarter's report still lacks."""

from datetime import date

import pytest

from events.models import PlannedEventStatus
from reports.models import SubmissionStatus
from tests.factories import PlannedEventFactory, ReportedEventFactory, SubmissionFactory
from workspace import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "closed"),
    [
        (SubmissionStatus.DRAFT, False),
        (SubmissionStatus.RETURNED, False),
        (SubmissionStatus.SUBMITTED, True),
        (SubmissionStatus.APPROVED, True),
    ],
)
def test_a_quarter_closes_its_report_and_its_half_years_plan_once_it_reaches_the_coordinator(
    staff, status, closed
):
    department = staff.department
    SubmissionFactory(department=department, year=2022, quarter=4, status=status)
    assert bool(selectors.quarter_closed_message(department.pk, 2022, 4)) is closed
    assert bool(selectors.half_closed_message(department.pk, 2022, 2)) is closed
    assert selectors.quarter_closed_message(department.pk, 2022, 3) == ""
    assert selectors.half_closed_message(department.pk, 2022, 1) == ""


def test_half_closed_message_names_the_first_closed_quarter(staff):
    for quarter in (4, 3):
        SubmissionFactory(
            department=staff.department,
            year=2022,
            quarter=quarter,
            status=SubmissionStatus.SUBMITTED,
        )
    message = selectors.half_closed_message(staff.department.pk, 2022, 2)
    assert message.startswith("План на II полугодие 2022 года изменить нельзя")
    assert "III квартал 2022 года" in message


def test_quarter_report_marks_which_plan_rows_the_report_already_covers(staff):
    department = staff.department
    covered = PlannedEventFactory(department=department, title="Выставка")
    PlannedEventFactory(department=department, title="Форум")
    PlannedEventFactory(  # December: outside the III quarter
        department=department, starts_on=date(2022, 12, 1), ends_on=date(2022, 12, 2)
    )
    PlannedEventFactory(title="Чужое мероприятие")
    ReportedEventFactory(
        department=department,
        year=2022,
        quarter=3,
        planned_event=covered,
        starts_on=date(2022, 9, 1),
        ends_on=date(2022, 9, 2),
    )
    report = selectors.quarter_report(department.pk, 2022, 3)
    assert len(report.events) == 1
    assert {(event.title, done) for event, done in report.planned} == {
        ("Выставка", True),
        ("Форум", False),
    }
    assert report.unreported == 1


def test_staff_dashboard_counts_the_current_and_next_plans(staff):
    department = staff.department
    PlannedEventFactory.create_batch(2, department=department)
    PlannedEventFactory(department=department, status=PlannedEventStatus.HELD)
    PlannedEventFactory(
        department=department,
        year=2023,
        half=1,
        starts_on=date(2023, 2, 1),
        ends_on=date(2023, 2, 2),
    )
    dashboard = selectors.staff_dashboard(department.pk, date(2022, 8, 15))
    assert [(p["title"], p["total"], p["held"]) for p in dashboard["plans"]] == [
        ("II полугодие 2022 года", 3, 1),
        ("I полугодие 2023 года", 1, 0),
    ]
    assert dashboard["state"].title == "III квартал 2022 года"
    assert dashboard["planned_in_quarter"] == 3
