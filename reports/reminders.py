"""E-mails to department staff: a report is due soon, is overdue, or has been returned."""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from cooperation import roles
from cooperation.models import Department, User
from cooperation.periods import quarter_range, quarter_title
from reports.deadlines import is_overdue, last_finished_quarter, report_due_date
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


class Reminded(StrEnum):
    SENT = "sent"
    ALREADY_TODAY = "already_today"
    NO_ADDRESS = "no_address"
    NOT_OVERDUE = "not_overdue"


@dataclass(frozen=True)
class RemindResult:
    outcome: Reminded
    department: Department
    year: int
    quarter: int
    recipients: str = ""

    @property
    def message(self):
        """What the coordinator reads on the page after «Напомнить»."""
        period, name = quarter_title(self.year, self.quarter), self.department.name
        match self.outcome:
            case Reminded.SENT:
                return f"Напоминание об отчёте за {period} отправлено ({name}): {self.recipients}."
            case Reminded.ALREADY_TODAY:
                return (
                    f"Напоминание об отчёте за {period} сегодня уже отправлено ({name}): "
                    f"{self.recipients}. Второе письмо в тот же день не отправляется."
                )
            case Reminded.NO_ADDRESS:
                return unreachable_message(self.department, f"напоминание об отчёте за {period}")
            case Reminded.NOT_OVERDUE:
                return (
                    f"Отчёт за {period} ({name}) не просрочен: он отправлен на проверку или "
                    "принят, либо срок ещё не прошёл. Напоминание не отправлено."
                )


def unreachable_message(department, what):
    """The coordinator's warning when a letter finds no address: said on the page, not only in
    the server's log."""
    return (
        f"У сотрудников «{department.name}» нет адресов электронной почты: {what} никому не "
        "отправлено. Сообщите им по телефону и попросите указать адрес в учётной записи."
    )


def returned_unreachable_message(submission):
    """The warning for a returned report whose department has no address, or ""."""
    if staff_emails([submission.department_id]).get(submission.department_id):
        return ""
    period = quarter_title(submission.year, submission.quarter)
    return unreachable_message(submission.department, f"письмо о возврате отчёта за {period}")


def remind_now(*, department, year, quarter, day):
    """The coordinator's «Напомнить» on an overdue report: the overdue reminder, sent at once
    and logged like the daily ones (one a day per department and quarter)."""
    delivered = (
        Submission.objects.in_quarter(year, quarter)
        .filter(department=department, status__in=CLOSED_STATUSES)
        .exists()
    )
    if delivered or not is_overdue(year, quarter, None, day):
        return RemindResult(Reminded.NOT_OVERDUE, department, year, quarter)
    recipients = staff_emails([department.pk]).get(department.pk)
    if not recipients:
        return RemindResult(Reminded.NO_ADDRESS, department, year, quarter)
    with transaction.atomic():
        log, created = ReminderLog.objects.get_or_create(
            department=department,
            year=year,
            quarter=quarter,
            kind=ReminderKind.OVERDUE,
            sent_on=day,
            defaults={"recipients": ", ".join(recipients)},
        )
        if not created:
            return RemindResult(Reminded.ALREADY_TODAY, department, year, quarter, log.recipients)
        due = report_due_date(year, quarter)
        _send(*_reminder_text(ReminderKind.OVERDUE, department, year, quarter, due), recipients)
    return RemindResult(Reminded.SENT, department, year, quarter, log.recipients)


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
