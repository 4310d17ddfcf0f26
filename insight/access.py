"""What each role may read on the overview pages, on top of cooperation.access.

Staff read their own department's rows; coordinators read everything; officials read plans and
reference data, but report rows only once the coordinator has approved the department's report.
"""

from django.db.models import Exists, OuterRef

from cooperation import roles
from cooperation.access import (
    can_review_submissions,
    restrict_to_user,
    role_names,
    sees_all_departments,
)
from events.models import PlannedEvent, ReportedEvent
from reports.models import Submission


def sees_only_approved(user):
    """Officials see consolidated figures: a report row counts only after its approval."""
    if user.is_superuser:
        return False
    names = role_names(user)
    return roles.OFFICIAL in names and roles.COORDINATOR not in names


def can_decide_matches(user):
    """Confirming that a report row answers a plan row is part of reviewing the reports."""
    return can_review_submissions(user)


def approved_report_row():
    """True for a report row whose department's report for its quarter has been approved."""
    return Exists(
        Submission.objects.approved().filter(
            department=OuterRef("department"), year=OuterRef("year"), quarter=OuterRef("quarter")
        )
    )


def visible_reported_events(user, queryset=None):
    events = restrict_to_user(ReportedEvent.objects.all() if queryset is None else queryset, user)
    if sees_only_approved(user):
        events = events.filter(approved_report_row())
    return events


def visible_planned_events(user, queryset=None):
    return restrict_to_user(PlannedEvent.objects.all() if queryset is None else queryset, user)


def limited_to_own_department(user):
    """Staff: every list and figure is their department's; the department filter is hidden."""
    return not sees_all_departments(user)
