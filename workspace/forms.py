"""Forms of the department workspace: what staff may pick is limited here; the rules a row must
satisfy are workspace.rules, which services enforce again, so a hand-made POST gets the same
answer as the page. Bootstrap's classes come from the project's FORM_RENDERER."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Agreement
from cooperation.models import Region
from cooperation.periods import HALVES, QUARTERS, REPORT_YEAR_MAX, REPORT_YEAR_MIN
from workspace import rules

_TEXTAREA = {"rows": 2}


def _apply_rule(form, rule, *args):
    """Run a rule of workspace.rules; its error lands on the field the rule names."""
    try:
        rule(*args)
    except ValidationError as error:
        form.add_error(None, error)


def _live_timing(form, period):
    """htmx asks the server what the phrase means while the user types (and on page load)."""
    form.fields["timing_text"].widget.attrs.update(
        {
            "hx-get": reverse("workspace:timing_preview"),
            "hx-trigger": "load, input changed delay:400ms",
            "hx-target": "#timing-preview",
            "hx-vals": json.dumps(period),
            "aria-describedby": "timing-preview",
        }
    )


class AgreementSelect(forms.Select):
    """Each option carries its partner regions, so the page can hide the ones that do not fit."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            ids = " ".join(str(region.pk) for region in instance.regions.all())
            option["attrs"]["data-regions"] = ids
        return option


class OrderedSelectMultiple(forms.SelectMultiple):
    """Selected options first, in their saved order: the browser submits them in DOM order."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        rank = {str(v): i for i, v in enumerate(value)}
        options = [option for _, group, _ in groups for option in group]
        options.sort(key=lambda o: (rank.get(str(o["value"]), len(rank)), o["index"]))
        for position, option in enumerate(options):
            option["index"] = str(position)
        return [(None, options, 0)]


class OrderedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A list in the order the user chose, not the queryset's order."""

    widget = OrderedSelectMultiple

    def clean(self, value):
        queryset = super().clean(value)
        if not value:
            return []
        by_key = {str(obj.pk): obj for obj in queryset}
        return [by_key[str(key)] for key in dict.fromkeys(value) if str(key) in by_key]


def _regions_field(label, help_text=""):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Region.objects.partners(),
        required=False,
        help_text=help_text,
        widget=forms.SelectMultiple(
            attrs={"data-tom-select": "", "data-placeholder": "Начните вводить название…"}
        ),
    )


def _title_field():
    return forms.CharField(
        label="Наименование мероприятия",
        widget=forms.Textarea(_TEXTAREA),
        error_messages={"required": rules.TITLE_REQUIRED},
    )


class PlannedEventForm(forms.Form):
    title = _title_field()
    regions = _regions_field("Субъекты РФ")
    all_regions = forms.BooleanField(label="Все субъекты РФ", required=False)
    regions_note = forms.CharField(
        label="Пояснение вместо перечня субъектов",
        required=False,
        max_length=500,
        help_text="Например: «Субъекты будут определены по итогам конкурсного отбора». "
        "Если поле пусто, в план попадёт перечень выбранных субъектов.",
    )
    agreement = forms.ModelChoiceField(
        label="Соглашение",
        queryset=Agreement.objects.with_regions(),
        required=False,
        empty_label="— без соглашения —",
        widget=AgreementSelect(attrs={"data-agreement-filter": "regions"}),
        help_text="Показаны соглашения с выбранными субъектами.",
    )
    timing_text = forms.CharField(
        label="Сроки проведения",
        max_length=255,
        help_text="Как в документе: «сентябрь», «5–6 октября», «III квартал», "
        "«В течение полугодия».",
    )
    venue = forms.CharField(
        label="Место проведения", required=False, widget=forms.Textarea(_TEXTAREA)
    )
    content = forms.CharField(
        label="Содержание мероприятия", required=False, widget=forms.Textarea(_TEXTAREA)
    )
    participants = forms.CharField(
        label="Участники мероприятия", required=False, widget=forms.Textarea(_TEXTAREA)
    )

    def __init__(self, *args, year, half, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.half = year, half
        self.parsed_period = None
        _live_timing(self, {"year": year, "half": half})

    @classmethod
    def initial_for(cls, event):
        regions = list(event.regions.all())
        automatic = rules.plan_regions_text(regions, event.all_regions, "")
        return {
            "title": event.title,
            "regions": regions,
            "all_regions": event.all_regions,
            "regions_note": "" if event.regions_text == automatic else event.regions_text,
            "agreement": event.agreement,
            "timing_text": event.timing_text,
            "venue": event.venue,
            "content": event.content,
            "participants": event.participants,
        }

    def clean_timing_text(self):
        text = self.cleaned_data["timing_text"]
        try:
            self.parsed_period = rules.parse_plan_timing(text, year=self.year, half=self.half)
        except ValidationError as error:
            raise ValidationError(error.error_dict["timing_text"]) from None
        return text

    def clean(self):
        data = super().clean()
        if data.get("all_regions"):
            data["regions"] = []
        regions = data.get("regions") or []
        all_regions = data.get("all_regions", False)
        _apply_rule(self, rules.check_plan_regions, regions, all_regions, data.get("regions_note"))
        if "agreement" in data:
            _apply_rule(self, rules.check_plan_agreement, data["agreement"], regions, all_regions)
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in self.fields}


