"""Read-only journals: the review trail of every report and the reminders sent."""

from django.contrib import admin

from cooperation.admin_mixins import DepartmentScopedAdminMixin
from reports.models import ReminderLog, SubmissionHistory


@admin.register(SubmissionHistory)
class SubmissionHistoryAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_field = "submission__department"
    list_display = ["submission", "action", "status", "by", "at"]
    list_filter = ["action", "status"]
    search_fields = ["submission__department__name", "comment"]
    list_select_related = ["submission__department", "by"]

    # Written by reports.services with each transition.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ["department", "year", "quarter", "kind", "sent_on", "recipients"]
    list_filter = ["kind", "year", "quarter", "sent_on"]
    search_fields = ["department__name", "department__short_name", "recipients"]
    list_select_related = ["department"]
    date_hierarchy = "sent_on"

    # A log of what was sent: written by send_reminders only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
