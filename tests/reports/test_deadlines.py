"""Due dates of quarterly reports and the quarter being collected on a given day."""

from datetime import date

import pytest

from cooperation.periods import PeriodError
from reports.deadlines import is_overdue, last_finished_quarter, report_due_date
from reports.models import SubmissionStatus


@pytest.mark.parametrize(
    ("year", "quarter", "due"),
    [
        (2024, 1, date(2024, 4, 5)),
        (2024, 2, date(2024, 7, 5)),
        (2024, 3, date(2024, 10, 5)),
        (2024, 4, date(2025, 1, 5)),
    ],
)
def test_report_is_due_on_the_fifth_of_the_month_after_the_quarter(year, quarter, due):
    assert report_due_date(year, quarter) == due


def test_due_day_comes_from_settings(settings):
    settings.REPORT_DUE_DAY = 10
    assert report_due_date(2024, 4) == date(2025, 1, 10)


def test_a_quarter_that_does_not_exist_is_refused():
    with pytest.raises(PeriodError):
        report_due_date(2024, 5)


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (date(2025, 1, 3), (2024, 4)),
        (date(2025, 4, 1), (2025, 1)),
        (date(2025, 6, 30), (2025, 1)),
        (date(2025, 12, 31), (2025, 3)),
    ],
)
def test_the_last_finished_quarter(day, period):
    assert last_finished_quarter(day) == period


def test_overdue_only_after_the_due_day_and_only_while_not_delivered():
    assert not is_overdue(2024, 3, None, date(2024, 10, 5))
    assert is_overdue(2024, 3, None, date(2024, 10, 6))
    assert is_overdue(2024, 3, SubmissionStatus.DRAFT, date(2024, 10, 6))
    assert is_overdue(2024, 3, SubmissionStatus.RETURNED, date(2024, 10, 6))
    assert not is_overdue(2024, 3, SubmissionStatus.SUBMITTED, date(2024, 10, 6))
    assert not is_overdue(2024, 3, SubmissionStatus.APPROVED, date(2024, 10, 6))
