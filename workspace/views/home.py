"""The start page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cooperation.access import is_department_staff, sees_all_departments
from workspace import selectors


@login_required
def home(request):
    """Staff see their plan and report; coordinators and officials the way to the whole
    picture."""
    user, today = request.user, timezone.localdate()
    context = {"today": today}
    if is_department_staff(user):
        context.update(selectors.staff_dashboard(user.department_id, today))
    elif sees_all_departments(user):
        context["overview"] = True
        context["awaiting_review"] = selectors.awaiting_review_count()
    return render(request, "workspace/home.html", context)
