"""Every page speaks Russian: a Russian <title> and no English interface words, for every role.

The site's pages come from the role × URL walk of tests/test_url_access.py; the admin's from
its registry (each model's list, a record, its history, the add form where allowed, the import
and export pages) walked as a coordinator and as an official. A page that answers anything but
200 to a role is that walk's business, not this one's.
"""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import NoReverseMatch, path, reverse

from config import urls as project_urls
from cooperation import roles
from cooperation.templatetags import access as access_tags
from tests.factories import UserFactory
from tests.test_url_access import EXPECTED, ROLES, site  # noqa: F401

pytestmark = pytest.mark.django_db

# Words of Django's, the admin's and its add-ons' interface that show when a translation is
# missing. Whole words, case as the English interface writes them.
ENGLISH_UI_WORDS = [
    "Action",
    "Actions",
    "Add",
    "All",
    "Back",
    "Cancel",
    "Change",
    "Choose",
    "Clear",
    "Close",
    "Date",
    "Delete",
    "Django",
    "Download",
    "Edit",
    "Error",
    "Export",
    "Filter",
    "False",
    "Forbidden",
    "Go",
    "Hide",
    "History",
    "Home",
    "Import",
    "Log in",
    "Log out",
    "Logout",
    "Next",
    "No",
    "None",
    "Not Found",
    "Now",
    "Page",
    "Pagination",
    "Password",
    "Please",
    "Previous",
    "Recover",
    "Remove",
    "Run",
    "Save",
    "Search",
    "Select",
    "Server Error",
    "Show",
    "Submit",
    "Today",
    "Toggle",
    "True",
    "Unknown",
    "Upload",
    "Username",
    "View",
    "Welcome",
    "Yes",
    "breadcrumb",
    "by",
    "entries",
    "of",
    "results",
    "selected",
    "the",
]
# Code that leaks into the page: class names (ReportedEventResource), field names (all_regions).
IDENTIFIER = r"[A-Z][a-z]+[A-Z][A-Za-z]*|[a-z]+_[a-z_]+"
ENGLISH = re.compile(
    r"(?<![\w-])(?:" + "|".join([*map(re.escape, ENGLISH_UI_WORDS), IDENTIFIER]) + r")(?![\w-])"
)
# Russian that was wrong on these pages once: a translation's slip and a doubled phrase.
TYPOS = [
    "Паджинация",
    "удаленный мероприяти",
    "загружен из документа: Загружен из документа",
    "«Дорожная карта» с Санкт-Петербурга",
]
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# Attributes people read (tooltips, placeholders, screen readers, button captions).
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class _Text(HTMLParser):
    """What a person reads on the page: text outside scripts and styles, and read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.title, self._skip, self._in_title = [], "", 0, False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "title":
            self._in_title = True
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def language_problems(html):
    """The page's problems: a title that is not Russian, English interface words."""
    parser = _Text()
    parser.feed(html)
    problems = []
    title = " ".join(parser.title.split())
    if not CYRILLIC.search(title) or ENGLISH.search(title):
        problems.append(f"title «{title}»")
    text = " ".join(" ".join(parser.parts).split())
    problems.extend(f"typo «{typo}»" for typo in TYPOS if typo.casefold() in text.casefold())
    for part in parser.parts:
        for match in ENGLISH.finditer(part):
            around = " ".join(part[max(0, match.start() - 30) : match.end() + 30].split())
            problems.append(f"«{match.group()}» in «{around}»")
    return sorted(set(problems))


def _html_pages(responses):
    """Whole pages; htmx fragments (the timing preview) have no title of their own."""
    for label, response in responses:
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            if "<html" in html:
                yield label, html


def test_the_check_finds_an_english_title_and_english_words():
    page = (
        "<html><head><title>Select user to change</title><script>var Save;</script></head>"
        "<body><p>Выберите</p><input type='submit' value='Save'><a title='Filter by date'>"
        "</a></body></html>"
    )
    assert language_problems(page) == [
        "title «Select user to change»",
        "«Filter» in «Filter by date»",
        "«Save» in «Save»",
        "«by» in «Filter by date»",
    ]
    assert language_problems("<title>Главная — портал</title><p>Скачать DOCX и XLSX</p>") == []


