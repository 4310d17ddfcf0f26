"""What the simulated officials and staff do (run by devtools/loadtest/runner.py).

Request names start with the group the runner reports on: «download:» is what an official
waits for a file, from the first request until the file arrives, made of «file:» requests and,
while the document is being prepared, «poll:» requests of its status; «page:» an ordinary page;
«write:» a staff member's save. Staff browse the pages of a department's working day; the
bench year's quarter lists (625 rows a department, far beyond real reports) are left out.
The config (sessions, periods, rows) comes from the seed command through LOADTEST_CONFIG.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task
from requests.cookies import create_cookie

from devtools.loadtest.htmlforms import form_fields

CONFIG = json.loads(Path(os.environ["LOADTEST_CONFIG"]).read_text(encoding="utf-8"))
SAMPLES = Path(os.environ["LOADTEST_SAMPLES"])
WRITES = Path(os.environ["LOADTEST_WRITES"])
REQUEST_TIMEOUT = 120  # seconds; a slower answer counts as an error
DOWNLOAD_WAIT = 120  # seconds an official waits for a document being prepared
DOCUMENT_TYPES = ("officedocument", "octet-stream")
FORM = "application/x-www-form-urlencoded"
STATUS_URL = re.compile(r'data-status-url="([^"]+)"')

_officials = itertools.cycle(CONFIG["officials"])
_staff = itertools.cycle(CONFIG["staff"])
_samples = SAMPLES.open("a", encoding="utf-8")
_writes = WRITES.open("a", encoding="utf-8")


@events.request.add_listener
def _record(
    request_type, name, response_time, response_length, response=None, exception=None, **kwargs
):
    status = getattr(response, "status_code", 0) or 0
    _samples.write(
        json.dumps(
            {
                "name": name,
                "ms": round(response_time, 1),
                "at": round(time.time(), 2),
                "status": status,
                "error": None if exception is None else str(exception)[:200],
            },
            ensure_ascii=False,
        )
        + "\n"
    )


@events.quitting.add_listener
def _flush(environment, **kwargs):
    _samples.flush()
    _writes.flush()


class PortalUser(FastHttpUser):
    """A signed-in user (the session was made by the seed command). geventhttpclient rather
    than requests: fifty users reading megabytes of documents must not use up the processor
    the server is measured on."""

    abstract = True
    wait_time = between(1, 3)
    network_timeout = REQUEST_TIMEOUT
    connection_timeout = 10
    pool = None

    def on_start(self):
        self.account = next(self.pool)
        host = self.host.split("//", 1)[1].split(":", 1)[0]
        self.client.cookiejar.set_cookie(
            create_cookie("sessionid", self.account["session"], domain=host)
        )

    def page(self, name, url, **kwargs):
        # No redirects followed: a page that sends the user to log in is a failure.
        with self.client.get(
            url, name=f"page: {name}", allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response

    def download(self, name, params):
        """One document as an official gets it: while the page says «документ готовится», its
        script asks the status URL, then fetches the file (what the browser does)."""
        started, size, error = time.perf_counter(), 0, None
        while error is None:
            with self.client.get(
                "/reports/",
                params=params,
                name=f"file: {name}",
                catch_response=True,
            ) as response:
                kind = response.headers.get("Content-Type", "")
                if response.status_code == 200 and any(t in kind for t in DOCUMENT_TYPES):
                    size = len(response.content)
                    response.success()
                    break
                if response.status_code == 202:
                    response.success()
                    error = self.wait_for_build(name, response.text, started)
                    continue
                error = RuntimeError(f"HTTP {response.status_code} ({kind})")
                response.failure(error)
        events.request.fire(
            request_type="GET",
            name=f"download: {name}",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=size,
            exception=error,
            context={},
        )

    def wait_for_build(self, name, page, started):
        """Poll the build's status as document-build.js does; None once it is ready."""
        found = STATUS_URL.search(page)
        if found is None:
            return RuntimeError("на странице «документ готовится» нет адреса состояния")
        while time.perf_counter() - started < DOWNLOAD_WAIT:
            time.sleep(1.5)
            with self.client.get(
                found.group(1),
                name=f"poll: {name}",
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                    return RuntimeError(f"состояние: HTTP {response.status_code}")
                status = response.json()["status"]
                if status == "ready":
                    return None
                if status == "failed":
                    return RuntimeError("документ не подготовлен")
        return RuntimeError(f"документ не готов за {DOWNLOAD_WAIT} с")


YEAR = CONFIG["year"]
QUARTERLY = {"kind": "quarterly", "year": YEAR, "quarter": 1}
ANNUAL = {"kind": "annual", "year": YEAR}


class QuarterOfficial(PortalUser):
    """Scenario A: the day a quarter is approved, officials fetch it again and again."""

    pool = _officials

    @task
    def quarterly_xlsx(self):
        self.download("quarterly xlsx", {**QUARTERLY, "format": "xlsx"})

    @task
    def quarterly_docx(self):
        self.download("quarterly docx", {**QUARTERLY, "format": "docx"})

    @task
    def annual_xlsx(self):
        self.download("annual xlsx", {**ANNUAL, "format": "xlsx"})


class BrowsingStaff(PortalUser):
    """Scenario A: staff read their pages meanwhile."""

    pool = _staff

    @task(3)
    def home(self):
        self.page("home", "/")

    @task(2)
    def current_report(self):
        current = CONFIG["current"]
        self.page("report list", f"/events/report/{current['year']}/{current['quarter']}/")

    @task
    def event(self):
        self.page("event", f"/events/reported/{self.account['bench_event']}/")

    @task
    def agreements(self):
        self.page("agreements", "/agreements/")

    @task
    def agreement(self):
        self.page("agreement", f"/agreements/{random.choice(CONFIG['agreement_slugs'])}/")

    @task
    def regions(self):
        self.page("regions", "/regions/")

    @task
    def region(self):
        self.page("region", f"/regions/{random.choice(CONFIG['regions'])}/")


class BrowsingOfficial(PortalUser):
    """Scenario B: officials read, look for things, look at reports and download them."""

    pool = _officials

    @task(2)
    def home(self):
        self.page("home", "/")

    @task(2)
    def agreements(self):
        self.page("agreements", "/agreements/")

    @task(2)
    def agreement(self):
        self.page("agreement", f"/agreements/{random.choice(CONFIG['agreement_slugs'])}/")

    @task
    def region(self):
        self.page("region", f"/regions/{random.choice(CONFIG['regions'])}/")

    @task
    def roadmap(self):
        self.page("roadmap", f"/agreements/roadmaps/{CONFIG['roadmap']}/")

    @task(2)
    def search(self):
        if CONFIG.get("search_url"):
            word = random.choice(("выставка", "форум", "культура", "спорт", "Брянская"))
            self.page("search", CONFIG["search_url"], params={"q": word})

    @task(2)
    def report_preview(self):
        self.page("report preview", "/reports/", params=random.choice((QUARTERLY, ANNUAL)))

    @task
    def quarterly_xlsx(self):
        self.download("quarterly xlsx", {**QUARTERLY, "format": "xlsx"})

    @task
    def quarterly_docx(self):
        self.download("quarterly docx", {**QUARTERLY, "format": "docx"})

    @task
    def annual_xlsx(self):
        self.download("annual xlsx", {**ANNUAL, "format": "xlsx"})

    @task
    def annual_docx(self):
        self.download("annual docx", {**ANNUAL, "format": "docx"})


class EditingStaff(PortalUser):
    """Scenario B: staff add and correct rows of the current quarter, then send the report."""

    pool = _staff

    def on_start(self):
        super().on_start()
        current = CONFIG["current"]
        self.year, self.quarter = current["year"], current["quarter"]
        self.list_url = f"/events/report/{self.year}/{self.quarter}/"
        self.created = 0
        self.submit_after = random.randint(3, 8)  # picks of the submit task, about 1–3 minutes
        self.submitted = False

    def acknowledge(self, **write):
        _writes.write(json.dumps({"user": self.account["username"], **write}) + "\n")

    def post_form(self, name, url, changes, success):
        """GET the form, change some fields, POST it; True if the server confirmed the save."""
        page = self.page(f"{name} form", url)
        fields = form_fields(page.text, "title") if page.status_code == 200 else None
        if fields is None:
            return False
        data = [(k, v) for k, v in fields if k not in changes]
        for key, value in changes.items():
            data += [(key, v) for v in (value if isinstance(value, list) else [value])]
        with self.client.post(
            url,
            data=urlencode(data),
            name=f"write: {name}",
            headers={"Referer": self.host + url, "Content-Type": FORM},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return False
            if success not in response.text:
                # Refused with a message (a closed quarter, a stale form): not an error of the
                # server, and not a confirmed write.
                response.success()
                return False
            return True

    @task(3)
    def read_list(self):
        self.page("report list", self.list_url)

    @task(2)
    def create(self):
        if self.submitted:
            return
        self.created += 1
        title = f"{CONFIG['title_mark']} {self.account['username']}, новое {self.created}"
        changes = {
            "title": title,
            "agreements": [str(random.choice(CONFIG["agreements"]))],
            "timing_text": CONFIG["current"]["timing"],
            "venue": "г. Смоленск",
            "participants": "Представители регионов",
            "held": "on",
        }
        if self.post_form("create", f"{self.list_url}add/", changes, "Мероприятие добавлено"):
            self.acknowledge(kind="create", title=title)

    @task(3)
    def edit(self):
        if self.submitted:
            return
        pk = random.choice(self.account["events"])
        title = f"{CONFIG['title_mark']} {self.account['username']}, правка {time.time_ns()}"
        if self.post_form("edit", f"/events/reported/{pk}/edit/", {"title": title}, "сохранены"):
            self.acknowledge(kind="edit", pk=pk, title=title)

    @task
    def submit(self):
        self.submit_after -= 1
        if self.submitted or self.submit_after > 0:
            return
        page = self.page("report list", self.list_url)
        fields = form_fields(page.text, "csrfmiddlewaretoken") if page.status_code == 200 else None
        url = f"{self.list_url}submit/"
        token = dict(fields or {}).get("csrfmiddlewaretoken", "")
        with self.client.post(
            url,
            data=urlencode({"csrfmiddlewaretoken": token}),
            name="write: submit",
            headers={"Referer": self.host + self.list_url, "Content-Type": FORM},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            self.submitted = True
            if "отправлен на проверку" in response.text:
                self.acknowledge(
                    kind="submit",
                    department=self.account["department"],
                    year=self.year,
                    quarter=self.quarter,
                )


def _counts():
    for name, count in json.loads(os.environ.get("LOADTEST_USERS", "{}")).items():
        globals()[name].fixed_count = count


_counts()
