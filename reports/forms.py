from django import forms
from django.utils import timezone

from agreements.models import Roadmap
from cooperation.periods import HALF_LABELS, QUARTER_LABELS, REPORT_YEAR_MAX, REPORT_YEAR_MIN
from reports.documents import ReportKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="Документ", choices=ReportKind.choices)
    year = forms.IntegerField(label="Год", min_value=REPORT_YEAR_MIN, max_value=REPORT_YEAR_MAX)
    quarter = forms.TypedChoiceField(
        label="Квартал", choices=QUARTER_LABELS, coerce=int, required=False, empty_value=None
    )
    half = forms.TypedChoiceField(
        label="Полугодие", choices=HALF_LABELS, coerce=int, required=False, empty_value=None
    )
    roadmap = forms.ModelChoiceField(
        label="«Дорожная карта»",
        queryset=Roadmap.objects.select_related("region"),
        required=False,
        empty_label="— выберите —",
    )
    draft = forms.BooleanField(
        label="Проект: включить непринятые отчёты и показать, чего не хватает", required=False
    )

    def __init__(self, *args, allow_draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if not allow_draft:
            del self.fields["draft"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needs = {
            ReportKind.QUARTERLY: ("quarter", "Выберите квартал."),
            ReportKind.HALF_YEAR: ("half", "Выберите полугодие."),
            ReportKind.PLAN: ("half", "Выберите полугодие плана."),
            ReportKind.ROADMAP: ("roadmap", "Выберите «дорожную карту»."),
        }
        if kind in needs:
            field, message = needs[kind]
            if not data.get(field):
                self.add_error(field, message)
        roadmap, year = data.get("roadmap"), data.get("year")
        if kind == ReportKind.ROADMAP and roadmap and year and year not in roadmap.years:
            self.add_error(
                "year",
                f"«Дорожная карта» рассчитана на {roadmap.start_year}–{roadmap.end_year} годы.",
            )
        if kind not in (ReportKind.QUARTERLY, ReportKind.HALF_YEAR, ReportKind.ANNUAL):
            data["draft"] = False
        return data

    def report_arguments(self):
        data = self.cleaned_data
        return {
            "year": data["year"],
            "quarter": data.get("quarter"),
            "half": data.get("half"),
            "roadmap": data.get("roadmap"),
            "draft": bool(data.get("draft")),
        }