def test_every_site_page_as_every_role_is_in_russian(site):  # noqa: F811
    responses = []
    for name in EXPECTED:
        for role in ROLES:
            label = f"{name} as {role}"
            responses.append((label, site.clients[role].get(site.urls[name], follow=True)))
    problems = [
        f"{label}: {problem}"
        for label, html in _html_pages(responses)
        for problem in language_problems(html)
    ]
    assert not problems, "\n".join(problems)


def _admin_urls():
    """Every admin page a coordinator works with, built from the admin's registry."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:app_list", args=[info[0]]))
        for view in ("changelist", "add", "recoverlist", "import", "export", "completeness"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse("admin:{}_{}_{}".format(*info, view)))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            for view in ("change", "history", "delete"):
                urls.append(reverse("admin:{}_{}_{}".format(*info, view), args=[obj.pk]))
    return urls


@pytest.mark.parametrize("role", [roles.COORDINATOR, roles.OFFICIAL])
def test_every_admin_page_is_in_russian(site, client, role):  # noqa: F811
    client.force_login(UserFactory(role=role, is_staff=True))
    responses = [(url, client.get(url)) for url in _admin_urls()]
    assert sum(1 for _ in _html_pages(responses)) > 20, "the walk reached too few admin pages"
    problems = [
        f"{url}: {problem}"
        for url, html in _html_pages(responses)
        for problem in language_problems(html)
    ]
    assert not problems, "\n".join(problems)


# --- Error pages ----------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("сломалось")


def _denied(request):
    raise PermissionDenied("Изменять план может только сотрудник департамента.")


# The project's URLs, its error handlers, and two pages that fail on purpose.
urlpatterns = [
    *project_urls.urlpatterns,
    path("test-boom/", _boom),
    path("test-denied/", _denied),
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def _error_page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert language_problems(html) == []
    assert 'href="/"' in html and "Вернуться назад" in html
    return html


@pytest.mark.urls(__name__)
def test_a_missing_page_is_a_russian_404_in_the_sites_frame_with_the_menu(client, settings):
    settings.DEBUG = False
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    html = _error_page(client.get("/no-such-page/"), 404)
    assert "Страница не найдена" in html
    assert reverse("agreements:agreement_list") in html  # the menu
    # Django's own words («No Region matches the given query») stay off the page.
    html = _error_page(client.get(reverse("cooperation:region_detail", args=[99999])), 404)
    assert "matches" not in html


@pytest.mark.urls(__name__)
def test_a_forbidden_page_says_why_in_russian(client, settings):
    settings.DEBUG = False
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    html = _error_page(client.get("/test-denied/"), 403)
    assert "Нет доступа" in html
    assert "Изменять план может только сотрудник департамента." in html


@pytest.mark.urls(__name__)
def test_a_server_error_is_a_russian_500_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    html = _error_page(client.get("/test-boom/"), 500)
    assert "На сервере произошла ошибка" in html
    assert "сломалось" not in html  # the exception's text is for the log, not the page


@pytest.mark.urls(__name__)
def test_the_500_page_is_drawn_without_the_menu_when_the_menu_itself_fails(
    client, settings, monkeypatch, caplog
):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))

    def broken(user):
        raise RuntimeError("база данных недоступна")

    monkeypatch.setattr(access_tags.register, "filters", {**access_tags.register.filters})
    access_tags.register.filters["sees_all_departments"] = broken
    html = _error_page(client.get("/test-boom/"), 500)
    assert "На сервере произошла ошибка" in html
    assert reverse("agreements:agreement_list") not in html  # no menu this time
    assert "не нарисовалась с меню" in caplog.text


def test_a_stale_form_gets_a_russian_page_not_djangos_csrf_page(client, settings):
    settings.DEBUG = False
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    html = _error_page(csrf_client.post(reverse("logout")), 403)
    assert "Форму не удалось отправить" in html
