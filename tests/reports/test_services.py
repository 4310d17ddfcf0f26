"""Quarterly report transitions: the allowed ones, and the forbidden ones with their messages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation import roles
from reports.models import SubmissionAction, SubmissionStatus
from reports.services import (
    submission_allowed_actions,
    submission_approve,
    submission_get_or_create,
    submission_return,
    submission_submit,
)
from tests.factories import DepartmentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def coordinator():
    return UserFactory(role=roles.COORDINATOR, is_staff=True)


@pytest.fixture
def submission(staff):
    return submission_get_or_create(department=staff.department, year=2022, quarter=3, by=staff)


def test_new_submission_is_a_draft_with_a_history_entry(submission):
    assert submission.status == SubmissionStatus.DRAFT
    assert [h.action for h in submission.history.all()] == [SubmissionAction.CREATED]


def test_staff_submits_and_coordinator_approves(submission, staff, coordinator):
    submission = submission_submit(submission=submission, by=staff)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_by == staff and submission.submitted_at
    submission = submission_approve(submission=submission, by=coordinator)
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.reviewed_by == coordinator
    assert [h.action for h in submission.history.all()] == [
        SubmissionAction.CREATED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.APPROVED,
    ]


def test_returned_report_can_be_fixed_and_resubmitted(submission, staff, coordinator):
    submission_submit(submission=submission, by=staff)
    returned = submission_return(submission=submission, by=coordinator, comment="Нет сроков")
    assert returned.status == SubmissionStatus.RETURNED
    assert returned.review_comment == "Нет сроков"
    assert submission_submit(submission=returned, by=staff).status == SubmissionStatus.SUBMITTED


def test_submitting_twice_is_refused_with_a_message(submission, staff):
    submission_submit(submission=submission, by=staff)
    with pytest.raises(ValidationError, match="уже отправлен"):
        submission_submit(submission=submission, by=staff)
    assert submission.history.filter(action=SubmissionAction.SUBMITTED).count() == 1


def test_staff_of_another_department_cannot_submit(submission):
    stranger = StaffFactory(department=DepartmentFactory())
    with pytest.raises(PermissionDenied):
        submission_submit(submission=submission, by=stranger)


def test_staff_cannot_approve_their_own_report(submission, staff):
    submission_submit(submission=submission, by=staff)
    with pytest.raises(PermissionDenied):
        submission_approve(submission=submission, by=staff)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_draft_cannot_be_approved(submission, coordinator):
    with pytest.raises(ValidationError, match="только отчёт, отправленный"):
        submission_approve(submission=submission, by=coordinator)


def test_return_requires_a_comment(submission, staff, coordinator):
    submission_submit(submission=submission, by=staff)
    with pytest.raises(ValidationError, match="Укажите"):
        submission_return(submission=submission, by=coordinator, comment="  ")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_get_or_create_returns_the_same_submission(submission, staff):
    again = submission_get_or_create(department=staff.department, year=2022, quarter=3)
    assert again.pk == submission.pk
    assert again.history.count() == 1


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (SubmissionStatus.DRAFT, {SubmissionAction.SUBMITTED}),
        (SubmissionStatus.SUBMITTED, {SubmissionAction.APPROVED, SubmissionAction.RETURNED}),
        (SubmissionStatus.APPROVED, {SubmissionAction.RETURNED}),
        (SubmissionStatus.RETURNED, {SubmissionAction.SUBMITTED}),
    ],
)
def test_each_status_allows_its_actions(submission, status, actions):
    submission.status = status
    assert submission_allowed_actions(submission=submission) == actions


def test_the_actions_allowed_are_the_ones_that_succeed(submission, staff, coordinator):
    """What the admin offers and what the service accepts come from one table."""
    submission_submit(submission=submission, by=staff)
    submission.refresh_from_db()
    assert SubmissionAction.SUBMITTED not in submission_allowed_actions(submission=submission)
    with pytest.raises(ValidationError):
        submission_submit(submission=submission, by=staff)
    approved = submission_approve(submission=submission, by=coordinator)
    assert SubmissionAction.APPROVED not in submission_allowed_actions(submission=approved)
    with pytest.raises(ValidationError):
        submission_approve(submission=approved, by=coordinator)
