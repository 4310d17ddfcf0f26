"""E-mails to department staff: a report is due soon, is overdue, or has been returned."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from cooperation import roles
from cooperation.models import Department, User
from cooperation.periods import quarter_range, quarter_title
from reports.deadlines import last_finished_quarter, report_due_date
from reports.models import CLOSED_STATUSES, ReminderKind, ReminderLog, Submission

logger = logging.getLogger(__name__)


def staff_emails(department_ids):
    """Addresses of the active staff of each department, as {department_id: [e-mail, …]}."""
    emails = {}
    staff = (
        User.objects.filter(
            department_id__in=department_ids, is_active=True, groups__name=roles.STAFF
        )
        .exclude(email="")
        .order_by("department_id", "email")
        .values_list("department_id", "email")
        .distinct()
    )
    for department_id, email in staff:
        emails.setdefault(department_id, []).append(email)
    return emails


def _send(subject, body, recipients):
    EmailMessage(subject=subject, body=body, to=recipients).send()


def _reminder_text(kind, department, year, quarter, due):
    period = quarter_title(year, quarter)
    if kind == ReminderKind.DUE_SOON:
        subject = f"Срок сдачи отчёта за {period} — {due:%d.%m.%Y}"
        lead = f"Напоминаем: отчёт о реализации соглашений за {period} нужно отправить на проверку "
        lead += f"не позднее {due:%d.%m.%Y}."
    else:
        subject = f"Отчёт за {period} не сдан в срок"
        lead = f"Срок сдачи отчёта о реализации соглашений за {period} истёк {due:%d.%m.%Y}, "
        lead += "а отчёт не отправлен на проверку. Пожалуйста, отправьте его как можно скорее."
    body = (
        f"Здравствуйте!\n\n{lead}\n\nДепартамент: {department.name}\n"
        "Отчёт заполняется и отправляется в разделе «Отчёты» портала межрегионального "
        "сотрудничества.\n\nЭто письмо отправлено автоматически."
    )
    return subject, body


def reminder_kind_on(day, year, quarter):
    """Which reminder, if any, the quarter's report calls for on `day`."""
    days_left = (report_due_date(year, quarter) - day).days
    if days_left < 0:
        return ReminderKind.OVERDUE
    if days_left <= settings.REPORT_REMINDER_DAYS_BEFORE:
        return ReminderKind.DUE_SOON
    return None


def send_reminders(*, day):
    """Remind every department still owing the last finished quarter's report; return the logs.

    Safe to run more than once a day: the log's unique row lets through one reminder of a kind
    per department, quarter and day.
    """
    year, quarter = last_finished_quarter(day)
    kind = reminder_kind_on(day, year, quarter)
    if kind is None:
        return []
    due = report_due_date(year, quarter)
    delivered = Submission.objects.in_quarter(year, quarter).filter(status__in=CLOSED_STATUSES)
    departments = list(
        Department.objects.active_on(quarter_range(year, quarter).end)
        .exclude(pk__in=delivered.values("department"))
        .order_by("sort_order", "name")
    )
    emails = staff_emails([d.pk for d in departments])
    sent = []
    for department in departments:
        recipients = emails.get(department.pk)
        if not recipients:
            continue
        # The log row and the e-mail stand or fall together: a failed send is retried next run.
        with transaction.atomic():
            log, created = ReminderLog.objects.get_or_create(
                department=department,
                year=year,
                quarter=quarter,
                kind=kind,
                sent_on=day,
                defaults={"recipients": ", ".join(recipients)},
            )
            if not created:
                continue
            _send(*_reminder_text(kind, department, year, quarter, due), recipients)
        sent.append(log)
    return sent


def notify_returned(submission_id):
    """Tell the department's staff their report came back and what to fix."""
    submission = Submission.objects.select_related("department", "reviewed_by").get(
        pk=submission_id
    )
    recipients = staff_emails([submission.department_id]).get(submission.department_id)
    if not recipients:
        logger.info("Отчёт %s возвращён, но у сотрудников департамента нет e-mail", submission)
        return
    period = quarter_title(submission.year, submission.quarter)
    due = report_due_date(submission.year, submission.quarter)
    body = (
        f"Здравствуйте!\n\nОтчёт о реализации соглашений за {period} возвращён на доработку.\n\n"
        f"Департамент: {submission.department.name}\n"
        f"Что нужно исправить: {submission.review_comment}\n\n"
        f"Срок сдачи отчёта — {due:%d.%m.%Y}. Исправьте отчёт и отправьте его на проверку "
        "повторно в разделе «Отчёты» портала.\n\nЭто письмо отправлено автоматически."
    )
    _send(f"Отчёт за {period} возвращён на доработку", body, recipients)
