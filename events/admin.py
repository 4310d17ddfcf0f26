from django.contrib import admin
from import_export.admin import ImportExportMixin

from cooperation.admin_mixins import DepartmentScopedAdminMixin, HistoryAdmin
from cooperation.resources import SAFE_FORMATS
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement
from events.resources import (
    PlannedEventResource,
    ReportedEventBulkResource,
    ReportedEventResource,
)


@admin.register(PlannedEvent)
class PlannedEventAdmin(DepartmentScopedAdminMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [PlannedEventResource]
    formats = SAFE_FORMATS
    list_display = ["short_title", "department", "regions_text", "timing_text", "year", "half"]
    list_filter = ["year", "half", "status", "department", "all_regions"]
    search_fields = ["title", "content", "venue", "participants", "regions_text"]
    autocomplete_fields = ["department", "regions", "agreement", "roadmap_item"]
    list_select_related = ["department"]
    date_hierarchy = "starts_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "half", "department", "position", "status"]}),
        ("Партнёры", {"fields": ["regions_text", "regions", "all_regions", "agreement"]}),
        ("Мероприятие", {"fields": ["title", "venue", "content", "participants", "roadmap_item"]}),
        ("Сроки", {"fields": ["timing_text", "starts_on", "ends_on", "timing_is_exact"]}),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="наименование мероприятия", ordering="title")
    def short_title(self, obj):
        return obj.title[:120]


class ReportedEventAgreementInline(admin.TabularInline):
    model = ReportedEventAgreement
    extra = 0
    autocomplete_fields = ["agreement"]


@admin.register(ReportedEvent)
class ReportedEventAdmin(DepartmentScopedAdminMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [ReportedEventResource, ReportedEventBulkResource]
    formats = SAFE_FORMATS
    list_display = [
        "short_title",
        "department",
        "timing_text",
        "year",
        "quarter",
        "participants_count",
        "held",
    ]
    list_filter = ["year", "quarter", "held", "department", "agreements"]
    search_fields = ["title", "content", "venue", "participants", "note"]
    autocomplete_fields = ["department", "regions", "planned_event", "roadmap_items"]
    list_select_related = ["department"]
    date_hierarchy = "starts_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ReportedEventAgreementInline]
    fieldsets = [
        (None, {"fields": ["year", "quarter", "department", "position", "held", "note"]}),
        ("Мероприятие", {"fields": ["title", "venue", "participants", "participants_count"]}),
        ("Содержание", {"fields": ["content", "regions", "planned_event", "roadmap_items"]}),
        ("Сроки", {"fields": ["timing_text", "starts_on", "ends_on", "timing_is_exact"]}),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="наименование мероприятия", ordering="title")
    def short_title(self, obj):
        return obj.title[:120]
