"""When a quarterly report is due, which quarter is being reported now, and who is late."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cooperation import periods
from cooperation.models import Department, DepartmentKind
from reports.models import CLOSED_STATUSES, NO_REPORT_LABEL, Submission, SubmissionStatus


def today():
    # One seam for "now" so the grid and the reminders can be checked against a fixed date.
    return timezone.localdate()


last_finished_quarter = periods.last_finished_quarter


def report_due_date(year, quarter):
    """The REPORT_DUE_DAY-th of the month after the quarter (IV quarter: January next year)."""
    return periods.report_due_date(year, quarter, settings.REPORT_DUE_DAY)


def is_overdue(year, quarter, status, day):
    """status is None when the department has no report for the quarter at all."""
    return day > report_due_date(year, quarter) and status not in CLOSED_STATUSES


@dataclass(frozen=True)
class GridCell:
    year: int
    quarter: int
    submission_id: int | None
    status: str | None
    status_label: str
    overdue: bool


@dataclass(frozen=True)
class GridRow:
    department: Department
    cells: list[GridCell]


def status_label(status):
    return NO_REPORT_LABEL if status is None else SubmissionStatus(status).label


def completeness_grid(*, year, day):
    """Departments × four quarters of `year`: two queries whatever the number of departments.

    Rows are the executive bodies working at some point of the year, plus any department that
    has a report for it (an institution, or a body abolished since).
    """
    period_start, period_end = date(year, 1, 1), date(year, 12, 31)
    submissions = {
        (department_id, quarter): (pk, status)
        for pk, department_id, quarter, status in Submission.objects.filter(year=year)
        .order_by()
        .values_list("pk", "department_id", "quarter", "status")
    }
    departments = Department.objects.filter(
        Q(kind=DepartmentKind.EXECUTIVE)
        & (Q(active_from__isnull=True) | Q(active_from__lte=period_end))
        & (Q(active_until__isnull=True) | Q(active_until__gte=period_start))
        | Q(pk__in=Submission.objects.filter(year=year).values("department"))
    ).order_by("sort_order", "name")
    rows = []
    for department in departments:
        cells = []
        for quarter in periods.QUARTERS:
            pk, status = submissions.get((department.pk, quarter), (None, None))
            cells.append(
                GridCell(
                    year=year,
                    quarter=quarter,
                    submission_id=pk,
                    status=status,
                    status_label=status_label(status),
                    overdue=is_overdue(year, quarter, status, day),
                )
            )
        rows.append(GridRow(department=department, cells=cells))
    return rows
