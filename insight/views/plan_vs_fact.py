"""Plan versus fact for a half-year: the page, its DOCX/XLSX, and a coordinator's decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from insight.access import can_decide_matches, limited_to_own_department
from insight.builders import plan_vs_fact_report
from insight.forms import MatchDecisionForm, PlanVsFactForm
from insight.matching import OUTCOME_LABELS, UNPLANNED, UNPLANNED_LABEL, PlanVsFact
from insight.models import MatchDecisionKind
from insight.services import match_decide as decide
from reports.exports import report_download
from reports.renderers import RENDERERS

PAGE_SIZE = 40


@login_required
def plan_vs_fact(request):
    limited = limited_to_own_department(request.user)
    form = PlanVsFactForm(request.GET or None, limited=limited)
    context = {"form": form, "limited": limited}
    if not form.is_bound or form.is_valid():
        year, half = form.period()
        department = None if limited or not form.is_bound else form.cleaned_data["department"]
        summary = PlanVsFact(user=request.user, year=year, half=half, department=department)
        fmt = request.GET.get("format")
        if fmt in RENDERERS:
            return report_download(plan_vs_fact_report(summary), fmt)
        show = request.GET.get("show", "")
        if show not in (*OUTCOME_LABELS, UNPLANNED):
            show = ""
        counts = summary.counts()
        if show == UNPLANNED:
            page = Paginator(summary.unplanned, PAGE_SIZE).get_page(request.GET.get("page"))
            rows = list(summary.unplanned_rows(page.object_list)) if page.paginator.count else []
        else:
            page = Paginator(summary.planned_for(show), PAGE_SIZE).get_page(request.GET.get("page"))
            rows = list(summary.planned_rows(page.object_list)) if page.paginator.count else []
            if can_decide_matches(request.user):
                summary.propose(rows)
        context.update(
            summary=summary,
            counts=[(key, OUTCOME_LABELS[key], n) for key, n in counts.items()],
            total=sum(counts.values()),
            unplanned_count=summary.unplanned_count(),
            unplanned_label=UNPLANNED_LABEL,
            show=show,
            page_obj=page,
            rows=rows,
            can_decide=can_decide_matches(request.user),
            confirm=MatchDecisionKind.CONFIRMED,
            reject=MatchDecisionKind.REJECTED,
        )
    return render(request, "insight/plan_vs_fact.html", context)


@login_required
@require_POST
def match_decide(request):
    if not can_decide_matches(request.user):
        raise PermissionDenied("Сопоставлять план и отчёты могут только координаторы.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    form = MatchDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Мероприятие плана или отчёта не найдено; обновите страницу.")
        return redirect(back or "insight:plan_vs_fact")
    data = form.cleaned_data
    try:
        decision = decide(
            by=request.user,
            planned_event=data["planned_event"],
            reported_event=data["reported_event"],
            decision=data["decision"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision is None:
            messages.info(request, "Решение отменено: соответствие снова предлагается.")
        elif decision.decision == MatchDecisionKind.CONFIRMED:
            messages.success(request, "Соответствие подтверждено.")
        else:
            messages.info(request, "Соответствие отклонено и больше не предлагается.")
    return redirect(back or "insight:plan_vs_fact")
