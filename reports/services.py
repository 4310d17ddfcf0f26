"""Workflow of a department's quarterly report: each transition validates, writes and logs."""

from contextlib import contextmanager
from functools import partial

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from events.models import PlannedEvent
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
    SubmissionAction.RETURNED: "Вернуть на доработку можно только отчёт, отправленный на "
    "проверку; принятый отчёт открывают для изменений.",
    SubmissionAction.REOPENED: "Открыть для изменений можно только принятый отчёт.",
}
RETURN_COMMENT_REQUIRED = "Укажите, что нужно исправить: без комментария отчёт не возвращается."
REOPEN_COMMENT_REQUIRED = (
    "Укажите, зачем отчёт открывается для изменений: без комментария он не открывается."
)
_OWN_DEPARTMENT = {
    SubmissionAction.APPROVED: "Нельзя принять отчёт своего департамента.",
    SubmissionAction.RETURNED: "Нельзя вернуть отчёт своего департамента.",
    SubmissionAction.REOPENED: "Нельзя открыть для изменений отчёт своего департамента.",
}
UNMARKED_CODE = "unmarked_plan"


def submission_allowed_actions(*, submission):
    """The workflow actions the report's status allows now (who may take them is checked on use)."""
    return frozenset(
        action for action, (sources, _) in TRANSITIONS.items() if submission.status in sources
    )


def _locked(submission):
    # Re-read under a row lock so two clicks (or two reviewers) cannot both pass the check.
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _move(locked, action, expected):
    """Apply the transition to the locked row; refuse when its status is not the one the caller
    saw (`expected`): somebody else has moved the report since, and deciding on what they no
    longer see would be a lost update."""
    sources, target = TRANSITIONS[action]
    if expected is not None and locked.status != expected:
        raise ValidationError(
            f"Статус отчёта изменился, пока вы его просматривали: он уже "
            f"«{locked.get_status_display()}», а не «{SubmissionStatus(expected).label}». "
            "Обновите страницу и решите снова.",
            code="status_changed",
        )
    if locked.status not in sources:
        raise ValidationError(_ERRORS[action], code="invalid_transition")
    locked.status = target


def _caught_up(submission):
    # The caller's object now shows what it has just done: a second action on it is based on the
    # new status, while another copy read before stays stale (and is refused).
    submission.refresh_from_db()


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


def unmarked_plan_rows(*, department_id, year, quarter):
    """Plan rows of the quarter the department's report does not yet say anything about."""
    return (
        PlannedEvent.objects.unmarked_in_quarter(year, quarter)
        .for_department(department_id)
        .in_report_order()
    )


def unmarked_plan_message(rows):
    listed = "; ".join(f"«{row.title}» ({row.timing_text})" for row in rows)
    return (
        f"Отчёт не отправлен: не отмечены мероприятия плана на квартал ({len(rows)}): {listed}. "
        "Отметьте каждое: проведено, не проведено (с причиной) или перенесено."
    )


def submission_submit(*, submission, by, expected_status=None):
    """Send the report for review once every plan row of the quarter is accounted for."""
    if by.department_id != submission.department_id:
        raise PermissionDenied("Отправить отчёт может только сотрудник его департамента.")
    with _revision(SubmissionAction.SUBMITTED, by):
        locked = _locked(submission)
        _move(locked, SubmissionAction.SUBMITTED, expected_status)
        # Checked under the lock that workspace writes to this quarter also take.
        unmarked = list(
            unmarked_plan_rows(
                department_id=locked.department_id, year=locked.year, quarter=locked.quarter
            )
        )
        if unmarked:
            raise ValidationError(unmarked_plan_message(unmarked), code=UNMARKED_CODE)
        locked.submitted_by, locked.submitted_at = by, timezone.now()
        locked.save()
        _log(locked, SubmissionAction.SUBMITTED, by)
    _caught_up(submission)
    return locked


def _review(submission, action, *, by, comment, expected_status):
    """Approve, return or reopen: a coordinator outside the report's department decides, with a
    note. `expected_status` is the status the coordinator decided on (the page's); by default,
    the status of the `submission` object passed in."""
    if by.department_id is not None and by.department_id == submission.department_id:
        raise PermissionDenied(_OWN_DEPARTMENT[action])
    if expected_status is None:
        expected_status = submission.status
    with _revision(action, by, comment):
        locked = _locked(submission)
        _move(locked, action, expected_status)
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.review_comment = comment
        locked.save()
        _log(locked, action, by, comment)
        audit.record(action, obj=locked, user=by, details=comment)
        if action in {SubmissionAction.RETURNED, SubmissionAction.REOPENED}:
            # Only once the return is stored: a rolled-back return must not reach anyone's
            # inbox, and a mail server that is down must not undo a return already stored.
            transaction.on_commit(partial(notify_returned, locked.pk), robust=True)
    _caught_up(submission)
    return locked


def submission_approve(*, submission, by, comment="", expected_status=None):
    return _review(
        submission,
        SubmissionAction.APPROVED,
        by=by,
        comment=comment,
        expected_status=expected_status,
    )


def submission_return(*, submission, by, comment, expected_status=None):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(RETURN_COMMENT_REQUIRED, code="comment_required")
    return _review(
        submission,
        SubmissionAction.RETURNED,
        by=by,
        comment=comment,
        expected_status=expected_status,
    )


def submission_reopen(*, submission, by, comment, expected_status=None):
    """Hand an approved report back to its department for changes, saying why.

    The report becomes «возвращён на доработку» again (staff edit and send it, a coordinator
    reviews it again); the history keeps it as a reopening with the reason, which staff see.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(REOPEN_COMMENT_REQUIRED, code="comment_required")
    return _review(
        submission,
        SubmissionAction.REOPENED,
        by=by,
        comment=comment,
        expected_status=expected_status,
    )


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
            # The action already reads «загружен из документа»; the comment names the document.
            _log(submission, SubmissionAction.IMPORTED, by, source)
        elif submission.heading_note != heading_note:
            submission.heading_note = heading_note
            submission.save(update_fields=["heading_note", "updated_at"])
    return submission, created
