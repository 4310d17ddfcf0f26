"""Closed periods: an old document is not imported into a quarter whose report the portal holds,
nor into plan rows that a submitted or approved quarter has locked (reports.locks)."""

from cooperation.periods import (
    half_range,
    half_title,
    quarter_title,
    quarters_of_half,
)
from events.models import PlannedEvent
from imports.layouts import COLUMNS
from imports.matching import Problem
from reports.documents import ReportKind
from reports.locks import PlanLock
from reports.models import CLOSED_STATUSES, Submission, SubmissionAction, SubmissionStatus


def _portal_submissions(year, departments, quarters):
    """Submissions of these departments and quarters that the portal's users made or touched:
    a quarter only ever written by imports may be corrected by importing again."""
    submissions = (
        Submission.objects.filter(year=year, quarter__in=quarters, department__in=departments)
        .prefetch_related("history")
        .select_related("department")
    )
    return {
        (s.department_id, s.quarter): s
        for s in submissions
        if not (
            s.history.all() and all(h.action == SubmissionAction.IMPORTED for h in s.history.all())
        )
    }


def _closed_verb(submission):
    if submission.status == SubmissionStatus.SUBMITTED:
        return "отправлен на проверку"
    return "принят"


def check_closed_quarters(preview):
    """A quarter whose report the portal holds is not overwritten by an old document; a quarter
    submitted or approved is closed."""
    keys = {(e.department.pk, e.period) for e in preview.events if e.department.pk}
    if not keys:
        return
    portal = _portal_submissions(preview.layout.year, {d for d, _ in keys}, {q for _, q in keys})
    for (department_id, quarter), submission in sorted(portal.items()):
        if (department_id, quarter) not in keys:
            continue
        period = quarter_title(submission.year, submission.quarter)
        name = submission.department.name
        if submission.status in CLOSED_STATUSES:
            message = (
                f"Отчёт департамента «{name}» за {period} {_closed_verb(submission)} в портале: "
                "период закрыт, документ в него не загружается."
            )
        else:
            message = (
                f"У департамента «{name}» за {period} уже есть отчёт в портале "
                f"(«{submission.get_status_display()}»); документ его не заменяет."
            )
        preview.problems.append(Problem(None, "Департамент", message))


def _plan_row_unchanged(draft, stored):
    if stored is None:
        return False
    same = all(getattr(stored, name) == value for name, value in draft.fields.items())
    return same and {r.pk for r in stored.regions.all()} == {r.pk for r in draft.regions}


def check_closed_plan(preview):
    """Plan rows whose dates fall into a quarter whose report is submitted or approved are
    locked, in the workspace as here: the import may not add or change them (a row identical to
    the stored one passes, so importing the same plan again changes nothing)."""
    layout = preview.layout
    drafts = [e for e in preview.events if e.department.pk]
    if not drafts:
        return
    quarters = quarters_of_half(layout.half)
    portal = _portal_submissions(layout.year, {e.department.pk for e in drafts}, quarters)
    closed = {key: s for key, s in portal.items() if s.status in CLOSED_STATUSES}
    if not closed:
        return
    stored = {
        (e.department_id, e.position): e
        for e in PlannedEvent.objects.filter(
            year=layout.year,
            half=layout.half,
            department__in={d for d, _ in closed},
        ).prefetch_related("regions")
    }
    caption = COLUMNS[ReportKind.PLAN][3].caption
    whole = half_range(layout.year, layout.half)
    # The workspace's plan lock (reports.locks), over the quarters closed in the portal.
    locks = {
        department_id: PlanLock(
            layout.year, layout.half, tuple(sorted(q for d, q in closed if d == department_id))
        )
        for department_id, _ in closed
    }
    for draft in drafts:
        lock = locks.get(draft.department.pk)
        if lock is None:
            continue
        quarter = lock.closed_quarter_of(
            draft.fields.get("starts_on", whole.start), draft.fields.get("ends_on", whole.end)
        )
        if quarter is None:
            continue
        if _plan_row_unchanged(draft, stored.get((draft.department.pk, draft.position))):
            continue
        submission = closed[(draft.department.pk, quarter)]
        preview.problems.append(
            Problem(
                draft.row,
                caption,
                f"План департамента «{draft.department.name}» на "
                f"{half_title(layout.year, layout.half)}: мероприятие приходится на "
                f"{quarter_title(layout.year, quarter)}, а отчёт за этот квартал "
                f"{_closed_verb(submission)}; изменить или добавить его импортом нельзя.",
            )
        )
