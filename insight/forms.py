from django import forms
from django.utils import timezone

from cooperation.models import Department, Region
from cooperation.periods import (
    HALF_LABELS,
    REPORT_YEAR_MAX,
    REPORT_YEAR_MIN,
    half_of_quarter,
    last_finished_quarter,
)
from events.models import PlannedEvent, ReportedEvent
from insight.models import MatchDecisionKind
from insight.search import KIND_LABELS, Filters
from insight.services import RESET
from insight.widgets import use_fast_selects

MAX_DASHBOARD_YEARS = 10


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs["class"] = "form-control"
    use_fast_selects(form)


def _year_field(label="Год", required=False):
    return forms.IntegerField(
        label=label,
        min_value=REPORT_YEAR_MIN,
        max_value=REPORT_YEAR_MAX,
        required=required,
        error_messages={
            "min_value": f"Год — не раньше {REPORT_YEAR_MIN}.",
            "max_value": f"Год — не позже {REPORT_YEAR_MAX}.",
            "invalid": "Год — число, например 2024.",
            "required": "Укажите год.",
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Что искать",
        max_length=200,
        required=False,
        error_messages={"max_length": "Запрос — не длиннее %(limit_value)d знаков."},
    )
    kind = forms.ChoiceField(
        label="Где", choices=[("", "везде"), *KIND_LABELS.items()], required=False
    )
    department = forms.ModelChoiceField(
        label="Департамент", queryset=Department.objects.all(), required=False, empty_label="все"
    )
    region = forms.ModelChoiceField(
        label="Субъект РФ", queryset=Region.objects.partners(), required=False, empty_label="все"
    )
    year = _year_field()

    def __init__(self, *args, limited=False, **kwargs):
        super().__init__(*args, **kwargs)
        if limited:
            del self.fields["department"]
        _style(self)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "например: фестиваль, Тверская область"}
        )

    def filters(self):
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind") or None,
            department=data.get("department"),
            region=data.get("region"),
            year=data.get("year"),
        )


def default_half():
    """The half-year of the last finished quarter: the one whose reports are coming in."""
    year, quarter = last_finished_quarter(timezone.localdate())
    return year, half_of_quarter(quarter)


class PlanVsFactForm(forms.Form):
    year = _year_field(required=True)
    half = forms.TypedChoiceField(
        label="Полугодие",
        choices=HALF_LABELS,
        coerce=int,
        error_messages={"required": "Выберите полугодие.", "invalid_choice": "Выберите I или II."},
    )
    department = forms.ModelChoiceField(
        label="Департамент", queryset=Department.objects.all(), required=False, empty_label="все"
    )

    def __init__(self, data=None, *, limited=False):
        year, half = default_half()
        if data is not None and not data.get("year") and not data.get("half"):
            data = None  # the page opened without a period: show the current half-year
        super().__init__(data, initial={"year": year, "half": half})
        if limited:
            del self.fields["department"]
        _style(self)

    def period(self):
        if self.is_bound:
            return self.cleaned_data["year"], self.cleaned_data["half"]
        return self.initial["year"], self.initial["half"]


class MatchDecisionForm(forms.Form):
    planned_event = forms.ModelChoiceField(queryset=PlannedEvent.objects.all())
    reported_event = forms.ModelChoiceField(queryset=ReportedEvent.objects.all())
    decision = forms.ChoiceField(choices=[*MatchDecisionKind.choices, (RESET, "отменить решение")])


class DashboardForm(forms.Form):
    year_from = _year_field("С года")
    year_to = _year_field("по год")

    def __init__(self, data=None, *, years):
        """years: (first, last) year of the data, for the default period of three years."""
        first, last = years or (timezone.localdate().year,) * 2
        default_from = max(first, last - 2)
        if data is not None and not data.get("year_from") and not data.get("year_to"):
            data = None
        super().__init__(data, initial={"year_from": default_from, "year_to": last})
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end:
            if start > end:
                self.add_error("year_to", "Год окончания раньше года начала.")
            elif end - start >= MAX_DASHBOARD_YEARS:
                self.add_error("year_to", f"Выберите не больше {MAX_DASHBOARD_YEARS} лет.")
        elif not self.errors:
            self.add_error(None, "Укажите оба года: с какого и по какой.")
        return data

    def period(self):
        if self.is_bound:
            return self.cleaned_data["year_from"], self.cleaned_data["year_to"]
        return self.initial["year_from"], self.initial["year_to"]
