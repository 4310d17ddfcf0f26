"""Append-only journals: the review trail of every report and the reminders sent. Nobody, a
superuser included, adds, changes or deletes an entry here."""

from django.contrib import admin

from cooperation.access import reads_approved_only
from cooperation.admin_mixins import AppendOnlyAdminMixin, DepartmentScopedAdminMixin
from reports.models import ReminderLog, SubmissionHistory, SubmissionStatus


@admin.register(SubmissionHistory)
class SubmissionHistoryAdmin(AppendOnlyAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_field = "submission__department"
    list_display = ["submission", "action", "status", "by", "at"]
    list_filter = ["action", "status"]
    search_fields = ["submission__department__name", "comment"]
    list_select_related = ["submission__department", "by"]

    # Entries are written by reports.services with each transition.
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if reads_approved_only(request.user):
            # The trail of a report not yet approved belongs to its draft.
            queryset = queryset.filter(submission__status=SubmissionStatus.APPROVED)
        return queryset


@admin.register(ReminderLog)
class ReminderLogAdmin(AppendOnlyAdminMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ["department", "year", "quarter", "kind", "sent_on", "recipients"]
    list_filter = ["kind", "year", "quarter", "sent_on"]
    search_fields = ["department__name", "department__short_name", "recipients"]
    list_select_related = ["department"]
    date_hierarchy = "sent_on"
    # A log of what was sent: written by send_reminders only.
