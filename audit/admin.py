from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the log is written by audit.record and never edited, not even by a superuser."""

    list_display = ["at", "action", "username", "department", "ip", "object_label", "path"]
    list_filter = ["action", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "ip", "object_repr", "object_id", "details", "path"]
    list_select_related = ["department"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "action",
        "user",
        "username",
        "department",
        "ip",
        "object_type_label",
        "object_id",
        "object_repr",
        "path",
        "details",
    ]
    fields = readonly_fields

    @admin.display(description="запись")
    def object_label(self, obj):
        if not obj.object_type:
            return "—"
        return f"{obj.object_type_label}: {obj.object_repr}"

    @admin.display(description="вид записи")
    def object_type_label(self, obj):
        return obj.object_type_label or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
