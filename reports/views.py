from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cooperation.access import (
    can_review_submissions,
    get_visible_or_404,
    reads_approved_only,
    sees_all_departments,
)
from events.models import ReportedEvent
from reports.builders import ReportError, build_report
from reports.exports import report_download
from reports.forms import ReportForm
from reports.models import Submission
from reports.renderers import RENDERERS, render_html

PREVIEW_ROWS = 1000


@login_required
def report_index(request):
    """Choose a document and a period, see it on screen, download DOCX or XLSX."""
    if not sees_all_departments(request.user):
        # Consolidated documents hold every department's rows; staff see only their own.
        raise PermissionDenied("Сводные отчёты доступны координаторам и руководству.")
    allow_draft = can_review_submissions(request.user)
    form = ReportForm(request.GET or None, allow_draft=allow_draft)
    table_html, table = None, None
    if form.is_bound and form.is_valid():
        try:
            table = build_report(form.cleaned_data["kind"], **form.report_arguments())
        except ReportError as error:
            messages.error(request, str(error))
        else:
            fmt = request.GET.get("format")
            if fmt in RENDERERS:
                return report_download(table, fmt)
            rows = table.materialize()
            preview = table
            if len(rows) > PREVIEW_ROWS:
                # A browser page of 50,000 rows helps nobody; the files hold every row.
                preview = replace(table, rows=rows[:PREVIEW_ROWS])
                messages.info(
                    request,
                    f"На экране первые {PREVIEW_ROWS} строк из {len(rows)}; "
                    "в файлах DOCX и XLSX — все.",
                )
            table_html = render_html(preview)
    return render(
        request,
        "reports/report_index.html",
        {"form": form, "table": table, "table_html": table_html},
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
