"""Filters of the event lists: period, department, partner region, agreement, roadmap item, status.

The period is a year, a half-year, a quarter or dates, alone or together (a quarter without a
year means that quarter of every year). Links to regions, agreements and roadmap items are tested
with EXISTS, so an event tagged with two regions is still one row.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from agreements.models import Agreement, RoadmapItem
from cooperation.models import Department, Region
from cooperation.periods import (
    HALF_LABELS,
    QUARTER_LABELS,
    REPORT_YEAR_MAX,
    REPORT_YEAR_MIN,
    half_of_quarter,
    quarter_range,
    quarters_of_half,
)
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent, ReportedEventAgreement
from insight import search
from insight.widgets import use_fast_selects
from reports.models import Submission, SubmissionStatus

HELD_CHOICES = [("yes", "проведено"), ("no", "не проведено")]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting by a column, then by id, so that pages never repeat or skip a row."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "pk")


def describe(filterset):
    """The chosen filters in words, for the title of the downloaded list."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if name == "o" or value in (None, "", []):
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            value = dict(field.choices).get(value, dict(field.choices).get(str(value), value))
        elif hasattr(value, "strftime"):
            value = f"{value:%d.%m.%Y}"
        parts.append(f"{field.label[0].lower()}{field.label[1:]}: {value}")
    return "Отбор — " + "; ".join(parts) if parts else ""


class RoadmapItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.section.roadmap.short_title}: {obj.number} {obj.title[:70]}"


class RoadmapItemFilter(django_filters.ModelChoiceFilter):
    field_class = RoadmapItemChoice


class PeriodForm(forms.Form):
    def clean(self):
        data = super().clean()
        half, quarter = data.get("half"), data.get("quarter")
        if half and quarter and half_of_quarter(int(quarter)) != int(half):
            self.add_error("quarter", "Этот квартал не входит в выбранное полугодие.")
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Дата «по» раньше даты «с».")
        return data


class EventFilter(django_filters.FilterSet):
    """What both lists share; the subclasses say how each filter reads their model."""

    search_kind = None  # insight.search kind of the model

    q = django_filters.CharFilter(label="Слова", method="filter_words", max_length=200)
    year = django_filters.NumberFilter(
        label="Год",
        method="filter_nothing",
        min_value=REPORT_YEAR_MIN,
        max_value=REPORT_YEAR_MAX,
    )
    half = django_filters.ChoiceFilter(
        label="Полугодие", choices=HALF_LABELS, method="filter_nothing", empty_label="все"
    )
    quarter = django_filters.ChoiceFilter(
        label="Квартал", choices=QUARTER_LABELS, method="filter_nothing", empty_label="все"
    )
    date_from = django_filters.DateFilter(
        label="Даты с", method="filter_nothing", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="по", method="filter_nothing", widget=forms.DateInput(attrs={"type": "date"})
    )
    department = django_filters.ModelChoiceFilter(
        label="Департамент", queryset=Department.objects.all(), empty_label="все"
    )
    region = django_filters.ModelChoiceFilter(
        label="Субъект РФ",
        queryset=Region.objects.partners(),
        method="filter_region",
        empty_label="все",
    )
    agreement = django_filters.ModelChoiceFilter(
        label="Соглашение",
        queryset=Agreement.objects.all(),
        method="filter_agreement",
        empty_label="все",
    )
    roadmap_item = RoadmapItemFilter(
        label="Пункт «дорожной карты»",
        queryset=RoadmapItem.objects.select_related("section__roadmap")
        .only("number", "title", "section__roadmap__short_title")
        .order_by("section__roadmap", "section__position", "position"),
        method="filter_roadmap_item",
        empty_label="все",
    )

    class Meta:
        form = PeriodForm
        fields = []

    def __init__(self, *args, limited=False, approved_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if limited:
            # Staff see their department only; choosing another would only show nothing.
            del self.filters["department"]
        if approved_only and "submission_status" in self.filters:
            # Officials see approved reports only: the choice would have one answer.
            del self.filters["submission_status"]
        for name, field in self.form.fields.items():
            small = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{small} {small}-sm"
            if name == "year":
                field.widget.attrs["placeholder"] = "все"
            if name == "q":
                field.widget.attrs.update(type="search", placeholder="например: фестиваль")
        use_fast_selects(self.form)

    def filter_words(self, queryset, name, value):
        """The same word matching as /search/: word forms, region names."""
        query = search.parse_query(value, list(Region.objects.partners()))
        if not query.words:
            return queryset
        return search.matcher().matches(queryset, self.search_kind, query)

    def filter_nothing(self, queryset, name, value):
        return queryset  # the period is applied as a whole in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return self.filter_period(
            queryset,
            year=data.get("year"),
            half=int(data["half"]) if data.get("half") else None,
            quarter=int(data["quarter"]) if data.get("quarter") else None,
            start=data.get("date_from"),
            end=data.get("date_to"),
        )

    def filter_period(self, queryset, *, year, half, quarter, start, end):
        if year:
            queryset = queryset.filter(year=year)
        if start:
            queryset = queryset.filter(ends_on__gte=start)
        if end:
            queryset = queryset.filter(starts_on__lte=end)
        return queryset

    def _linked(self, through, owner, **lookup):
        return Exists(through.objects.filter(**{owner: OuterRef("pk")}, **lookup))


