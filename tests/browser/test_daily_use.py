"""Daily use in a real browser (Debian's chromium through Playwright): the region picker, a
timing phrase the parser does not know, overdue reports, a form saved twice, phones, the
coordinator's completeness grid and reminder, error pages, and a screenshot of every main page
at 1366 px and 390 px (artifacts/screenshots/pages/, for a human look)."""

import pytest
from django.core import mail
from django.utils import timezone

from agreements.models import Roadmap
from cooperation import roles
from cooperation.models import Department
from cooperation.periods import half_of, previous_quarter, quarter_of, quarter_title
from devtools.demo import demo_load
from devtools.demo_current import demo_current_load
from events.models import PlannedEvent
from reports.deadlines import report_due_date
from reports.models import ReminderLog, Submission
from tests.browser.conftest import LAPTOP, PASSWORD, PHONE, Session, expect_text
from tests.factories import StaffFactory, UserFactory

pytestmark = [
    # The live server runs in another thread: real commits, reference data brought back after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CULTURE = "Департамент Смоленской области по культуре"
SPORT = "Главное управление спорта Смоленской области"


@pytest.fixture
def people():
    def staff(username, name):
        department = Department.objects.get(name=name)
        return StaffFactory(
            username=username,
            password=PASSWORD,
            department=department,
            email=f"{username}@example.org",
        )

    return {
        "culture": staff("culture", CULTURE),
        "sport": staff("sport", SPORT),
        "coordinator": UserFactory(
            username="coordinator", password=PASSWORD, role=roles.COORDINATOR, is_staff=True
        ),
        "official": UserFactory(
            username="official", password=PASSWORD, role=roles.OFFICIAL, is_staff=True
        ),
    }


@pytest.fixture
def demo_today(people):
    """The seeds and the demo's current period, as `make run` shows them."""
    demo_load()
    demo_current_load(
        culture=people["culture"], sport=people["sport"], coordinator=people["coordinator"]
    )
    return people


def _plan_form(session):
    today = timezone.localdate()
    session.page.goto(f"/events/plan/{today.year}/{half_of(today)}/add/")
    return today


def test_the_region_picker_clears_its_search_and_finds_regions_by_other_names(
    browser, live_server, people
):
    staff = Session(browser, live_server.url, "culture", folder="daily-use")
    page = staff.page
    _plan_form(staff)
    search = page.locator("#id_regions-ts-control")
    search.fill("Брян")
    page.locator(".ts-dropdown .option", has_text="Брянская область").first.click()
    # The typed text is gone, so the next search is not «БрянКалуж».
    assert search.input_value() == ""
    search.type("Калуж")
    page.locator(".ts-dropdown .option", has_text="Калужская область").first.click()
    assert search.input_value() == ""
    # Other names find a region: short forms, the official name, the genitive of documents.
    for typed, shown in (
        ("СПб", "г. Санкт-Петербург"),
        ("Кузбасс", "Кемеровская область"),
        ("Якутия", "Республика Саха (Якутия)"),
        ("Тверской обл", "Тверская область"),
    ):
        search.type(typed)
        page.locator(".ts-dropdown .option", has_text=shown).first.click()
        assert search.input_value() == ""
    page.keyboard.press("Escape")
    chosen = page.locator("#id_regions option:checked").all_text_contents()
    assert chosen == [
        "Брянская область",
        "Калужская область",
        "г. Санкт-Петербург",
        "Кемеровская область",
        "Республика Саха (Якутия)",
        "Тверская область",
    ]
    staff.shot("picker")
    staff.close()


def test_an_unrecognised_timing_phrase_is_shown_so_and_saves_only_as_written(
    browser, live_server, people
):
    staff = Session(browser, live_server.url, "culture", folder="daily-use")
    page = staff.page
    _plan_form(staff)
    page.fill("#id_title", "Встреча с партнёрами")
    page.check("#id_all_regions")
    tick = page.locator("[data-timing-as-written]")
    assert tick.is_hidden()
    page.fill("#id_timing_text", "когда-нибудь потом")
    expect_text(page, "Сроки не распознаны")
    assert "✓" not in page.locator("#timing-preview").inner_text()
    tick.wait_for(state="visible")
    staff.shot("timing-unrecognised")
    page.click("button:has-text('Сохранить')")
    expect_text(page, "не распознаны: в них нет ни дат")
    assert not PlannedEvent.objects.filter(title="Встреча с партнёрами").exists()
    page.check("#id_timing_as_written")
    page.click("button:has-text('Сохранить')")
    expect_text(page, "Мероприятие добавлено в план")
    event = PlannedEvent.objects.get(title="Встреча с партнёрами")
    assert (event.timing_text, event.timing_is_exact) == ("когда-нибудь потом", False)
    # A phrase it knows keeps the live preview with its dates and no tick.
    _plan_form(staff)
    page.fill("#id_timing_text", "По мере необходимости")
    expect_text(page, "взят весь период")
    assert page.locator("[data-timing-as-written]").is_hidden()
    staff.close()


def test_overdue_reports_say_so_on_the_start_page_and_the_report_page(browser, live_server, people):
    today = timezone.localdate()
    last = previous_quarter(today.year, quarter_of(today))
    before = previous_quarter(*last)  # always past its due date
    staff = Session(browser, live_server.url, "culture", folder="daily-use")
    page = staff.page
    page.goto("/")
    expect_text(page, f"Отчёт за {quarter_title(*last)} не отправлен")
    link = page.get_by_role("link", name=quarter_title(*before), exact=True)
    strip = page.locator(".quarter-statuses li").filter(has=link)
    assert "просрочен" in strip.inner_text()
    if today > report_due_date(*last):
        assert "просрочен" in page.locator(".last-finished").inner_text()
    staff.shot("home-overdue")
    page.goto(f"/events/report/{before[0]}/{before[1]}/")
    assert page.locator(".badge", has_text="просрочен").first.is_visible()
    staff.close()


def test_going_back_after_saving_and_saving_again_adds_no_copy(browser, live_server, people):
    staff = Session(browser, live_server.url, "culture", folder="daily-use")
    page = staff.page
    today = _plan_form(staff)
    page.fill("#id_title", "Дни Смоленской области в Брянске")
    page.check("#id_all_regions")
    page.fill("#id_timing_text", f"{today:%d.%m.%Y}")
    page.click("button:has-text('Сохранить')")
    expect_text(page, "Мероприятие добавлено в план")
    page.go_back()
    page.wait_for_selector("#id_title")
    assert page.input_value("#id_title") == "Дни Смоленской области в Брянске"
    page.click("button:has-text('Сохранить')")
    # The browser shows the form again (from its cache, with the same one-time token, or from
    # the server, with a new one): either way the second save adds nothing and says why.
    page.locator(".alert", has_text="уже").first.wait_for()
    text = page.locator(".alert").first.inner_text()
    assert "Эта форма уже сохранена" in text or "такое же второй раз не добавлено" in text
    assert PlannedEvent.objects.filter(title="Дни Смоленской области в Брянске").count() == 1
    staff.close()


def test_on_a_phone_plan_and_report_rows_are_cards(browser, live_server, demo_today):
    today = timezone.localdate()
    staff = Session(browser, live_server.url, "culture", viewport=PHONE, folder="daily-use")
    page = staff.page
    for url, name in (
        (f"/events/plan/{today.year}/{half_of(today)}/", "phone-plan"),
        ("/events/report/{}/{}/".format(*previous_quarter(today.year, quarter_of(today))), ""),
    ):
        page.goto(url)
        row = page.locator("table.table-cards tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        assert row.bounding_box()["width"] > 300  # a card across the screen, not a column
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        title = row.locator("td.cell-title a")
        assert title.bounding_box()["width"] > 250  # a title on whole lines, not one letter
        if name:
            staff.shot(name)
    staff.close()


def test_the_completeness_grid_totals_and_reminds_an_overdue_department(
    browser, live_server, demo_today
):
    coordinator = Session(browser, live_server.url, "coordinator", folder="daily-use")
    page = coordinator.page
    page.goto("/admin/reports/submission/completeness/")
    expect_text(page, "Сдано по кварталу")
    row = page.locator("tr", has_text=SPORT)
    assert "из" in row.locator("td.total").inner_text()
    coordinator.shot("completeness")
    overdue = row.locator("td.overdue").first
    mail.outbox.clear()
    overdue.locator("button", has_text="Напомнить").click()
    expect_text(page, f"отправлено ({SPORT}): sport@example.org")
    assert ReminderLog.objects.filter(department__name=SPORT).exists()
    assert [m.to for m in mail.outbox] == [["sport@example.org"]]
    coordinator.shot("completeness-reminded")
    coordinator.close()


def test_error_pages_are_russian_in_the_sites_frame_with_a_way_back(browser, live_server, people):
    staff = Session(browser, live_server.url, "culture", folder="daily-use")
    page = staff.page
    page.goto("/regions/")
    page.goto("/no-such-page/")
    assert page.title().startswith("Страница не найдена")
    expect_text(page, "Такой страницы нет")
    assert page.locator("nav >> text=Соглашения").is_visible()  # the menu
    staff.shot("error-404")
    page.click("text=Вернуться назад")
    page.wait_for_url("**/regions/")
    page.goto("/reports/")  # the consolidated reports are not for department staff
    assert page.title().startswith("Нет доступа")
    expect_text(page, "У вашей учётной записи нет прав")
    staff.shot("error-403")
    staff.close()


# --- Every main page, on a laptop and on a phone -------------------------------------------


def _main_pages(people):
    today = timezone.localdate()
    year, half, quarter = today.year, half_of(today), quarter_of(today)
    last = previous_quarter(year, quarter)
    culture = people["culture"].department
    planned = PlannedEvent.objects.for_department(culture).filter(year=year, half=half).first()
    reported = culture.reported_events.filter(year=last[0], quarter=last[1]).first()
    submission = Submission.objects.get(department=culture, year=last[0], quarter=last[1])
    roadmap = Roadmap.objects.get()
    return {
        "culture": [
            ("home", "/"),
            ("plan", f"/events/plan/{year}/{half}/"),
            ("plan-add", f"/events/plan/{year}/{half}/add/"),
            ("planned-event", planned.get_absolute_url()),
            ("report-current", f"/events/report/{year}/{quarter}/"),
            ("report-returned", f"/events/report/{last[0]}/{last[1]}/"),
            ("report-add", f"/events/report/{year}/{quarter}/add/"),
            ("reported-event", reported.get_absolute_url()),
            ("agreements", "/agreements/"),
            ("agreement", "/agreements/moscow/"),
            ("roadmap", roadmap.get_absolute_url()),
            ("regions", "/regions/"),
            ("region-spb", roadmap.region.get_absolute_url()),
            ("submission-history", submission.get_absolute_url()),
        ],
        "coordinator": [
            ("home", "/"),
            ("reports", "/reports/"),
            ("reports-quarterly", f"/reports/?kind=quarterly&year={last[0]}&quarter={last[1]}"),
            ("admin", "/admin/"),
            ("admin-submissions", "/admin/reports/submission/"),
            ("admin-submission", f"/admin/reports/submission/{submission.pk}/change/"),
            ("admin-completeness", "/admin/reports/submission/completeness/"),
            ("admin-planned-events", "/admin/events/plannedevent/"),
            ("admin-reported-events", "/admin/events/reportedevent/"),
            ("admin-agreements", "/admin/agreements/agreement/"),
        ],
        "official": [("home", "/"), ("reports", "/reports/")],
    }


def test_every_main_page_at_1366_and_390_px(browser, live_server, demo_today):
    overflowing = []
    for username, pages in _main_pages(demo_today).items():
        for viewport, size in ((LAPTOP, "1366"), (PHONE, "390")):
            person = Session(browser, live_server.url, username, viewport=viewport, folder="pages")
            for name, url in pages:
                response = person.page.goto(url)
                assert response.status == 200, f"{username} {url}: {response.status}"
                person.shot(f"{size}-{username}-{name}")
                width = person.page.evaluate("document.documentElement.scrollWidth")
                # The site's own pages fit the screen; the admin is a laptop tool.
                if not url.startswith("/admin/") and width > viewport["width"]:
                    overflowing.append(f"{size} px {username} {url}: {width} px wide")
            person.close()
    assert not overflowing, "\n".join(overflowing)
