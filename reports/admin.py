"""Coordinators review departments' quarterly reports here; officials read them."""

from urllib.parse import urlencode

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from agreements.admin import RoadmapAdmin
from agreements.models import Roadmap
from cooperation.admin_mixins import DepartmentScopedAdminMixin, HistoryAdmin
from cooperation.periods import roman
from events.models import ReportedEvent
from reports import deadlines
from reports.builders import ReportKind, quarterly_report, roadmap_report
from reports.exports import report_download
from reports.models import ReminderLog, Submission, SubmissionHistory, SubmissionStatus
from reports.services import RETURN_COMMENT_REQUIRED, submission_approve, submission_return


def report_links(**params):
    """Links to the report page: preview on screen, DOCX and XLSX."""
    base = reverse("reports:report_index") + "?"
    return format_html_join(
        " · ",
        '<a href="{}">{}</a>',
        [
            (base + urlencode(params), "просмотр"),
            (base + urlencode({**params, "format": "docx"}), "DOCX"),
            (base + urlencode({**params, "format": "xlsx"}), "XLSX"),
        ],
    )


class SubmissionHistoryInline(admin.TabularInline):
    model = SubmissionHistory
    extra = 0
    can_delete = False
    fields = ["at", "action", "status", "by", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _download_quarterly(modeladmin, request, queryset, fmt):
    periods = set(queryset.values_list("year", "quarter"))
    if len(periods) != 1:
        modeladmin.message_user(
            request,
            "Выберите отчёты одного квартала: сводный отчёт составляется за квартал.",
            messages.ERROR,
        )
        return None
    year, quarter = periods.pop()
    return report_download(quarterly_report(year=year, quarter=quarter), fmt)


def _reason(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Недостаточно прав."


@admin.register(Submission)
class SubmissionAdmin(DepartmentScopedAdminMixin, HistoryAdmin):
    list_display = ["department", "year", "quarter", "status", "submitted_at", "reviewed_at"]
    list_filter = ["year", "quarter", "status", "department"]
    search_fields = ["department__name", "department__short_name", "review_comment"]
    autocomplete_fields = ["department"]
    list_select_related = ["department"]
    # The review fields change only through the workflow (reports.services), never by hand.
    readonly_fields = [
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "created_at",
        "updated_at",
        "consolidated_report",
    ]
    inlines = [SubmissionHistoryInline]
    actions = [
        "approve_selected",
        "return_selected",
        "download_quarterly_docx",
        "download_quarterly_xlsx",
    ]
    change_list_template = "admin/reports/submission/change_list.html"
    allow_revert = False  # see revision_view

    def has_review_permission(self, request, obj=None):
        """Approving and returning is changing the report: coordinators yes, officials no."""
        return self.has_change_permission(request, obj)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("completeness/", wrap(self.completeness_view), name=f"{name}_completeness"),
            path("<path:object_id>/approve/", wrap(self.approve_view), name=f"{name}_approve"),
            path("<path:object_id>/return/", wrap(self.return_view), name=f"{name}_return"),
            *super().get_urls(),
        ]

    # --- Change page ----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if submission is not None:
            may_review = self.has_review_permission(request, submission)
            context["review"] = {
                "can_approve": may_review and submission.status == SubmissionStatus.SUBMITTED,
                "can_return": may_review
                and submission.status in {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED},
                "approve_url": self._admin_url("approve", submission.pk),
                "return_url": self._admin_url("return", submission.pk),
            }
            context["department_events"] = list(
                ReportedEvent.objects.with_details()
                .in_quarter(submission.year, submission.quarter)
                .for_department(submission.department_id)
                .in_report_order()
            )
        return super().change_view(request, object_id, form_url, context)

    def approve_view(self, request, object_id):
        return self._single_review(request, object_id, submission_approve)

    def return_view(self, request, object_id):
        return self._single_review(
            request, object_id, submission_return, comment=request.POST.get("comment", "")
        )

    def _single_review(self, request, object_id, transition, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_review_permission(request):
            raise PermissionDenied
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404("Отчёт не найден.")
        self._review(request, [submission], transition, **kwargs)
        return HttpResponseRedirect(self._admin_url("change", submission.pk))

    # --- Review, one report or many -------------------------------------------------------

    def _review(self, request, submissions, transition, **kwargs):
        """Apply the transition to each report; one refused report leaves the others going."""
        done = []
        for submission in submissions:
            try:
                transition(submission=submission, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request, f"«{submission}»: {_reason(exc)} Отчёт не изменён.", messages.ERROR
                )
            else:
                done.append(submission)
        if done:
            verb = "Принят" if transition is submission_approve else "Возвращён на доработку"
            names = ", ".join(f"«{submission}»" for submission in done)
            self.message_user(request, f"{verb} ({len(done)}): {names}.", messages.SUCCESS)
            if reversion.is_active():
                # A bulk action runs inside the changelist's revision: name it after the action.
                reversion.set_comment(f"{verb} ({len(done)}): {names}")
        return done

    def _confirmation(self, request, queryset, *, action, title, button, comment=None, error=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "submissions": list(queryset.select_related("department")),
            "action": action,
            "button": button,
            "ask_comment": comment is not None,
            "comment": comment or "",
            "error": error,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/reports/submission/review_confirmation.html", context
        )

    @admin.action(description="Принять", permissions=["review"])
    def approve_selected(self, request, queryset):
        if request.POST.get("confirmed") == "yes":
            self._review(request, queryset.select_related("department"), submission_approve)
            return None
        return self._confirmation(
            request,
            queryset,
            action="approve_selected",
            title="Принять отчёты",
            button="Да, принять",
        )

    @admin.action(description="Вернуть на доработку", permissions=["review"])
    def return_selected(self, request, queryset):
        comment = request.POST.get("comment", "").strip()
        error = ""
        if request.POST.get("confirmed") == "yes":
            if comment:
                submissions = queryset.select_related("department")
                self._review(request, submissions, submission_return, comment=comment)
                return None
            error = RETURN_COMMENT_REQUIRED
        return self._confirmation(
            request,
            queryset,
            action="return_selected",
            title="Вернуть отчёты на доработку",
            button="Вернуть на доработку",
            comment=comment,
            error=error,
        )

    # --- History: read and compare, never revert ------------------------------------------

    # Putting back a past version would change the status without a review entry (and drop the
    # review entries written since): a report changes state only through the actions above.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.message_user(
            request,
            "Версию отчёта нельзя восстановить: статус меняется только действиями «Принять» и "
            "«Вернуть на доработку». Версии можно посмотреть и сравнить.",
            messages.WARNING,
        )
        return HttpResponseRedirect(self._admin_url("history", object_id))

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied

    # --- Completeness grid ----------------------------------------------------------------

    def completeness_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        day = deadlines.today()
        try:
            year = int(request.GET.get("year", day.year))
        except ValueError:
            year = day.year
        if not 2000 <= year <= 2100:
            year = day.year
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Полнота квартальных отчётов за {year} год",
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "quarters": [
                {"roman": roman(q), "due": deadlines.report_due_date(year, q)} for q in (1, 2, 3, 4)
            ],
            "rows": deadlines.completeness_grid(year=year, day=day),
            "today": day,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/submission/completeness.html", context)

    # --- Documents ------------------------------------------------------------------------

    @admin.display(description="сводный отчёт за квартал")
    def consolidated_report(self, obj):
        if obj.pk is None:
            return "—"
        params = {"kind": ReportKind.QUARTERLY, "year": obj.year, "quarter": obj.quarter}
        return format_html(
            "Принятые отчёты: {}<br>Проект со всеми отчётами: {}",
            report_links(**params),
            report_links(**params, draft="on"),
        )

    @admin.action(description="Скачать сводный отчёт за квартал (DOCX)", permissions=["view"])
    def download_quarterly_docx(self, request, queryset):
        return _download_quarterly(self, request, queryset, "docx")

    @admin.action(description="Скачать сводный отчёт за квартал (XLSX)", permissions=["view"])
    def download_quarterly_xlsx(self, request, queryset):
        return _download_quarterly(self, request, queryset, "xlsx")


@admin.register(SubmissionHistory)
class SubmissionHistoryAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_field = "submission__department"
    list_display = ["submission", "action", "status", "by", "at"]
    list_filter = ["action", "status"]
    search_fields = ["submission__department__name", "comment"]
    list_select_related = ["submission__department", "by"]

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


def _latest_report_year(roadmap):
    years = roadmap.sections.values_list("items__progress_entries__year", flat=True)
    reported = [y for y in years if y is not None and y in roadmap.years]
    return max(reported) if reported else roadmap.start_year


def _download_roadmap(modeladmin, request, queryset, fmt):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Выберите одну «дорожную карту».", messages.ERROR)
        return None
    roadmap = queryset.get()
    table = roadmap_report(roadmap=roadmap, year=_latest_report_year(roadmap))
    return report_download(table, fmt)


# The roadmap admin lives in agreements; its document actions need reports, which imports
# agreements, so they are attached here to keep the apps' imports one-way.
class RoadmapWithReportsAdmin(RoadmapAdmin):
    readonly_fields = ["execution_reports"]
    actions = ["download_execution_docx", "download_execution_xlsx"]

    @admin.display(description="отчёты об исполнении")
    def execution_reports(self, obj):
        if obj.pk is None:
            return "—"
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 — a constant tag
            "{} год: {}",
            [
                (year, report_links(kind=ReportKind.ROADMAP, roadmap=obj.pk, year=year))
                for year in obj.years
            ],
        )

    @admin.action(
        description="Скачать отчёт об исполнении за последний год (DOCX)", permissions=["view"]
    )
    def download_execution_docx(self, request, queryset):
        return _download_roadmap(self, request, queryset, "docx")

    @admin.action(
        description="Скачать отчёт об исполнении за последний год (XLSX)", permissions=["view"]
    )
    def download_execution_xlsx(self, request, queryset):
        return _download_roadmap(self, request, queryset, "xlsx")


admin.site.unregister(Roadmap)
admin.site.register(Roadmap, RoadmapWithReportsAdmin)
