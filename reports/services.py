"""Workflow of a department's quarterly report: each transition validates, writes and logs."""

from contextlib import contextmanager
from functools import partial

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reports.models import (
    TRANSITIONS,
    Submission,
    SubmissionAction,
    SubmissionHistory,
    SubmissionStatus,
)
from reports.reminders import notify_returned

_ERRORS = {
    SubmissionAction.SUBMITTED: "Отчёт уже отправлен на проверку или принят.",
    SubmissionAction.APPROVED: "Принять можно только отчёт, отправленный на проверку.",
    SubmissionAction.RETURNED: "Вернуть можно только отправленный или принятый отчёт.",
}
RETURN_COMMENT_REQUIRED = "Укажите, что нужно исправить: без комментария отчёт не возвращается."
_OWN_DEPARTMENT = {
    SubmissionAction.APPROVED: "Нельзя принять отчёт своего департамента.",
    SubmissionAction.RETURNED: "Нельзя вернуть отчёт своего департамента.",
}


def submission_allowed_actions(*, submission):
    """The workflow actions the report's status allows now (who may take them is checked on use)."""
    return frozenset(
        action for action, (sources, _) in TRANSITIONS.items() if submission.status in sources
    )


def _locked(submission):
    # Re-read under a row lock so two clicks (or two reviewers) cannot both pass the check.
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _move(locked, action):
    sources, target = TRANSITIONS[action]
    if locked.status not in sources:
        raise ValidationError(_ERRORS[action], code="invalid_transition")
    locked.status = target


def _log(submission, action, by, comment=""):
    SubmissionHistory.objects.create(
        submission=submission, action=action, status=submission.status, by=by, comment=comment
    )


@contextmanager
def _revision(action, by, comment=""):
    """One transaction that also stores the report's version, so the admin history shows it."""
    label = SubmissionAction(action).label.capitalize()
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(f"{label}: {comment}" if comment else label)
        yield


def submission_get_or_create(*, department, year, quarter, by=None):
    with _revision(SubmissionAction.CREATED, by):
        submission, created = Submission.objects.get_or_create(
            department=department, year=year, quarter=quarter
        )
        if created:
            _log(submission, SubmissionAction.CREATED, by)
    return submission


def submission_submit(*, submission, by):
    if by.department_id != submission.department_id:
        raise PermissionDenied("Отправить отчёт может только сотрудник его департамента.")
    with _revision(SubmissionAction.SUBMITTED, by):
        locked = _locked(submission)
        _move(locked, SubmissionAction.SUBMITTED)
        locked.submitted_by, locked.submitted_at = by, timezone.now()
        locked.save()
        _log(locked, SubmissionAction.SUBMITTED, by)
    return locked


def _review(submission, action, *, by, comment):
    """Approve or return: a coordinator outside the report's department decides, with a note."""
    if by.department_id is not None and by.department_id == submission.department_id:
        raise PermissionDenied(_OWN_DEPARTMENT[action])
    with _revision(action, by, comment):
        locked = _locked(submission)
        _move(locked, action)
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.review_comment = comment
        locked.save()
        _log(locked, action, by, comment)
        if action == SubmissionAction.RETURNED:
            # Only once the return is stored: a rolled-back return must not reach anyone's
            # inbox, and a mail server that is down must not undo a return already stored.
            transaction.on_commit(partial(notify_returned, locked.pk), robust=True)
    return locked


def submission_approve(*, submission, by, comment=""):
    return _review(submission, SubmissionAction.APPROVED, by=by, comment=comment)


def submission_return(*, submission, by, comment):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(RETURN_COMMENT_REQUIRED, code="comment_required")
    return _review(submission, SubmissionAction.RETURNED, by=by, comment=comment)


def submission_record_import(*, department, year, quarter, source, by=None, heading_note=""):
    """An official document already approved by its time: stored as approved, with its origin."""
    with transaction.atomic():
        submission, created = Submission.objects.select_for_update().get_or_create(
            department=department,
            year=year,
            quarter=quarter,
            defaults={"status": SubmissionStatus.APPROVED, "heading_note": heading_note},
        )
        if created:
            submission.reviewed_at = timezone.now()
            submission.reviewed_by = by
            submission.save(update_fields=["reviewed_at", "reviewed_by"])
            _log(submission, SubmissionAction.IMPORTED, by, f"Загружен из документа: {source}")
        elif submission.heading_note != heading_note:
            submission.heading_note = heading_note
            submission.save(update_fields=["heading_note", "updated_at"])
    return submission, created
