"""Report rows in the admin, seen through the review workflow, which the events app does not know:
officials read the rows of approved quarters only, and the rows of an approved quarter change only
after a coordinator reopens it. Registered over events.admin's ReportedEventAdmin."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError

from cooperation.access import reads_approved_only
from cooperation.periods import quarter_title
from events.admin import ReportedEventAdmin, VersionedAdminForm
from events.models import ReportedEvent
from reports.models import Submission, SubmissionStatus, approved_rows

CLOSED_FOR_CHANGES = (
    "Отчёт департамента за {period} принят: его мероприятия меняются только после того, как "
    "координатор откроет отчёт для изменений (страница отчёта → «Открыть для изменений»)."
)


def _approved(department_id, year, quarter, *, lock=False):
    submissions = Submission.objects.filter(department_id=department_id, year=year, quarter=quarter)
    if lock:
        # The row «Принять» locks: an edit and an approval of the quarter do not interleave.
        submissions = submissions.select_for_update()
    return any(s.status == SubmissionStatus.APPROVED for s in submissions)


class ReportRowAdminForm(VersionedAdminForm):
    def clean(self):
        data = super().clean()
        department = data.get("department")
        year, quarter = data.get("year"), data.get("quarter")
        periods = set()
        if department is not None and year and quarter:
            periods.add((department.pk, year, quarter))
        if self.instance.pk is not None:
            periods.add((self.instance.department_id, self.instance.year, self.instance.quarter))
        for department_id, year, quarter in sorted(periods):
            if _approved(department_id, year, quarter, lock=True):
                raise ValidationError(
                    CLOSED_FOR_CHANGES.format(period=quarter_title(year, quarter)),
                    code="period_approved",
                )
        return data


class ReviewedReportedEventAdmin(ReportedEventAdmin):
    form = ReportRowAdminForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if reads_approved_only(request.user):
            queryset = approved_rows(queryset)
        return queryset

    def _in_approved_quarter(self, obj):
        return obj is not None and _approved(obj.department_id, obj.year, obj.quarter)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._in_approved_quarter(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._in_approved_quarter(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if (
            request.method == "GET"
            and self._in_approved_quarter(obj)
            and super().has_change_permission(request, obj)
        ):
            self.message_user(
                request,
                CLOSED_FOR_CHANGES.format(period=quarter_title(obj.year, obj.quarter)),
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)


if admin.site.is_registered(ReportedEvent):
    admin.site.unregister(ReportedEvent)
admin.site.register(ReportedEvent, ReviewedReportedEventAdmin)
