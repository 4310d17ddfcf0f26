"""Error pages in the site's frame and in Russian: what happened, the menu, a way back.

They are drawn with the request, so the menu knows who is looking. The 500 page falls back to
drawing without it when that fails too (the database may be what broke): then there is no menu,
but still a Russian page with a way back.
"""

import logging

from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

_CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def _message(exception):
    """The exception's own words when they are the portal's (Russian); Django's are English or
    technical («No Region matches the given query»), and the page's own text says it better."""
    text = exception.args[0] if exception is not None and exception.args else ""
    return text if isinstance(text, str) and _CYRILLIC & set(text.lower()) else ""


def _page(request, template_name, status, exception=None):
    body = loader.render_to_string(template_name, {"message": _message(exception)}, request)
    return HttpResponse(body, status=status)


def bad_request(request, exception):
    return _page(request, "errors/400.html", 400, exception)


def permission_denied(request, exception):
    return _page(request, "errors/403.html", 403, exception)


def page_not_found(request, exception):
    return _page(request, "errors/404.html", 404, exception)


def server_error(request):
    try:
        body = loader.render_to_string("errors/500.html", {}, request)
    except Exception:
        logger.exception("Страница ошибки 500 не нарисовалась с меню; показана без него")
        body = loader.render_to_string("errors/500.html", {})
    return HttpResponse(body, status=500)


def csrf_failure(request, reason=""):
    """A form sent from a page open too long (its token expired) or with cookies blocked."""
    return _page(request, "errors/403_csrf.html", 403)
