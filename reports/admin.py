from django.contrib import admin

from reports.models import Submission, SubmissionHistory


class SubmissionHistoryInline(admin.TabularInline):
    model = SubmissionHistory
    extra = 0
    can_delete = False
    fields = ["at", "action", "status", "by", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "quarter", "status", "submitted_at", "reviewed_at"]
    list_filter = ["year", "quarter", "status", "department"]
    search_fields = ["department__name", "department__short_name", "review_comment"]
    autocomplete_fields = ["department"]
    list_select_related = ["department"]
    readonly_fields = [
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [SubmissionHistoryInline]


@admin.register(SubmissionHistory)
class SubmissionHistoryAdmin(admin.ModelAdmin):
    list_display = ["submission", "action", "status", "by", "at"]
    list_filter = ["action", "status"]
    search_fields = ["submission__department__name", "comment"]
    list_select_related = ["submission__department", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
