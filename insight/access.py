"""What each role may read on the overview pages, on top of cooperation.access.

Staff read their own department's rows; coordinators read everything; officials read plans and
reference data, but report rows only once the coordinator has approved the department's report.
"""

from cooperation.access import (
    can_review_submissions,
    reads_approved_only,
    restrict_to_user,
    sees_all_departments,
)
from events.models import PlannedEvent, ReportedEvent
from reports.models import approved_rows


def can_decide_matches(user):
    """Confirming that a report row answers a plan row is part of reviewing the reports."""
    return can_review_submissions(user)


def visible_reported_events(user):
    events = restrict_to_user(ReportedEvent.objects.all(), user)
    if reads_approved_only(user):
        events = approved_rows(events)
    return events


def visible_planned_events(user):
    return restrict_to_user(PlannedEvent.objects.all(), user)


def limited_to_own_department(user):
    """Staff: every list and figure is their department's; the department filter is hidden."""
    return not sees_all_departments(user)
