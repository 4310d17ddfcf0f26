"""Coordinators review departments' quarterly reports here; officials read them.

submissions: the reports, their review (one at a time or in bulk) and documents;
completeness: the departments × quarters grid; logs: the review trail and the reminders sent.
"""

from reports.admin import logs, submissions

__all__ = ["logs", "submissions"]
