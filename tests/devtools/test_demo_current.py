"""The demo's current period: plans and reports of today's half-year and the last quarters."""

from datetime import date

import pytest
from django.core.management import call_command

from cooperation.models import User
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from reports import deadlines
from reports.models import Submission, SubmissionStatus
from workspace import selectors

pytestmark = pytest.mark.django_db


def _load(settings, monkeypatch, today):
    settings.DEBUG = True
    monkeypatch.setattr(deadlines, "today", lambda: today)
    call_command("load_demo", verbosity=0)


def _statuses(username):
    department = User.objects.get(username=username).department
    submissions = Submission.objects.filter(department=department, year=2026)
    return {(s.year, s.quarter): s.status for s in submissions}


def test_the_demo_fills_the_current_half_year_and_the_last_quarters(
    settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _load(settings, monkeypatch, date(2026, 11, 24))
    culture = User.objects.get(username="culture")
    sport = User.objects.get(username="sport")
    assert (culture.email, sport.email) == ("culture@example.org", "sport@example.org")
    # Rows of the seed plan moved to the new half-years, same place in the half.
    july = PlannedEvent.objects.in_half(2026, 2).for_department(culture.department).first()
    assert july.title == "Межрегиональный фестиваль «Неделя русских традиций»"
    assert july.timing_text == "11-17 июля 2026 года"
    assert PlannedEvent.objects.in_half(2026, 1).for_department(sport.department).count() == 3
    # Two quarters back: one approved, one on review; last quarter: one returned, one unsent.
    assert _statuses("culture") == {
        (2026, 2): SubmissionStatus.APPROVED,
        (2026, 3): SubmissionStatus.RETURNED,
        (2026, 4): SubmissionStatus.DRAFT,
    }
    assert _statuses("sport") == {
        (2026, 2): SubmissionStatus.SUBMITTED,
        (2026, 4): SubmissionStatus.DRAFT,
    }
    dashboard = selectors.staff_dashboard(sport.department_id, date(2026, 11, 24))
    assert dashboard["last_finished"].overdue
    # The returned report went to culture's address; one row of it was not held.
    assert any("culture@example.org" in m.to for m in mailoutbox)
    assert ReportedEvent.objects.filter(
        department=culture.department, year=2026, quarter=3, held=False
    ).exists()
    assert PlannedEvent.objects.filter(status=PlannedEventStatus.POSTPONED).count() == 1
    assert ReportedEvent.objects.in_quarter(2026, 4).for_department(culture.department).exists()


def test_a_second_load_adds_nothing(settings, monkeypatch):
    _load(settings, monkeypatch, date(2026, 11, 24))
    counts = (
        PlannedEvent.objects.count(),
        ReportedEvent.objects.count(),
        Submission.objects.count(),
    )
    _load(settings, monkeypatch, date(2026, 11, 24))
    assert (
        PlannedEvent.objects.count(),
        ReportedEvent.objects.count(),
        Submission.objects.count(),
    ) == counts


def test_before_the_last_quarters_due_date_the_quarter_before_it_is_the_overdue_one(
    settings, monkeypatch
):
    _load(settings, monkeypatch, date(2026, 10, 3))
    assert _statuses("sport") == {(2026, 4): SubmissionStatus.DRAFT}
    sport = User.objects.get(username="sport")
    states = selectors.staff_dashboard(sport.department_id, date(2026, 10, 3))["recent_quarters"]
    assert [(q.quarter, q.overdue) for q in states] == [
        (1, True),
        (2, True),
        (3, False),
        (4, False),
    ]
    assert _statuses("culture")[(2026, 3)] == SubmissionStatus.RETURNED
