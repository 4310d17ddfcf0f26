from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

import audit
from cooperation.access import (
    can_review_submissions,
    get_visible_or_404,
    reads_approved_only,
    sees_all_departments,
)
from events.models import ReportedEvent
from reports.builders import ReportError
from reports.cache import (
    PREVIEW,
    DocumentSpec,
    data_version,
    forget_build,
    order_build,
    preview_html,
    read_preview,
)
from reports.exports import build_percent, document_response, report_download
from reports.forms import ReportForm
from reports.models import DocumentBuild, DocumentStatus, Submission
from reports.renderers import RENDERERS


def _consolidated_reader(user):
    if not sees_all_departments(user):
        # Consolidated documents hold every department's rows; staff see only their own.
        raise PermissionDenied("Сводные отчёты доступны координаторам и руководству.")


@login_required
def report_index(request):
    """Choose a document and a period, see it on screen, download DOCX or XLSX."""
    _consolidated_reader(request.user)
    form = ReportForm(request.GET or None, allow_draft=can_review_submissions(request.user))
    preview, is_draft = None, False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        spec = DocumentSpec.of(
            data["kind"],
            year=data["year"],
            quarter=data.get("quarter"),
            half=data.get("half"),
            roadmap=data.get("roadmap"),
        )
        is_draft = bool(data.get("draft"))
        fmt = request.GET.get("format")
        try:
            if is_draft:
                # Drafts show rows not yet approved: drawn on each request, never stored.
                table = spec.build_table(draft=True)
                if fmt in RENDERERS:
                    audit.record(audit.Action.EXPORTED, details=f"{fmt}: {request.GET.urlencode()}")
                    return report_download(table, fmt)
                preview = preview_html(table)
            elif fmt in RENDERERS:
                audit.record(audit.Action.EXPORTED, details=f"{fmt}: {request.GET.urlencode()}")
                return document_response(request, spec, fmt)
            else:
                preview = _stored_preview(spec)
        except ReportError as error:
            messages.error(request, str(error))
    return render(
        request,
        "reports/report_index.html",
        {"form": form, "preview": preview, "is_draft": is_draft},
    )


def _stored_preview(spec):
    """The preview of approved data as stored for this version (built now if it is not)."""
    version = data_version(spec)
    build = order_build(spec, PREVIEW, version)
    if build.status == DocumentStatus.READY:
        try:
            return read_preview(build)
        except FileNotFoundError:
            forget_build(build)
            return preview_html(spec.build_table())
    if build.status == DocumentStatus.FAILED:
        raise ReportError(build.error)
    # Another request is storing this very preview: draw the first rows for this one.
    return preview_html(spec.build_table())


@login_required
def document_status(request, pk):
    """How far a document's build has got, for the «документ готовится» page."""
    _consolidated_reader(request.user)
    build = get_object_or_404(DocumentBuild, pk=pk)
    return JsonResponse(
        {
            "status": build.status,
            "label": build.get_status_display(),
            "percent": build_percent(build),
            "error": build.error,
        },
        headers={"Cache-Control": "no-store"},
    )


@login_required
def submission_detail(request, pk):
    submissions = Submission.objects.with_details()
    if reads_approved_only(request.user):
        # A report not yet approved is a draft: officials read approved quarters only.
        submissions = submissions.approved()
    submission = get_visible_or_404(submissions, request.user, pk=pk)
    events = (
        ReportedEvent.objects.with_details()
        .in_quarter(submission.year, submission.quarter)
        .for_department(submission.department)
        .in_report_order()
    )
    history = submission.history.select_related("by")
    return render(
        request,
        "reports/submission_detail.html",
        {"submission": submission, "events": events, "history": history},
    )
