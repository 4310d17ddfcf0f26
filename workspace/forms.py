"""Forms of the department workspace: what staff may pick is limited here; the rules a row must
satisfy are workspace.rules, which services enforce again, so a hand-made POST gets the same
answer as the page. Bootstrap's classes come from the project's FORM_RENDERER."""

import json
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Agreement
from cooperation.models import Region
from cooperation.periods import (
    HALVES,
    QUARTERS,
    REPORT_YEAR_MAX,
    REPORT_YEAR_MIN,
    is_known_wording,
)
from events.models import PARTICIPANTS_COUNT_MAX, PlannedEvent, ReportedEvent
from workspace import rules

# Django fills in the numbers; the words are the rule's (workspace.rules.TEXT_TOO_LONG).
_TOO_LONG = rules.TEXT_TOO_LONG.format(limit="%(limit_value)d", length="%(show_value)d")


def _text_field(model, name, label, *, rows=2, **kwargs):
    """A text field limited to what the model's column (and the document's cell) holds, kept as
    typed (TextAsWritten)."""
    return TextAsWritten(
        label=label,
        max_length=model._meta.get_field(name).max_length,
        widget=forms.Textarea({"rows": rows}),
        error_messages={"max_length": _TOO_LONG, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


def _timing_as_written_field():
    return forms.BooleanField(
        label=rules.TIMING_AS_WRITTEN,
        required=False,
        help_text="Сроки попадут в документ так, как написаны, а при отборе по датам "
        "мероприятие будет отнесено ко всему периоду.",
    )


class TimingFormMixin:
    """What the form knows of its timing phrase after cleaning (for the preview under it)."""

    @property
    def timing_recognised(self):
        parsed = self.parsed_period
        return parsed is not None and (parsed.is_exact or is_known_wording(parsed.text))

    @property
    def timing_needs_confirmation(self):
        return self.parsed_period is not None and not self.timing_recognised


class TextAsWritten(forms.CharField):
    """A text kept as typed: line breaks and non-breaking spaces stay (workspace.rules.as_written);
    Django's own strip would also eat a non-breaking space at either end."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        return rules.as_written(super().to_python(value))


class RowForm(forms.Form):
    """A plan or report row's form: its fields go to the service as keywords, and it carries the
    row's version it was opened with, so a save based on an older one is refused."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in self.fields if name != "version"}

    @property
    def expected_version(self):
        return self.cleaned_data.get("version")

    def keep_for_overwrite(self, current_version):
        """After a refused stale save the user's input stays on the page; saving it again is
        a deliberate write over the current version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current_version


class SaveOnceForm(RowForm):
    """A form saved once. Its hidden token is remembered in the session with the address of what
    the first save made, so going back after saving and saving again — or a second click —
    opens that record instead of adding an identical one."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    SESSION_KEY = "workspace_saved_forms"
    REMEMBERED = 50
    ALREADY_SAVED = "Эта форма уже сохранена: повторное сохранение не создаёт копию. Вот запись."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["form_token"].initial = uuid.uuid4().hex

    def _token(self):
        return str(self.data.get(self.add_prefix("form_token")) or "")[:64]

    def saved_url(self, request):
        """Where the first save of this very form went, or None."""
        token = self._token()
        return request.session.get(self.SESSION_KEY, {}).get(token) if token else None

    def remember_saved(self, request, url):
        token = self._token()
        if not token:
            return
        saved = dict(request.session.get(self.SESSION_KEY, {}))
        saved[token] = url
        request.session[self.SESSION_KEY] = dict(list(saved.items())[-self.REMEMBERED :])

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in self.fields if name not in ("version", "form_token")}


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


def _check_plan_status(status):
    rules.check_not_held_status(status, field="plan_status")


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


def region_search_names(region):
    """Every name the reference data knows for a region besides the one shown: the official
    name, the genitive («Брянской области»), the usual short forms («СПб», «Кузбасс») and the
    administrative centre («Тверь»), as fixtures/region_aliases.json lists them."""
    aliases = [alias.alias for alias in region.aliases.all()]
    names = [region.name, region.name_genitive, *aliases]
    return " ".join(dict.fromkeys(name for name in names if name and name != region.short_name))


class RegionSelectMultiple(forms.SelectMultiple):
    """Each option carries the region's other names (data-names), which the picker searches."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-names"] = region_search_names(instance)
        return option


def _regions_field(label, help_text=""):
    return forms.ModelMultipleChoiceField(
        label=label,
        # The other names go into every option: read in one query, not one per region.
        queryset=Region.objects.partners().prefetch_related("aliases"),
        required=False,
        help_text=help_text,
        widget=RegionSelectMultiple(
            attrs={"data-tom-select": "", "data-placeholder": "Начните вводить название…"}
        ),
    )


def _title_field(model):
    return _text_field(
        model,
        "title",
        "Наименование мероприятия",
        error_messages={"required": rules.TITLE_REQUIRED},
    )


def _check_timing(form, data):
    """The parsed phrase must be recognised, or confirmed «as written» (workspace.rules)."""
    if form.parsed_period is not None:
        _apply_rule(
            form,
            rules.check_timing_recognised,
            data["timing_text"],
            form.parsed_period,
            data.get("timing_as_written"),
        )


class PlannedEventForm(TimingFormMixin, SaveOnceForm):
    title = _title_field(PlannedEvent)
    regions = _regions_field("Субъекты РФ")
    all_regions = forms.BooleanField(label="Все субъекты РФ", required=False)
    regions_note = TextAsWritten(
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
    timing_text = TextAsWritten(
        label="Сроки проведения",
        max_length=255,
        help_text="Как в документе: «сентябрь», «5–6 октября», «III квартал», "
        "«В течение полугодия».",
    )
    timing_as_written = _timing_as_written_field()
    venue = _text_field(PlannedEvent, "venue", "Место проведения", required=False)
    content = _text_field(PlannedEvent, "content", "Содержание мероприятия", required=False)
    participants = _text_field(
        PlannedEvent, "participants", "Участники мероприятия", required=False
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
            # A saved phrase the parser does not know was confirmed when it was saved.
            "timing_as_written": rules.timing_saved_as_written(event),
            "venue": event.venue,
            "content": event.content,
            "participants": event.participants,
            "version": event.version,
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
        _check_timing(self, data)
        return data


class ReportedEventForm(TimingFormMixin, SaveOnceForm):
    title = _title_field(ReportedEvent)
    agreements = OrderedModelMultipleChoiceField(
        label="Соглашения, в рамках которых проведена работа",
        queryset=Agreement.objects.all(),
        required=False,
        help_text="В порядке, в котором их перечислить в отчёте; хотя бы одно, если "
        "мероприятие проведено.",
    )
    timing_text = TextAsWritten(label="Сроки проведения", max_length=255)
    timing_as_written = _timing_as_written_field()
    venue = _text_field(ReportedEvent, "venue", "Место проведения", required=False)
    participants = _text_field(
        ReportedEvent,
        "participants",
        "Участники мероприятия",
        required=False,
        help_text="Представители регионов, другие дополнительные сведения.",
    )
    participants_count = forms.IntegerField(
        label="Общее количество участников",
        required=False,
        min_value=0,
        max_value=PARTICIPANTS_COUNT_MAX,
        error_messages={"max_value": rules.HEAD_COUNT_TOO_BIG},
    )
    regions = _regions_field("Представленные субъекты РФ")
    content = _text_field(
        ReportedEvent, "content", "Содержание и результат мероприятия", rows=4, required=False
    )
    held = forms.BooleanField(label="Мероприятие проведено", required=False, initial=True)
    note = _text_field(
        ReportedEvent,
        "note",
        "Примечание",
        required=False,
        help_text="Обязательно, если мероприятие не проведено: причина.",
    )
    plan_status = forms.ChoiceField(
        label="Если не проведено: что с мероприятием плана",
        choices=[(s.value, s.label.capitalize()) for s in rules.NOT_HELD_STATUSES],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": rules.NOT_HELD_STATUS_REQUIRED},
    )

    def __init__(self, *args, year, quarter, plan_row=False, **kwargs):
        """plan_row: the row reports on a plan row, whose status it sets when not held."""
        super().__init__(*args, **kwargs)
        self.year, self.quarter = year, quarter
        if not plan_row:
            del self.fields["plan_status"]
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
            "timing_as_written": rules.timing_saved_as_written(event),
            "venue": event.venue,
            "participants": event.participants,
            "participants_count": event.participants_count,
            "regions": list(event.regions.all()),
            "content": event.content,
            "held": event.held,
            "note": event.note,
            "plan_status": event.planned_event.status
            if event.planned_event_id and not event.held
            else rules.NOT_HELD_STATUSES[0].value,
            "version": event.version,
        }

    @classmethod
    def initial_from_plan(cls, planned):
        return {
            "title": planned.title,
            "agreements": [planned.agreement] if planned.agreement_id else [],
            "timing_text": planned.timing_text,
            "timing_as_written": rules.timing_saved_as_written(planned),
            "venue": planned.venue,
            "participants": planned.participants,
            "regions": list(planned.regions.all()),
            "held": True,
            "plan_status": rules.NOT_HELD_STATUSES[0].value,
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
        held = data.get("held")
        _apply_rule(self, rules.check_reason_given, held, data.get("note"))
        if "agreements" in data:
            _apply_rule(self, rules.check_agreements_given, held, data["agreements"])
        if "plan_status" in self.fields and not held and "plan_status" in data:
            _apply_rule(self, _check_plan_status, data["plan_status"])
        _check_timing(self, data)
        return data


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
    reason = TextAsWritten(
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