class ReportedEventForm(forms.Form):
    title = _title_field()
    agreements = OrderedModelMultipleChoiceField(
        label="Соглашения, в рамках которых проведена работа",
        queryset=Agreement.objects.all(),
        help_text="В порядке, в котором их перечислить в отчёте; хотя бы одно.",
        error_messages={"required": rules.AGREEMENTS_REQUIRED},
    )
    timing_text = forms.CharField(label="Сроки проведения", max_length=255)
    venue = forms.CharField(
        label="Место проведения", required=False, widget=forms.Textarea(_TEXTAREA)
    )
    participants = forms.CharField(
        label="Участники мероприятия",
        required=False,
        widget=forms.Textarea(_TEXTAREA),
        help_text="Представители регионов, другие дополнительные сведения.",
    )
    participants_count = forms.IntegerField(
        label="Общее количество участников", required=False, min_value=0
    )
    regions = _regions_field("Представленные субъекты РФ")
    content = forms.CharField(
        label="Содержание и результат мероприятия",
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    held = forms.BooleanField(label="Мероприятие проведено", required=False, initial=True)
    note = forms.CharField(
        label="Примечание",
        required=False,
        widget=forms.Textarea(_TEXTAREA),
        help_text="Обязательно, если мероприятие не проведено: причина.",
    )

    def __init__(self, *args, year, quarter, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.quarter = year, quarter
        self.parsed_period = None
        self.fields["agreements"].widget.attrs.update(
            {"data-tom-select": "ordered", "data-placeholder": "Выберите соглашения по порядку…"}
        )
        _live_timing(self, {"year": year, "quarter": quarter})

    @classmethod
    def initial_for(cls, event):
        return {
            "title": event.title,
            "agreements": [link.agreement for link in event.agreement_links.all()],
            "timing_text": event.timing_text,
            "venue": event.venue,
            "participants": event.participants,
            "participants_count": event.participants_count,
            "regions": list(event.regions.all()),
            "content": event.content,
            "held": event.held,
            "note": event.note,
        }

    @classmethod
    def initial_from_plan(cls, planned):
        return {
            "title": planned.title,
            "agreements": [planned.agreement] if planned.agreement_id else [],
            "timing_text": planned.timing_text,
            "venue": planned.venue,
            "participants": planned.participants,
            "regions": list(planned.regions.all()),
            "held": True,
        }

    def clean_timing_text(self):
        text = self.cleaned_data["timing_text"]
        try:
            self.parsed_period = rules.parse_report_timing(
                text, year=self.year, quarter=self.quarter
            )
        except ValidationError as error:
            raise ValidationError(error.error_dict["timing_text"]) from None
        return text

    def clean(self):
        data = super().clean()
        _apply_rule(self, rules.check_reason_given, data.get("held"), data.get("note"))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in self.fields}


class NotHeldForm(forms.Form):
    status = forms.ChoiceField(
        label="Что с мероприятием",
        choices=[(s.value, s.label.capitalize()) for s in rules.NOT_HELD_STATUSES],
        widget=forms.RadioSelect,
        initial=rules.NOT_HELD_STATUSES[0].value,
        error_messages={
            "required": rules.NOT_HELD_STATUS_REQUIRED,
            "invalid_choice": rules.NOT_HELD_STATUS_REQUIRED,
        },
    )
    reason = forms.CharField(
        label="Причина",
        error_messages={"required": rules.REASON_REQUIRED},
        widget=forms.Textarea({"rows": 3}),
        help_text="Попадёт в графу «Примечание» отчёта.",
    )


class TimingPreviewForm(forms.Form):
    """Query of the live timing check: the phrase and the plan's half-year or report's quarter."""

    timing_text = forms.CharField(required=False)
    year = forms.IntegerField(min_value=REPORT_YEAR_MIN, max_value=REPORT_YEAR_MAX)
    half = forms.TypedChoiceField(choices=[(h, h) for h in HALVES], coerce=int, required=False)
    quarter = forms.TypedChoiceField(choices=[(q, q) for q in QUARTERS], coerce=int, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("half") and not data.get("quarter"):
            raise ValidationError("Не указан период.")
        return data
