"""Documents of approved data built and kept (reports.cache): a coordinator sees what is stored
and may delete an entry, which only makes the next reader build that document again."""

from django.contrib import admin
from django.core.files.storage import default_storage

from reports.models import DocumentBuild


@admin.register(DocumentBuild)
class DocumentBuildAdmin(admin.ModelAdmin):
    list_display = ["kind", "params", "format", "status", "rows_done", "created_at", "finished_at"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["params", "version", "error"]
    readonly_fields = [f.name for f in DocumentBuild._meta.fields]

    # Written by reports.cache only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self.delete_queryset(request, DocumentBuild.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        for name in queryset.exclude(file="").values_list("file", flat=True):
            default_storage.delete(name)
        queryset.delete()
