"""Report rows in the admin, seen through the review workflow, which the events app does not know:
officials read the rows of approved quarters only, and the rows of an approved quarter change only
after a coordinator reopens it. Registered over events.admin's ReportedEventAdmin."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError

from cooperation.access import reads_approved_only
from cooperation.periods import quarter_title, quarters_of_half
from events.admin import PlannedEventAdmin, ReportedEventAdmin, VersionedAdminForm
from events.models import PlannedEvent, ReportedEvent
from events.resources import (
    PlannedEventResource,
    ReportedEventBulkResource,
    ReportedEventResource,
)
from reports.locks import PlanLock
from reports.models import CLOSED_STATUSES, Submission, SubmissionStatus, approved_rows

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


CLOSED_FOR_IMPORT = (
    "Отчёт департамента за {period} отправлен на проверку или принят: строки в него не "
    "загружаются. Если его нужно изменить, координатор открывает отчёт для изменений "
    "(страница отчёта → «Открыть для изменений»), затем файл загружается снова."
)


class _ClosedQuarters:
    def _closed(self):
        # Read once per import: the resource is built anew for every upload.
        if not hasattr(self, "_closed_quarters"):
            self._closed_quarters = set(
                Submission.objects.filter(status__in=CLOSED_STATUSES).values_list(
                    "department_id", "year", "quarter"
                )
            )
        return self._closed_quarters


class ClosedQuarterGuard(_ClosedQuarters):
    """A spreadsheet row lands only in a quarter whose report is still open (draft or
    returned), as in the workspace; an existing row is not moved out of a closed quarter."""

    def import_instance(self, instance, row, **kwargs):
        before = (instance.department_id, instance.year, instance.quarter) if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        after = (instance.department_id, instance.year, instance.quarter)
        for period in (before, after):
            if period is not None and period in self._closed():
                raise ValidationError(
                    CLOSED_FOR_IMPORT.format(period=quarter_title(period[1], period[2])),
                    code="period_closed",
                )


class ReviewedReportedEventResource(ClosedQuarterGuard, ReportedEventResource):
    class Meta(ReportedEventResource.Meta):
        pass


class ReviewedReportedEventBulkResource(ClosedQuarterGuard, ReportedEventBulkResource):
    class Meta(ReportedEventBulkResource.Meta):
        pass


class PlanLockGuard(_ClosedQuarters):
    """A spreadsheet plan row whose dates touch a quarter with its report in is refused, as in
    the workspace, before and after the row's change."""

    def _lock(self, department_id, year, half):
        closed = self._closed()
        quarters = tuple(q for q in quarters_of_half(half) if (department_id, year, q) in closed)
        return PlanLock(year, half, quarters)

    def _refuse_if_locked(self, department_id, year, half, starts_on, ends_on):
        if None in (department_id, year, half, starts_on, ends_on):
            return
        message = self._lock(department_id, year, half).dates_message(starts_on, ends_on)
        if message:
            raise ValidationError(message, code="period_closed")

    def import_instance(self, instance, row, **kwargs):
        if instance.pk:
            self._refuse_if_locked(
                instance.department_id, instance.year, instance.half,
                instance.starts_on, instance.ends_on,
            )  # fmt: skip
        super().import_instance(instance, row, **kwargs)
        self._refuse_if_locked(
            instance.department_id, instance.year, instance.half,
            instance.starts_on, instance.ends_on,
        )  # fmt: skip


class ReviewedPlannedEventResource(PlanLockGuard, PlannedEventResource):
    class Meta(PlannedEventResource.Meta):
        pass


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

    def get_import_resource_classes(self, request):
        # Exports keep events.admin's resources (and the column names of their export form).
        return [ReviewedReportedEventResource, ReviewedReportedEventBulkResource]

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


class ReviewedPlannedEventAdmin(PlannedEventAdmin):
    def get_import_resource_classes(self, request):
        return [ReviewedPlannedEventResource]


if admin.site.is_registered(PlannedEvent):
    admin.site.unregister(PlannedEvent)
admin.site.register(PlannedEvent, ReviewedPlannedEventAdmin)
if admin.site.is_registered(ReportedEvent):
    admin.site.unregister(ReportedEvent)
admin.site.register(ReportedEvent, ReviewedReportedEventAdmin)
