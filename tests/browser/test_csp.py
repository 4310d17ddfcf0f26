"""The admin and the portal's pages work under the Content-Security-Policy: a real browser opens
each kind of page, uses its widgets, and reports no violation (chromium through Playwright, with
the browser and the skip rule of tests/browser/conftest.py)."""

import pytest

from cooperation import roles
from cooperation.models import Department
from reports.models import SubmissionStatus
from tests.browser.conftest import PASSWORD
from tests.factories import ReportedEventFactory, StaffFactory, SubmissionFactory, UserFactory

# The live server runs in another thread, so the test needs real commits; the serialized
# rollback brings back the reference data that migrations load, for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Every violation the page reports, in its own words, collected before any script of ours runs.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__csp = window.__csp || []).push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sample || ""} @${e.sourceFile}:${e.lineNumber}`);
});"""


class Visitor:
    def __init__(self, browser, base_url, username, login_path):
        self.context = browser.new_context(base_url=base_url, locale="ru-RU")
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.problems = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        self.page.goto(login_path)
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("form button, form input[type=submit]").first.click()
        self.page.wait_for_url(lambda url: "/login/" not in url)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def visit(self, path):
        response = self.page.goto(path)
        assert response.status < 400, f"{path}: {response.status}"
        self.page.wait_for_load_state("networkidle")
        self.collect(path)

    def collect(self, where):
        for violation in self.page.evaluate("window.__csp || []"):
            self.problems.append(f"{where}: {violation}")


def test_admin_and_portal_pages_run_under_the_csp_without_a_violation(browser, live_server, demo):
    culture = Department.objects.get(name="Департамент Смоленской области по культуре")
    StaffFactory(username="culture", password=PASSWORD, department=culture)
    UserFactory(username="coordinator", password=PASSWORD, role=roles.COORDINATOR, is_staff=True)
    event = ReportedEventFactory(department=culture, year=2020, quarter=3)
    submission = SubmissionFactory(
        department=culture, year=2021, quarter=1, status=SubmissionStatus.SUBMITTED
    )

    coordinator = Visitor(browser, live_server.url, "coordinator", "/admin/login/")
    for path in (
        "/admin/",
        "/admin/cooperation/region/",
        "/admin/cooperation/region/add/",
        "/admin/cooperation/department/",
        "/admin/agreements/agreement/",
        "/admin/agreements/roadmap/1/change/",
        "/admin/events/plannedevent/",
        "/admin/events/reportedevent/?year=2020",
        f"/admin/events/reportedevent/{event.pk}/change/",
        f"/admin/events/reportedevent/{event.pk}/history/",
        "/admin/events/reportedevent/export/",
        "/admin/events/reportedevent/import/",
        "/admin/reports/submission/",
        f"/admin/reports/submission/{submission.pk}/change/",
        "/admin/reports/submission/completeness/",
        "/admin/imports/importrecord/upload/",
        "/admin/audit/auditentry/",
        f"/admin/cooperation/region/{demo['roadmap'].region_id}/delete/",
        "/reports/?kind=quarterly&year=2020&quarter=3",
        "/reports/?kind=roadmap&year=2022&roadmap=1",
    ):
        coordinator.visit(path)
    # The admin's widgets: the autocomplete (select2), the calendar, the export's select-all.
    page = coordinator.page
    coordinator.visit("/admin/events/plannedevent/add/")
    page.locator(".field-department .select2-selection").click()
    page.keyboard.type("культ")
    page.locator(".select2-results__option", has_text="по культуре").first.click()
    page.locator(".field-starts_on .datetimeshortcuts a").first.click()
    coordinator.collect("plannedevent add: autocomplete and calendar")
    coordinator.visit("/admin/events/reportedevent/export/")
    page.locator("input.select-toggle").first.click()
    coordinator.collect("export: select all")

    staff = Visitor(browser, live_server.url, "culture", "/accounts/login/")
    for path in ("/", "/events/plan/2022/2/", "/events/report/2020/3/", "/agreements/"):
        staff.visit(path)
    staff.visit("/events/plan/2022/2/add/")
    staff.page.locator("#id_regions-ts-control").fill("Твер")
    staff.page.locator(".ts-dropdown .option", has_text="Тверская область").first.click()
    staff.page.fill("#id_timing_text", "5–6 сентября 2022 года")
    staff.page.wait_for_timeout(800)  # the timing preview answers
    staff.collect("plan form: regions and timing")

    problems = coordinator.problems + staff.problems
    assert not problems, "\n".join(problems)
