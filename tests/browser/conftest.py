"""What the browser tests share: Debian's chromium through Playwright, a person at the browser,
the screenshots folder (artifacts/screenshots/, git-ignored) emptied once per run."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
PASSWORD = "demo-password-1"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Playwright's sync API keeps an event loop in this thread; the ORM calls in the tests are sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    skip = pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("REQUIRE_BROWSER"),
        reason=f"{CHROMIUM} не установлен (apt-get install chromium); "
        "в CI задайте REQUIRE_BROWSER=1, чтобы отсутствие браузера было ошибкой",
    )
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def screenshots():
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser(screenshots):
    # Imported here so that a machine without chromium skips (above) without needing Playwright.
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"REQUIRE_BROWSER задан, а {CHROMIUM} не найден", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Session:
    """One person at the browser: a fresh context, so logging out is closing it."""

    def __init__(self, browser, base_url, username, *, viewport=LAPTOP, folder=""):
        self.context = browser.new_context(
            base_url=base_url, locale="ru-RU", viewport=viewport, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.folder = SCREENSHOTS / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        # Confirmations («Отправить на проверку?») are answered yes.
        self.page.on("dialog", lambda dialog: dialog.accept())
        if username:
            self.page.goto("/")
            self.page.fill("#id_username", username)
            self.page.fill("#id_password", PASSWORD)
            self.page.click("button:has-text('Войти')")
            self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def shot(self, name):
        path = self.folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        self.context.close()


def expect_text(page, text):
    page.get_by_text(text, exact=False).first.wait_for()


@pytest.fixture(autouse=True)
def _browser_reference_data(reference_data):
    """Every live-server test starts with the reference data (see tests/conftest.py)."""
