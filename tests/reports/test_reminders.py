"""E-mail reminders about quarterly reports, and the e-mail on a returned report."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cooperation import roles
from reports.models import ReminderKind, ReminderLog, SubmissionStatus
from reports.reminders import returned_unreachable_message, send_reminders
from reports.services import submission_get_or_create, submission_return, submission_submit
from tests.factories import DepartmentFactory, StaffFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

# The III quarter of 2024 is due on 5 October 2024.
NEARING = date(2024, 10, 3)
OVERDUE = date(2024, 10, 7)


@pytest.fixture
def staff():
    return StaffFactory(email="culture@example.ru")


def sent_to(mailoutbox, address):
    return [m for m in mailoutbox if address in m.to]


def test_staff_are_reminded_as_the_deadline_nears(staff, mailoutbox):
    logs = send_reminders(day=NEARING)
    [message] = sent_to(mailoutbox, "culture@example.ru")
    assert "III квартал 2024 года" in message.subject
    assert "05.10.2024" in message.body
    assert staff.department.name in message.body
    assert [(log.department, log.kind) for log in logs if log.department == staff.department] == [
        (staff.department, ReminderKind.DUE_SOON)
    ]


def test_no_reminder_long_before_the_deadline(staff, mailoutbox):
    assert send_reminders(day=date(2024, 10, 1)) == []
    assert mailoutbox == []


def test_overdue_reminder_after_the_deadline(staff, mailoutbox):
    send_reminders(day=OVERDUE)
    [message] = sent_to(mailoutbox, "culture@example.ru")
    assert "не сдан в срок" in message.subject
    assert "истёк 05.10.2024" in message.body
    assert ReminderLog.objects.get(department=staff.department).kind == ReminderKind.OVERDUE


def test_a_second_run_the_same_day_sends_nothing_new(staff, mailoutbox):
    send_reminders(day=OVERDUE)
    assert send_reminders(day=OVERDUE) == []
    assert len(sent_to(mailoutbox, "culture@example.ru")) == 1
    send_reminders(day=date(2024, 10, 8))
    assert len(sent_to(mailoutbox, "culture@example.ru")) == 2


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])
def test_a_delivered_report_stops_the_reminders(staff, mailoutbox, status):
    SubmissionFactory(department=staff.department, year=2024, quarter=3, status=status)
    send_reminders(day=OVERDUE)
    assert sent_to(mailoutbox, "culture@example.ru") == []


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
def test_a_draft_or_returned_report_is_still_owed(staff, mailoutbox, status):
    SubmissionFactory(department=staff.department, year=2024, quarter=3, status=status)
    send_reminders(day=OVERDUE)
    assert len(sent_to(mailoutbox, "culture@example.ru")) == 1


def test_only_staff_with_an_address_are_written_to(mailoutbox):
    department = DepartmentFactory()
    StaffFactory(department=department, email="")
    StaffFactory(department=department, email="former@example.ru", is_active=False)
    UserFactory(department=department, email="no-role@example.ru")
    UserFactory(role=roles.COORDINATOR, department=department, email="coord@example.ru")
    send_reminders(day=OVERDUE)
    assert not [m for m in mailoutbox if set(m.to) & {"former@example.ru", "no-role@example.ru"}]
    assert not sent_to(mailoutbox, "coord@example.ru")
    assert not ReminderLog.objects.filter(department=department).exists()


def test_colleagues_of_one_department_get_one_letter(staff, mailoutbox):
    StaffFactory(department=staff.department, email="sport@example.ru")
    send_reminders(day=NEARING)
    [message] = sent_to(mailoutbox, "culture@example.ru")
    assert sorted(message.to) == ["culture@example.ru", "sport@example.ru"]


def test_command_takes_a_date_and_reports_what_it_sent(staff, mailoutbox, capsys):
    call_command("send_reminders", "--date", "2024-10-07")
    out = capsys.readouterr().out
    assert "отправлено напоминаний" in out and staff.department.name in out
    assert len(sent_to(mailoutbox, "culture@example.ru")) == 1


def test_command_refuses_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("send_reminders", "--date", "07.10.2024")


def test_returned_report_is_mailed_to_the_department_after_commit(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    submission = submission_get_or_create(department=staff.department, year=2024, quarter=3)
    submission_submit(submission=submission, by=staff)
    coordinator = UserFactory(role=roles.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        submission_return(submission=submission, by=coordinator, comment="Нет сроков проведения")
    [message] = mailoutbox
    assert message.to == ["culture@example.ru"]
    assert "возвращён на доработку" in message.subject
    assert "III квартал 2024 года" in message.subject
    assert "Нет сроков проведения" in message.body
    assert staff.department.name in message.body and "05.10.2024" in message.body


def test_a_refused_return_sends_nothing(staff, mailoutbox, django_capture_on_commit_callbacks):
    submission = submission_get_or_create(department=staff.department, year=2024, quarter=3)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        submission_return(submission=submission, by=UserFactory(), comment="Черновик")
    assert mailoutbox == []


def test_a_returned_report_without_an_address_gives_the_coordinator_a_warning(staff):
    reachable = SubmissionFactory(department=staff.department, year=2024, quarter=3)
    assert returned_unreachable_message(reachable) == ""
    silent = SubmissionFactory(department=DepartmentFactory(name="Департамент без почты"))
    StaffFactory(department=silent.department, email="")
    assert returned_unreachable_message(silent) == (
        "У сотрудников «Департамент без почты» нет адресов электронной почты: письмо о возврате "
        "отчёта за III квартал 2020 года никому не отправлено. Сообщите им по телефону и "
        "попросите указать адрес в учётной записи."
    )
