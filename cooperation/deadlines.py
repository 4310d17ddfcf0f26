"""When a quarterly report is due: one definition for the workspace, the grid and reminders."""

from datetime import date

from django.conf import settings

from cooperation.periods import quarter_range


def report_due_date(year, quarter):
    """The REPORT_DUE_DAY-th of the month after the quarter (IV quarter: January next year)."""
    end = quarter_range(year, quarter).end
    if end.month == 12:
        return date(year + 1, 1, settings.REPORT_DUE_DAY)
    return date(year, end.month + 1, settings.REPORT_DUE_DAY)
