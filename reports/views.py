from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cooperation.access import get_visible_or_404
from events.models import ReportedEvent
from reports.models import Submission


@login_required
def submission_detail(request, pk):
    submission = get_visible_or_404(Submission.objects.with_details(), request.user, pk=pk)
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
