from urllib.parse import urlencode

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from agreements.admin import RoadmapAdmin
from agreements.models import Roadmap
from reports.builders import ReportKind, quarterly_report, roadmap_report
from reports.exports import report_download
from reports.models import Submission, SubmissionHistory


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
        "consolidated_report",
    ]
    inlines = [SubmissionHistoryInline]
    actions = ["download_quarterly_docx", "download_quarterly_xlsx"]

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
class SubmissionHistoryAdmin(admin.ModelAdmin):
    list_display = ["submission", "action", "status", "by", "at"]
    list_filter = ["action", "status"]
    search_fields = ["submission__department__name", "comment"]
    list_select_related = ["submission__department", "by"]

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
