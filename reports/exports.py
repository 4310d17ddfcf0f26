"""Documents as HTTP downloads (shared by the reports page and the admin): drafts drawn on
request, documents of approved data served from storage (reports.cache)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date

from reports.cache import data_version, forget_build, order_build
from reports.models import DocumentStatus
from reports.renderers import CONTENT_TYPES, RENDERERS

# The browser asks again each time (no-cache) and gets a 304 while the version is the same;
# private: the file is for signed-in readers only, never for a shared cache.
CACHE_CONTROL = "private, no-cache"
# Seconds between two looks of a waiting page without JavaScript.
REFRESH_SECONDS = 3


def report_download(table, fmt):
    """A document drawn now (drafts): never stored, never the same twice."""
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    RENDERERS[fmt](table, response)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{table.filename}.{fmt}"
    )
    return response


def stored_download(request, build):
    """The stored file, streamed; 304 when the browser already holds this version."""
    headers = HttpResponse()
    headers["ETag"] = f'"{build.version}"'
    headers["Last-Modified"] = http_date(build.finished_at.timestamp())
    headers["Cache-Control"] = CACHE_CONTROL
    answer = get_conditional_response(
        request,
        etag=headers["ETag"],
        last_modified=int(build.finished_at.timestamp()),
        response=headers,
    )
    if answer is not headers:
        return answer
    response = FileResponse(
        default_storage.open(build.file.name, "rb"),
        as_attachment=True,
        filename=build.filename,
        content_type=CONTENT_TYPES[build.format],
    )
    for name in ("ETag", "Last-Modified", "Cache-Control"):
        response[name] = headers[name]
    return response


def document_response(request, spec, fmt):
    """A document of approved data: from storage if this version is built, else built now
    (small) or by the worker (large) while the reader sees «документ готовится»."""
    version = data_version(spec)
    build = order_build(spec, fmt, version)
    if build.status == DocumentStatus.READY:
        try:
            return stored_download(request, build)
        except FileNotFoundError:
            # The storage lost the file (a volume replaced, a cleanup): build it again.
            forget_build(build)
            build = order_build(spec, fmt, version)
            if build.status == DocumentStatus.READY:
                return stored_download(request, build)
    return build_page(request, build)


def build_page(request, build):
    """«Документ готовится» with its progress (202), or why it failed (503)."""
    failed = build.status == DocumentStatus.FAILED
    response = render(
        request,
        "reports/document_build.html",
        {
            "build": build,
            "failed": failed,
            "percent": build_percent(build),
            "refresh_seconds": REFRESH_SECONDS,
            "status_url": reverse("reports:document_status", args=[build.pk]),
        },
        status=503 if failed else 202,
    )
    response["Cache-Control"] = "no-store"
    if failed:
        response["Retry-After"] = "30"
    return response


def build_percent(build):
    if build.status == DocumentStatus.READY:
        return 100
    if not build.rows_expected:
        return 0
    # Never 100 before the file is stored: the last rows and the zip take a moment too.
    return min(99, 100 * build.rows_done // build.rows_expected)
