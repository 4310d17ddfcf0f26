"""Quarterly report transitions: the allowed ones, and the forbidden ones with their messages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation import roles
from events.models import PlannedEventStatus
from reports.models import Submission, SubmissionAction, SubmissionStatus
from reports.services import (
    submission_allowed_actions,
    submission_approve,
    submission_get_or_create,
    submission_reopen,
    submission_return,
    submission_submit,
)
from tests.factories import (
    DepartmentFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    StaffFactory,
    UserFactory,
)

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
        (SubmissionStatus.APPROVED, {SubmissionAction.REOPENED}),
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


# --- Planned events nobody accounted for -------------------------------------------------------


def test_submitting_with_unmarked_planned_events_is_refused_with_the_list(submission, staff):
    PlannedEventFactory(department=staff.department, title="Дни культуры в Твери")
    PlannedEventFactory(department=staff.department, title="Фестиваль «Смоленская крепость»")
    PlannedEventFactory(title="Чужой план")  # another department's
    PlannedEventFactory(
        department=staff.department,
        title="Декабрьский",
        timing_text="декабрь",
        starts_on=date(2022, 12, 1),
        ends_on=date(2022, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        submission_submit(submission=submission, by=staff)
    message = " ".join(refused.value.messages)
    assert "не отмечены мероприятия плана на квартал (2)" in message
    assert "«Дни культуры в Твери» (сентябрь 2022 года)" in message
    assert "Фестиваль «Смоленская крепость»" in message
    assert "Чужой план" not in message and "Декабрьский" not in message
    assert refused.value.code == "unmarked_plan"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert not submission.history.filter(action=SubmissionAction.SUBMITTED).exists()


def test_each_plan_row_marked_held_not_held_or_moved_lets_the_report_go(submission, staff):
    held, cancelled, moved = PlannedEventFactory.create_batch(3, department=staff.department)
    ReportedEventFactory(department=staff.department, year=2022, quarter=3, planned_event=held)
    for plan, status in (
        (cancelled, PlannedEventStatus.CANCELLED),
        (moved, PlannedEventStatus.POSTPONED),
    ):
        ReportedEventFactory(
            department=staff.department,
            year=2022,
            quarter=3,
            planned_event=plan,
            held=False,
            note="Перенесено на 2023 год",
        )
        plan.status = status
        plan.save()
    assert submission_submit(submission=submission, by=staff).status == SubmissionStatus.SUBMITTED


def test_a_row_of_the_whole_half_year_cancelled_in_july_is_not_asked_for_again(staff):
    plan = PlannedEventFactory(
        department=staff.department,
        timing_text="В течение полугодия",
        starts_on=date(2022, 7, 1),
        ends_on=date(2022, 12, 31),
        status=PlannedEventStatus.CANCELLED,
    )
    ReportedEventFactory(
        department=staff.department,
        year=2022,
        quarter=3,
        planned_event=plan,
        held=False,
        note="Отменено",
    )
    fourth = submission_get_or_create(department=staff.department, year=2022, quarter=4)
    assert submission_submit(submission=fourth, by=staff).status == SubmissionStatus.SUBMITTED


# --- Reopening an approved report --------------------------------------------------------------


@pytest.fixture
def approved(submission, staff, coordinator):
    submission_submit(submission=submission, by=staff)
    return submission_approve(submission=submission, by=coordinator)


def test_reopening_hands_the_report_back_and_records_why(approved, coordinator):
    reopened = submission_reopen(
        submission=approved, by=coordinator, comment="  Уточните число участников  "
    )
    assert reopened.status == SubmissionStatus.RETURNED
    assert reopened.is_editable_by_staff
    assert reopened.review_comment == "Уточните число участников"
    last = reopened.history.last()
    assert (last.action, last.status, last.by, last.comment) == (
        SubmissionAction.REOPENED,
        SubmissionStatus.RETURNED,
        coordinator,
        "Уточните число участников",
    )


def test_reopening_needs_a_comment(approved, coordinator):
    with pytest.raises(ValidationError, match="Укажите, зачем отчёт открывается"):
        submission_reopen(submission=approved, by=coordinator, comment=" ")
    approved.refresh_from_db()
    assert approved.status == SubmissionStatus.APPROVED


def test_only_an_approved_report_is_reopened_and_only_a_submitted_one_returned(
    submission, staff, coordinator
):
    with pytest.raises(ValidationError, match="только принятый отчёт"):
        submission_reopen(submission=submission, by=coordinator, comment="Нужно")
    submission_submit(submission=submission, by=staff)
    submission.refresh_from_db()
    approved = submission_approve(submission=submission, by=coordinator)
    with pytest.raises(ValidationError, match="принятый отчёт открывают для изменений"):
        submission_return(submission=approved, by=coordinator, comment="Нет сроков")


def test_a_coordinator_cannot_reopen_their_own_departments_report(approved):
    insider = UserFactory(role=roles.COORDINATOR, department=approved.department)
    with pytest.raises(PermissionDenied):
        submission_reopen(submission=approved, by=insider, comment="Своё")


def test_a_reopened_report_is_sent_and_approved_again(approved, staff, coordinator):
    submission_reopen(submission=approved, by=coordinator, comment="Уточните даты")
    approved.refresh_from_db()
    again = submission_submit(submission=approved, by=staff)
    assert submission_approve(submission=again, by=coordinator).status == SubmissionStatus.APPROVED


# --- Two coordinators at once ------------------------------------------------------------------


def test_a_return_based_on_a_stale_report_is_refused_after_an_approval(submission, staff):
    first, second = UserFactory(role=roles.COORDINATOR), UserFactory(role=roles.COORDINATOR)
    submitted = submission_submit(submission=submission, by=staff)
    # Both coordinators opened the report while it was on review.
    seen_by_first = Submission.objects.get(pk=submitted.pk)
    seen_by_second = Submission.objects.get(pk=submitted.pk)
    submission_approve(submission=seen_by_first, by=first)
    with pytest.raises(ValidationError, match="Статус отчёта изменился") as refused:
        submission_return(submission=seen_by_second, by=second, comment="Нет сроков")
    assert refused.value.code == "status_changed"
    assert "«принят»" in refused.value.messages[0]
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.APPROVED
    assert submitted.reviewed_by == first
    assert not submitted.history.filter(action=SubmissionAction.RETURNED).exists()


def test_an_approval_based_on_a_stale_report_is_refused_after_a_return(submission, staff):
    first, second = UserFactory(role=roles.COORDINATOR), UserFactory(role=roles.COORDINATOR)
    submitted = submission_submit(submission=submission, by=staff)
    seen_by_second = Submission.objects.get(pk=submitted.pk)
    submission_return(submission=Submission.objects.get(pk=submitted.pk), by=first, comment="Нет")
    with pytest.raises(ValidationError, match="Статус отчёта изменился"):
        submission_approve(submission=seen_by_second, by=second)
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.RETURNED
