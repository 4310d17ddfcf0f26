"""Workflow of a department's quarterly report: each transition validates, writes and logs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reports.models import Submission, SubmissionAction, SubmissionHistory, SubmissionStatus

# Which statuses each action may start from.
_ALLOWED_FROM = {
    SubmissionAction.SUBMITTED: {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED},
    SubmissionAction.APPROVED: {SubmissionStatus.SUBMITTED},
    SubmissionAction.RETURNED: {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED},
}

_ERRORS = {
    SubmissionAction.SUBMITTED: "Отчёт уже отправлен на проверку или принят.",
    SubmissionAction.APPROVED: "Принять можно только отчёт, отправленный на проверку.",
    SubmissionAction.RETURNED: "Вернуть можно только отправленный или принятый отчёт.",
}


def _locked(submission):
    # Re-read under a row lock so two clicks (or two reviewers) cannot both pass the check.
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _check(locked, action):
    if locked.status not in _ALLOWED_FROM[action]:
        raise ValidationError(_ERRORS[action], code="invalid_transition")


def _log(submission, action, by, comment=""):
    SubmissionHistory.objects.create(
        submission=submission, action=action, status=submission.status, by=by, comment=comment
    )


def submission_get_or_create(*, department, year, quarter, by=None):
    with transaction.atomic():
        submission, created = Submission.objects.get_or_create(
            department=department, year=year, quarter=quarter
        )
        if created:
            _log(submission, SubmissionAction.CREATED, by)
    return submission


def submission_submit(*, submission, by):
    if by.department_id != submission.department_id:
        raise PermissionDenied("Отправить отчёт может только сотрудник его департамента.")
    with transaction.atomic():
        locked = _locked(submission)
        _check(locked, SubmissionAction.SUBMITTED)
        locked.status = SubmissionStatus.SUBMITTED
        locked.submitted_by, locked.submitted_at = by, timezone.now()
        locked.save()
        _log(locked, SubmissionAction.SUBMITTED, by)
    return locked


def submission_approve(*, submission, by, comment=""):
    if by.department_id is not None and by.department_id == submission.department_id:
        raise PermissionDenied("Нельзя принять отчёт своего департамента.")
    with transaction.atomic():
        locked = _locked(submission)
        _check(locked, SubmissionAction.APPROVED)
        locked.status = SubmissionStatus.APPROVED
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.review_comment = comment
        locked.save()
        _log(locked, SubmissionAction.APPROVED, by, comment)
    return locked


def submission_return(*, submission, by, comment):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            "Укажите, что нужно исправить: без комментария отчёт не возвращается.",
            code="comment_required",
        )
    if by.department_id is not None and by.department_id == submission.department_id:
        raise PermissionDenied("Нельзя вернуть отчёт своего департамента.")
    with transaction.atomic():
        locked = _locked(submission)
        _check(locked, SubmissionAction.RETURNED)
        locked.status = SubmissionStatus.RETURNED
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.review_comment = comment
        locked.save()
        _log(locked, SubmissionAction.RETURNED, by, comment)
    return locked


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
