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
def test_a_quarter_closes_its_report_and_the_plan_rows_it_covers_once_it_reaches_the_coordinator(
    staff, status, closed
):
    department = staff.department
    SubmissionFactory(department=department, year=2022, quarter=4, status=status)
    november = PlannedEventFactory(
        department=department, starts_on=date(2022, 11, 1), ends_on=date(2022, 11, 30)
    )
    september = PlannedEventFactory(department=department)
    assert bool(selectors.quarter_closed_message(department.pk, 2022, 4)) is closed
    assert bool(selectors.planned_event_closed_message(november)) is closed
    assert selectors.planned_event_closed_message(september) == ""
    assert selectors.quarter_closed_message(department.pk, 2022, 3) == ""
    # One quarter in does not close the whole plan: the other quarter's rows may be added.
    assert selectors.half_closed_message(department.pk, 2022, 2) == ""


def test_a_plan_row_spanning_both_quarters_is_locked_by_either(staff):
    SubmissionFactory(
        department=staff.department, year=2022, quarter=3, status=SubmissionStatus.SUBMITTED
    )
    whole_half = PlannedEventFactory(
        department=staff.department, starts_on=date(2022, 7, 1), ends_on=date(2022, 12, 31)
    )
    message = selectors.planned_event_closed_message(whole_half)
    assert message.startswith("Мероприятие приходится на III квартал 2022 года")


def test_the_plan_lock_says_what_is_locked_and_what_stays_open(staff):
    SubmissionFactory(
        department=staff.department, year=2022, quarter=3, status=SubmissionStatus.APPROVED
    )
    plan = selectors.plan_lock(staff.department.pk, 2022, 2)
    assert plan.closed == (3,) and not plan.whole
    assert "Отчёт за III квартал 2022 года отправлен на проверку или принят" in plan.message
    assert "приходящиеся на IV квартал 2022 года, можно добавлять" in plan.message
    assert plan.dates_message(date(2022, 9, 30), date(2022, 10, 2)).startswith(
        "Сроки приходятся на III квартал 2022 года"
    )
    assert plan.dates_message(date(2022, 10, 1), date(2022, 10, 2)) == ""
    assert plan.copy_message.startswith("Скопировать план нельзя")


def test_half_closed_message_once_every_quarter_of_the_half_is_in(staff):
    for quarter in (4, 3):
        SubmissionFactory(
            department=staff.department,
            year=2022,
            quarter=quarter,
            status=SubmissionStatus.SUBMITTED,
        )
    message = selectors.half_closed_message(staff.department.pk, 2022, 2)
    assert message.startswith("План на II полугодие 2022 года изменить нельзя")
    assert "III квартал 2022 года и IV квартал 2022 года" in message


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


def test_the_dashboard_shows_the_last_finished_quarter_overdue_after_its_due_date(staff):
    department = staff.department
    before_due = selectors.staff_dashboard(department.pk, date(2022, 10, 3))
    assert before_due["last_finished"].title == "III квартал 2022 года"
    assert not before_due["last_finished"].overdue
    after_due = selectors.staff_dashboard(department.pk, date(2022, 10, 6))
    assert after_due["last_finished"].overdue
    assert after_due["last_finished"].due_on == date(2022, 10, 5)


def test_the_dashboard_hides_the_last_quarter_once_its_report_is_in_and_lists_each_status(staff):
    department = staff.department
    SubmissionFactory(
        department=department, year=2022, quarter=3, status=SubmissionStatus.SUBMITTED
    )
    SubmissionFactory(department=department, year=2022, quarter=1, status=SubmissionStatus.APPROVED)
    dashboard = selectors.staff_dashboard(department.pk, date(2022, 11, 1))
    assert dashboard["last_finished"] is None
    assert [(q.title, q.status_label, q.overdue) for q in dashboard["recent_quarters"]] == [
        ("I квартал 2022 года", "принят", False),
        ("II квартал 2022 года", "нет отчёта", True),
        ("III квартал 2022 года", "на проверке", False),
        ("IV квартал 2022 года", "нет отчёта", False),
    ]