class PlannedEventFilter(EventFilter):
    search_kind = search.PLANNED
    status = django_filters.ChoiceFilter(
        label="Статус", choices=PlannedEventStatus.choices, empty_label="все"
    )
    o = StableOrderingFilter(
        fields=(
            ("starts_on", "dates"),
            ("title", "title"),
            ("department__sort_order", "department"),
            ("status", "status"),
        ),
        field_labels={
            "starts_on": "Сроки",
            "title": "Наименование",
            "department__sort_order": "Департамент",
            "status": "Статус",
        },
        label="Порядок",
    )

    class Meta(EventFilter.Meta):
        model = PlannedEvent

    def filter_period(self, queryset, *, year, half, quarter, start, end):
        queryset = super().filter_period(
            queryset, year=year, half=half, quarter=quarter, start=start, end=end
        )
        if half:
            queryset = queryset.filter(half=half)
        if quarter:
            # A plan is per half-year; an event belongs to a quarter when its dates touch it.
            months = quarter_range(2001, quarter)
            queryset = queryset.filter(
                half=half_of_quarter(quarter),
                starts_on__month__lte=months.end.month,
                ends_on__month__gte=months.start.month,
            )
        return queryset

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            self._linked(PlannedEvent.regions.through, "plannedevent_id", region=value)
        )

    def filter_agreement(self, queryset, name, value):
        return queryset.filter(agreement=value)

    def filter_roadmap_item(self, queryset, name, value):
        return queryset.filter(roadmap_item=value)


class ReportedEventFilter(EventFilter):
    search_kind = search.REPORTED
    held = django_filters.ChoiceFilter(
        label="Проведено", choices=HELD_CHOICES, method="filter_held", empty_label="все"
    )
    submission_status = django_filters.ChoiceFilter(
        label="Отчёт департамента",
        choices=[("none", "не создан"), *SubmissionStatus.choices],
        method="filter_submission_status",
        empty_label="любой",
    )
    o = StableOrderingFilter(
        fields=(
            ("starts_on", "dates"),
            ("title", "title"),
            ("department__sort_order", "department"),
            ("participants_count", "participants"),
        ),
        field_labels={
            "starts_on": "Сроки",
            "title": "Наименование",
            "department__sort_order": "Департамент",
            "participants_count": "Участники",
        },
        label="Порядок",
    )

    class Meta(EventFilter.Meta):
        model = ReportedEvent

    def filter_period(self, queryset, *, year, half, quarter, start, end):
        queryset = super().filter_period(
            queryset, year=year, half=half, quarter=quarter, start=start, end=end
        )
        if quarter:
            queryset = queryset.filter(quarter=quarter)
        elif half:
            queryset = queryset.filter(quarter__in=quarters_of_half(half))
        return queryset

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            self._linked(ReportedEvent.regions.through, "reportedevent_id", region=value)
        )

    def filter_agreement(self, queryset, name, value):
        return queryset.filter(self._linked(ReportedEventAgreement, "event", agreement=value))

    def filter_roadmap_item(self, queryset, name, value):
        return queryset.filter(
            self._linked(ReportedEvent.roadmap_items.through, "reportedevent_id", roadmapitem=value)
        )

    def filter_held(self, queryset, name, value):
        return queryset.filter(held=value == "yes")

    def filter_submission_status(self, queryset, name, value):
        submissions = Submission.objects.filter(
            department=OuterRef("department"), year=OuterRef("year"), quarter=OuterRef("quarter")
        )
        if value == "none":
            return queryset.filter(~Exists(submissions))
        return queryset.filter(Exists(submissions.filter(status=value)))
