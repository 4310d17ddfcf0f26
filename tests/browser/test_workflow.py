"""The whole quarter in a real browser: plan, report, submit, return, fix, approve, download.

Drives Debian's chromium (/usr/bin/chromium) through Playwright; no browser is downloaded.
Screenshots of the main pages go to artifacts/screenshots/ for a human look.
"""

from datetime import date

import pytest
from django.utils import timezone

from cooperation import roles
from cooperation.models import Department
from cooperation.periods import half_of, quarter_of, roman
from reports.models import Submission, SubmissionAction, SubmissionStatus
from tests.browser.conftest import PASSWORD, Session
from tests.browser.conftest import expect_text as _expect_text
from tests.factories import AgreementFactory, StaffFactory, UserFactory, region

pytestmark = [
    # The live server runs in another thread, so the test needs real commits; the serialized
    # rollback brings back the reference data that migrations load, for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people():
    culture = Department.objects.get(name="Департамент Смоленской области по культуре")
    return {
        "culture": StaffFactory(username="culture", password=PASSWORD, department=culture),
        "coordinator": UserFactory(
            username="coordinator", password=PASSWORD, role=roles.COORDINATOR, is_staff=True
        ),
        "official": UserFactory(
            username="official", password=PASSWORD, role=roles.OFFICIAL, is_staff=True
        ),
    }


def _admin_action(page, submission, action, **confirm):
    page.goto("/admin/reports/submission/")
    page.check(f"input[name='_selected_action'][value='{submission.pk}']")
    page.select_option("select[name='action']", action)
    page.click("button[name='index']")
    if "comment" in confirm:
        page.fill("#id_comment", confirm["comment"])
    page.click(f"input[type='submit'][value='{confirm['button']}']")


def test_a_quarter_from_plan_to_approved_docx(browser, live_server, people):
    today = timezone.localdate()
    year, half, quarter = today.year, half_of(today), quarter_of(today)
    agreement = AgreementFactory(
        short_title="Соглашение с Тверской областью", regions=[region("Тверская область")]
    )
    AgreementFactory(short_title="Соглашение с Москвой", regions=[region("г. Москва")])

    # Staff: plan an event, record it as held, submit the quarter.
    staff = Session(browser, live_server.url, "culture", folder="workflow")
    page = staff.page
    staff.shot("01-dashboard-staff")
    page.click("nav >> text=План")
    page.wait_for_url(f"**/events/plan/{year}/{half}/")
    page.click("text=+ Добавить мероприятие")
    page.fill("#id_title", "Дни культуры Смоленской области в Тверской области")
    regions = page.locator("#id_regions-ts-control")
    regions.fill("Твер")
    page.locator(".ts-dropdown .option", has_text="Тверская область").first.click()
    page.keyboard.press("Escape")
    # The live filter leaves only agreements with the chosen region.
    assert page.locator("#id_agreement option", has_text="Соглашение с Москвой").is_hidden()
    page.select_option("#id_agreement", label=agreement.short_title)
    page.fill("#id_timing_text", f"{roman(quarter)} квартал")
    _expect_text(page, f"{date(year, 3 * quarter - 2, 1):%d.%m.%Y} —")
    page.fill("#id_venue", "г. Тверь")
    staff.shot("02-plan-form")
    page.click("button:has-text('Сохранить')")
    _expect_text(page, "Мероприятие добавлено в план")
    staff.shot("03-planned-event")
    page.click(".breadcrumb >> text=План на")
    _expect_text(page, "Дни культуры Смоленской области")
    staff.shot("03-plan-list")

    page.click("nav >> text=Отчёт за квартал")
    page.wait_for_url(f"**/events/report/{year}/{quarter}/")
    page.click("text=Проведено — внести в отчёт")
    assert page.input_value("#id_title").startswith("Дни культуры")
    page.fill("#id_participants_count", "80")
    staff.shot("04-report-form")
    page.click("button:has-text('Сохранить')")
    _expect_text(page, "Мероприятие добавлено в отчёт")
    page.click("button:has-text('Отправить на проверку')")
    _expect_text(page, "отправлен на проверку. До решения координатора")
    assert page.locator("text=Отправить на проверку").count() == 0
    staff.shot("05-report-submitted")
    staff.close()

    submission = Submission.objects.get(
        department=people["culture"].department, year=year, quarter=quarter
    )
    assert submission.status == SubmissionStatus.SUBMITTED

    # Coordinator: return it with a comment (admin action «Вернуть на доработку»).
    coordinator = Session(browser, live_server.url, "coordinator", folder="workflow")
    comment = "Укажите, сколько участников было из Тверской области."
    _admin_action(
        coordinator.page,
        submission,
        "return_selected",
        comment=comment,
        button="Вернуть на доработку",
    )
    _expect_text(coordinator.page, "Возвращён на доработку (1)")
    coordinator.close()

    # Staff: sees the comment, fixes the row, submits again.
    staff = Session(browser, live_server.url, "culture", folder="workflow")
    page = staff.page
    _expect_text(page, comment)
    staff.shot("06-dashboard-returned")
    page.click("text=Исправить отчёт")
    _expect_text(page, "Отчёт возвращён на доработку")
    staff.shot("07-report-returned")
    page.click("td >> text=Изменить")
    page.fill("#id_participants", "80 человек, из них 25 — из Тверской области")
    page.click("button:has-text('Сохранить')")
    page.click("nav >> text=Отчёт за квартал")
    page.click("button:has-text('Отправить на проверку')")
    _expect_text(page, "отправлен на проверку. До решения координатора")
    staff.close()

    # Coordinator: approve.
    coordinator = Session(browser, live_server.url, "coordinator", folder="workflow")
    _admin_action(coordinator.page, submission, "approve_selected", button="Да, принять")
    _expect_text(coordinator.page, "Принят (1)")
    coordinator.close()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert list(submission.history.values_list("action", flat=True)) == [
        SubmissionAction.CREATED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.RETURNED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.APPROVED,
    ]

    # Official: the quarterly report on screen, then the DOCX.
    official = Session(browser, live_server.url, "official", folder="workflow")
    page = official.page
    official.shot("08-dashboard-official")
    page.goto(f"/reports/?kind=quarterly&year={year}&quarter={quarter}")
    _expect_text(page, "Дни культуры Смоленской области")
    official.shot("09-quarterly-report")
    with page.expect_download() as download:
        page.click("text=Скачать DOCX")
    expected = f"Отчет_о_реализации_соглашений_{roman(quarter)}_квартал_{year}.docx"
    assert download.value.suggested_filename == expected
    official.close()
