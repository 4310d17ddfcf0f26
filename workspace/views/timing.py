"""The live check of a timing phrase under the plan's and the report's forms."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cooperation.periods import is_known_wording
from workspace import rules
from workspace.forms import TimingPreviewForm
from workspace.views._rows import error_text


@login_required
@require_GET
def timing_preview(request):
    """What the timing phrase means: an htmx fragment under the field."""
    form = TimingPreviewForm(request.GET)
    context = {"parsed": None, "error": "", "recognised": True}
    if not form.is_valid():
        context["error"] = "Не удалось проверить сроки."
    elif form.cleaned_data["timing_text"].strip():
        data = form.cleaned_data
        try:
            if data.get("quarter"):
                parsed = rules.parse_report_timing(
                    data["timing_text"], year=data["year"], quarter=data["quarter"]
                )
            else:
                parsed = rules.parse_plan_timing(
                    data["timing_text"], year=data["year"], half=data["half"]
                )
        except ValidationError as error:
            context["error"] = error_text(error)
        else:
            context["parsed"] = parsed
            context["recognised"] = parsed.is_exact or is_known_wording(data["timing_text"])
    return render(request, "workspace/_timing_preview.html", context)
