from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cooperation.access import get_visible_or_404
from events.models import PlannedEvent, ReportedEvent


@login_required
def planned_event_detail(request, pk):
    event = get_visible_or_404(PlannedEvent.objects.with_details(), request.user, pk=pk)
    return render(request, "events/planned_event_detail.html", {"event": event})


@login_required
def reported_event_detail(request, pk):
    event = get_visible_or_404(ReportedEvent.objects.with_details(), request.user, pk=pk)
    return render(request, "events/reported_event_detail.html", {"event": event})
