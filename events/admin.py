"""Plan and report rows in the admin. Each change form carries the row's version it was opened
with: a save based on an older one is refused with what changed (events.versions)."""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator

from cooperation.admin_mixins import (
    DepartmentScopedAdminMixin,
    HistoryAdmin,
    SpreadsheetImportMixin,
)
from cooperation.periods import half_title, quarter_title
from cooperation.resources import ColumnExportForm
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from events.resources import (
    PlannedEventResource,
    ReportedEventBulkResource,
    ReportedEventResource,
)
from events.versions import check_version


class VersionedAdminForm(forms.ModelForm):
    """Compares the version the form was opened with against the row, locked until the save
    commits (the admin's change view runs in one transaction)."""

    row_version = forms.IntegerField(
        label="версия записи", required=False, min_value=1, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked_version = None
        if self.instance.pk is not None:
            self.fields["row_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        model = type(self.instance)
        current = model._base_manager.select_for_update().filter(pk=self.instance.pk).first()
        # A form posted without a version (made by hand) is checked against the row as it is.
        expected = data.get("row_version") or getattr(current, "version", None)
        if current is not None and current.version != expected:
            # The user's input stays on the page; saving it again writes over the new version.
            self.data = self.data.copy()
            self.data[self.add_prefix("row_version")] = current.version
        check_version(current, expected, entered=data)
        self.locked_version = current.version
        return data


class VersionedAdminMixin:
    form = VersionedAdminForm

    def get_fieldsets(self, request, obj=None):
        # A page only to read has no form to check, so the version field is not shown there.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "row_version"]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if change and form.locked_version is not None:
            obj.version = form.locked_version + 1
        super().save_model(request, obj, form, change)


# List columns that fit a 1366 px laptop beside the filters: the title (a link to the record),
# the department's short name, the period and the dates as written; the rest is one click away.
TITLE_CHARS = 100


def _title(obj):
    return Truncator(obj.title).chars(TITLE_CHARS)


def _department(obj):
    return obj.department.short_name


@admin.register(PlannedEvent)
class PlannedEventAdmin(
    VersionedAdminMixin, DepartmentScopedAdminMixin, SpreadsheetImportMixin, HistoryAdmin
):
    resource_classes = [PlannedEventResource]
    export_form_class = ColumnExportForm
    list_display = ["short_title", "department_name", "period", "timing_text", "status"]
    list_filter = ["year", "half", "status", "department", "all_regions"]
    search_fields = ["title", "content", "venue", "participants", "regions_text"]
    autocomplete_fields = ["department", "regions", "foreign_partners", "agreement", "roadmap_item"]
    list_select_related = ["department"]
    date_hierarchy = "starts_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "half", "department", "position", "status"]}),
        (
            "Партнёры",
            {
                "fields": [
                    "regions_text",
                    "regions",
                    "all_regions",
                    "foreign_partners",
                    "agreement",
                ]
            },
        ),
        ("Мероприятие", {"fields": ["title", "venue", "content", "participants", "roadmap_item"]}),
        ("Сроки", {"fields": ["timing_text", "starts_on", "ends_on", "timing_is_exact"]}),
        (
            "Служебное",
            {"fields": ["created_at", "updated_at", "row_version"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="наименование мероприятия", ordering="title")
    def short_title(self, obj):
        return _title(obj)

    @admin.display(description="департамент", ordering="department__sort_order")
    def department_name(self, obj):
        return _department(obj)

    @admin.display(description="полугодие", ordering="year")
    def period(self, obj):
        return half_title(obj.year, obj.half)


class ReportedEventAgreementInline(admin.TabularInline):
    model = ReportedEventAgreement
    extra = 0
    autocomplete_fields = ["agreement"]


@admin.register(ReportedEvent)
class ReportedEventAdmin(
    VersionedAdminMixin, DepartmentScopedAdminMixin, SpreadsheetImportMixin, HistoryAdmin
):
    resource_classes = [ReportedEventResource, ReportedEventBulkResource]
    export_form_class = ColumnExportForm
    list_display = [
        "short_title",
        "department_name",
        "period",
        "timing_text",
        "held_mark",
    ]
    list_filter = ["year", "quarter", "held", "department", "agreements"]
    search_fields = ["title", "content", "venue", "participants", "note"]
    autocomplete_fields = [
        "department",
        "regions",
        "foreign_partners",
        "planned_event",
        "roadmap_items",
    ]
    list_select_related = ["department"]
    date_hierarchy = "starts_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ReportedEventAgreementInline]
    fieldsets = [
        (None, {"fields": ["year", "quarter", "department", "position", "held", "note"]}),
        ("Мероприятие", {"fields": ["title", "venue", "participants", "participants_count"]}),
        (
            "Содержание",
            {
                "fields": [
                    "content",
                    "regions",
                    "foreign_partners",
                    "planned_event",
                    "roadmap_items",
                ]
            },
        ),
        ("Сроки", {"fields": ["timing_text", "starts_on", "ends_on", "timing_is_exact"]}),
        (
            "Служебное",
            {"fields": ["created_at", "updated_at", "row_version"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="наименование мероприятия", ordering="title")
    def short_title(self, obj):
        return _title(obj)

    @admin.display(description="департамент", ordering="department__sort_order")
    def department_name(self, obj):
        return _department(obj)

    @admin.display(description="квартал", ordering="year")
    def period(self, obj):
        return quarter_title(obj.year, obj.quarter)

    # Text, not Django's boolean icon: its alt text is the untranslated «True»/«False».
    @admin.display(description="проведено", ordering="held")
    def held_mark(self, obj):
        return "да" if obj.held else "нет"
