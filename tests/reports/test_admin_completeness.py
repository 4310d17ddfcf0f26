"""The completeness grid: every department × the four quarters of a year, late cells marked."""

from datetime import date

import pytest
from django.urls import reverse

from cooperation import roles
from cooperation.models import Department, DepartmentKind
from reports import deadlines
from reports.admin.completeness import grid_totals
from reports.deadlines import completeness_grid
from reports.models import ReminderKind, ReminderLog, SubmissionStatus
from tests.factories import DepartmentFactory, StaffFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:reports_submission_completeness")
FIXED_DAY = date(2024, 10, 20)  # III quarter of 2024 is past its 5 October deadline


@pytest.fixture
def coordinator(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    return client


@pytest.fixture
def fixed_day(monkeypatch):
    monkeypatch.setattr(deadlines, "today", lambda: FIXED_DAY)
    return FIXED_DAY


def row_of(rows, department):
    return next(row for row in rows if row.department == department)


def test_each_status_in_its_quarter():
    department = DepartmentFactory()
    for quarter, status in enumerate(
        [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED], 1
    ):
        SubmissionFactory(department=department, year=2024, quarter=quarter, status=status)
    cells = row_of(completeness_grid(year=2024, day=FIXED_DAY), department).cells
    assert [c.status_label for c in cells] == [
        "принят",
        "на проверке",
        "возвращён на доработку",
        "нет отчёта",
    ]


def test_overdue_marks_late_reports_only():
    department = DepartmentFactory()
    SubmissionFactory(department=department, year=2024, quarter=1, status=SubmissionStatus.DRAFT)
    SubmissionFactory(department=department, year=2024, quarter=2, status="approved")
    cells = row_of(completeness_grid(year=2024, day=FIXED_DAY), department).cells
    # I: a draft after the deadline; II: delivered; III: nothing after 5 October; IV: not due yet.
    assert [c.overdue for c in cells] == [True, False, True, False]


def test_rows_are_active_executive_bodies_and_any_department_with_a_report():
    institution = DepartmentFactory(kind=DepartmentKind.INSTITUTION)
    reporting_institution = DepartmentFactory(kind=DepartmentKind.INSTITUTION, sort_order=1)
    abolished = DepartmentFactory(active_until=date(2023, 12, 31))
    SubmissionFactory(department=reporting_institution, year=2024, quarter=1)
    rows = [row.department for row in completeness_grid(year=2024, day=FIXED_DAY)]
    assert reporting_institution in rows
    assert institution not in rows and abolished not in rows
    expected = list(
        Department.objects.filter(pk__in=[d.pk for d in rows]).order_by("sort_order", "name")
    )
    assert rows == expected


def test_the_grid_reads_departments_and_submissions_in_two_queries(django_assert_num_queries):
    for _ in range(5):
        SubmissionFactory(year=2024, quarter=2)
    with django_assert_num_queries(2):
        completeness_grid(year=2024, day=FIXED_DAY)


def test_the_page_shows_colours_links_and_overdue(coordinator, fixed_day):
    department = DepartmentFactory(name="Департамент проверки сетки")
    submission = SubmissionFactory(
        department=department, year=2024, quarter=1, status=SubmissionStatus.APPROVED
    )
    response = coordinator.get(URL, {"year": 2024})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Полнота квартальных отчётов за 2024 год" in page
    assert "Департамент проверки сетки" in page
    assert reverse("admin:reports_submission_change", args=[submission.pk]) in page
    missing = (
        f"{reverse('admin:reports_submission_changelist')}?department__id__exact="
        f"{department.pk}&amp;year=2024&amp;quarter__exact=3"
    )
    assert missing in page
    assert "status-approved" in page and "просрочен" in page
    assert "срок — 05.10.2024" in page


def test_the_filtered_changelist_link_opens(coordinator):
    department = DepartmentFactory()
    response = coordinator.get(
        reverse("admin:reports_submission_changelist"),
        {"department__id__exact": department.pk, "year": 2024, "quarter__exact": 3},
    )
    assert response.status_code == 200


def test_the_year_defaults_to_the_current_one(coordinator, fixed_day):
    assert "за 2024 год" in coordinator.get(URL).content.decode()
    assert "за 2024 год" in coordinator.get(URL, {"year": "не год"}).content.decode()


def test_the_grid_is_linked_from_the_changelist_and_the_index(coordinator):
    assert URL in coordinator.get(reverse("admin:reports_submission_changelist")).content.decode()
    assert URL in coordinator.get(reverse("admin:index")).content.decode()


def test_officials_see_the_grid_and_staff_do_not(client):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    assert client.get(URL).status_code == 200
    client.force_login(StaffFactory())
    assert client.get(URL).status_code == 302


def test_officials_are_linked_to_approved_reports_only(client, fixed_day):
    department = DepartmentFactory(name="Департамент проверки ссылок")
    approved = SubmissionFactory(
        department=department, year=2024, quarter=1, status=SubmissionStatus.APPROVED
    )
    submitted = SubmissionFactory(
        department=department, year=2024, quarter=2, status=SubmissionStatus.SUBMITTED
    )
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    page = client.get(URL, {"year": 2024}).content.decode()
    assert reverse("admin:reports_submission_change", args=[approved.pk]) in page
    assert reverse("admin:reports_submission_change", args=[submitted.pk]) not in page
    assert "на проверке" in page


# --- Totals and «Напомнить» -------------------------------------------------------------------

REMIND_URL = reverse("admin:reports_submission_completeness_remind")


def test_totals_per_quarter_and_per_department_count_reports_in():
    first, second = DepartmentFactory(sort_order=1), DepartmentFactory(sort_order=2)
    SubmissionFactory(department=first, year=2024, quarter=1, status=SubmissionStatus.APPROVED)
    SubmissionFactory(department=first, year=2024, quarter=2, status=SubmissionStatus.SUBMITTED)
    SubmissionFactory(department=second, year=2024, quarter=1, status=SubmissionStatus.RETURNED)
    SubmissionFactory(department=second, year=2024, quarter=4, status=SubmissionStatus.APPROVED)
    rows = [
        row
        for row in completeness_grid(year=2024, day=FIXED_DAY)
        if row.department in (first, second)
    ]
    per_quarter, per_department, overall = grid_totals(rows, year=2024, day=FIXED_DAY)
    assert [(t.delivered, t.expected, t.percent) for t in per_quarter] == [
        (1, 2, 50),
        (1, 2, 50),
        (0, 2, 0),
        (1, 2, 50),
    ]
    # On 20 October 2024 three quarters are over; the fourth expects nothing yet.
    assert (per_department[first.pk].delivered, per_department[first.pk].expected) == (2, 3)
    assert per_department[first.pk].percent == 67
    assert (per_department[second.pk].delivered, per_department[second.pk].percent) == (0, 0)
    assert (overall.delivered, overall.expected, overall.percent) == (2, 6, 33)


def test_the_page_shows_totals_and_a_remind_button_on_overdue_cells_only(coordinator, fixed_day):
    department = DepartmentFactory(name="Департамент итогов")
    SubmissionFactory(department=department, year=2024, quarter=1, status=SubmissionStatus.APPROVED)
    page = coordinator.get(URL, {"year": 2024}).content.decode()
    assert "Сдано по кварталу" in page
    assert "1 из 3" in page  # the department: I quarter of the three that are over
    row = page[page.index("Департамент итогов") :].split("</tr>", 1)[0]
    assert row.count(">Напомнить</button>") == 2  # II and III are overdue; IV is not due yet


def test_remind_sends_the_overdue_letter_now_and_logs_it_like_the_daily_ones(
    coordinator, fixed_day, mailoutbox
):
    staff = StaffFactory(email="late@example.ru")
    data = {"department": staff.department.pk, "year": 2024, "quarter": 3}
    response = coordinator.post(REMIND_URL, data, follow=True)
    assert response.redirect_chain[-1][0] == f"{URL}?year=2024"
    [letter] = mailoutbox
    assert letter.to == ["late@example.ru"]
    assert letter.subject == "Отчёт за III квартал 2024 года не сдан в срок"
    log = ReminderLog.objects.get(department=staff.department)
    assert (log.kind, log.sent_on, log.recipients) == (
        ReminderKind.OVERDUE,
        FIXED_DAY,
        "late@example.ru",
    )
    assert "Напоминание об отчёте за III квартал 2024 года отправлено" in response.content.decode()
    assert "напоминание — 20.10.2024" in response.content.decode()
    again = coordinator.post(REMIND_URL, data, follow=True)
    assert len(mailoutbox) == 1
    assert "сегодня уже отправлено" in again.content.decode()


def test_remind_without_an_address_tells_the_coordinator_on_the_page(coordinator, fixed_day):
    department = DepartmentFactory(name="Департамент без почты")
    StaffFactory(department=department, email="")
    data = {"department": department.pk, "year": 2024, "quarter": 3}
    page = coordinator.post(REMIND_URL, data, follow=True).content.decode()
    assert "У сотрудников «Департамент без почты» нет адресов электронной почты" in page
    assert not ReminderLog.objects.filter(department=department).exists()


def test_remind_refuses_a_report_that_is_in_or_not_due_and_bad_input(coordinator, fixed_day):
    department = DepartmentFactory()
    StaffFactory(department=department, email="a@example.ru")
    SubmissionFactory(
        department=department, year=2024, quarter=2, status=SubmissionStatus.SUBMITTED
    )
    for quarter in (2, 4):
        page = coordinator.post(
            REMIND_URL, {"department": department.pk, "year": 2024, "quarter": quarter}, follow=True
        ).content.decode()
        assert "не просрочен" in page
    bad = coordinator.post(REMIND_URL, {"department": "x", "year": 2024}, follow=True)
    assert "Не указан квартал для напоминания." in bad.content.decode()
    assert coordinator.get(REMIND_URL).status_code == 405
    assert not ReminderLog.objects.exists()


def test_officials_see_the_totals_but_cannot_remind(client, fixed_day):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    department = DepartmentFactory()
    assert ">Напомнить</button>" not in client.get(URL, {"year": 2024}).content.decode()
    response = client.post(REMIND_URL, {"department": department.pk, "year": 2024, "quarter": 3})
    assert response.status_code == 403
