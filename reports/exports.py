"""Turning a built report into an HTTP download (shared by the reports page and the admin)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from reports.renderers import CONTENT_TYPES, RENDERERS


def report_download(table, fmt):
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    RENDERERS[fmt](table, response)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{table.filename}.{fmt}"
    )
    return response
