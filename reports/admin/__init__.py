"""Coordinators review departments' quarterly reports here; officials read them.

submissions: the reports, their review (one at a time or in bulk) and documents;
completeness: the departments × quarters grid; logs: the review trail and the reminders sent;
events: the report rows' admin as the workflow sees them (drafts, approved quarters);
documents: the stored documents of approved data.
"""

from reports.admin import documents, events, logs, submissions

__all__ = ["documents", "events", "logs", "submissions"]
