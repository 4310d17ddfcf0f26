from urllib.parse import urlencode

import reversion
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from agreements.resources import AgreementResource, RoadmapItemResource
from cooperation.admin_mixins import HistoryAdmin, ReferenceDeleteGuardMixin, SpreadsheetImportMixin
from cooperation.resources import ColumnExportForm

# Registered here rather than by the admin classes below: VersionAdmin registers a model's
# inlines only when it registers the model itself, so the admin that came first would decide
# whether a revision keeps the child rows.
reversion.register(RoadmapResponsibility)
reversion.register(RoadmapProgress)
reversion.register(RoadmapSection, follow=["items"])
reversion.register(RoadmapItem, follow=["responsibilities", "progress_entries"])


# The documents are made by the reports app, which imports this one: they are reached through
# its page's URL name, never through an import.
def report_page_url(**params):
    return reverse("reports:report_index") + "?" + urlencode(params)


def report_page_links(**params):
    """Links to a document on the reports page: preview on screen, DOCX and XLSX."""
    return format_html_join(
        " · ",
        '<a href="{}">{}</a>',
        [
            (report_page_url(**params), "просмотр"),
            (report_page_url(**params, format="docx"), "DOCX"),
            (report_page_url(**params, format="xlsx"), "XLSX"),
        ],
    )


ROADMAP_REPORT = "roadmap"  # the document kind of the reports page (reports.documents.ReportKind)
ROADMAP_RETIRE_HINT = (
    "Пункты «дорожной карты», по которым есть мероприятия, не удаляются: они остаются в планах "
    "и отчётах прошлых лет. Карта завершается с годом окончания."
)


class KeepsReportedProgressMixin:
    """A roadmap, section or item whose progress has been entered is not deleted: the progress
    is what the execution reports of past years printed. Django's delete page (and the bulk
    delete) refuse while `protected` names anything, so the reason is added there.

    `progress_of` is the lookup from RoadmapProgress to the admin's model.
    """

    progress_of = ""

    def _progress_years(self, obj):
        entries = RoadmapProgress.objects.filter(**{self.progress_of: obj})
        return sorted(set(entries.values_list("year", flat=True)))

    def get_inline_instances(self, request, obj=None):
        # Nor are its sections or items deleted from its page once progress is entered.
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and _has_progress(self.progress_of, obj):
            for inline in inlines:
                if inline.model in (RoadmapSection, RoadmapItem):
                    inline.can_delete = False
        return inlines

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for obj in objs:
            years = self._progress_years(obj)
            if years:
                protected.append(
                    f"«{obj}»: внесён ход исполнения за {', '.join(map(str, years))} г. "
                    "«Дорожная карта» с внесённым ходом исполнения не удаляется: он напечатан в "
                    "отчётах об исполнении."
                )
        return deleted, counts, perms_needed, protected


def _has_progress(lookup, obj):
    return RoadmapProgress.objects.filter(**{lookup: obj}).exists()


@admin.register(Agreement)
class AgreementAdmin(ReferenceDeleteGuardMixin, SpreadsheetImportMixin, HistoryAdmin):
    retire_hint = (
        "Соглашение, на которое ссылаются мероприятия или «дорожные карты», не удаляется: "
        "укажите статус «прекратило действие» и дату «действует до»."
    )
    resource_classes = [AgreementResource]
    export_form_class = ColumnExportForm
    list_display = ["short_title", "regions_list", "signed_on", "number", "status"]
    list_filter = ["status", "regions__federal_district"]
    search_fields = ["title", "short_title", "number", "regions__short_name"]
    autocomplete_fields = ["regions"]
    prepopulated_fields = {"slug": ["short_title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description="субъекты-партнёры")
    def regions_list(self, obj):
        return ", ".join(region.short_name for region in obj.regions.all())


class RoadmapSectionInline(admin.TabularInline):
    model = RoadmapSection
    extra = 0
    fields = ["position", "number", "title"]
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(ReferenceDeleteGuardMixin, KeepsReportedProgressMixin, HistoryAdmin):
    progress_of = "item__section__roadmap"
    retire_hint = ROADMAP_RETIRE_HINT
    list_display = ["short_title", "region", "start_year", "end_year", "agreement"]
    list_filter = ["start_year", "region"]
    search_fields = ["title", "short_title"]
    autocomplete_fields = ["region", "agreement"]
    list_select_related = ["region", "agreement"]
    inlines = [RoadmapSectionInline]
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
                (year, report_page_links(kind=ROADMAP_REPORT, roadmap=obj.pk, year=year))
                for year in obj.years
            ],
        )

    def _download_execution(self, request, queryset, fmt):
        if queryset.count() != 1:
            self.message_user(request, "Выберите одну «дорожную карту».", messages.ERROR)
            return None
        roadmap = queryset.get()
        return HttpResponseRedirect(
            report_page_url(
                kind=ROADMAP_REPORT,
                roadmap=roadmap.pk,
                year=_latest_report_year(roadmap),
                format=fmt,
            )
        )

    @admin.action(
        description="Скачать отчёт об исполнении за последний год (DOCX)", permissions=["view"]
    )
    def download_execution_docx(self, request, queryset):
        return self._download_execution(request, queryset, "docx")

    @admin.action(
        description="Скачать отчёт об исполнении за последний год (XLSX)", permissions=["view"]
    )
    def download_execution_xlsx(self, request, queryset):
        return self._download_execution(request, queryset, "xlsx")


def _latest_report_year(roadmap):
    """The last year of the roadmap with progress entered; its first year if none yet."""
    years = roadmap.sections.values_list("items__progress_entries__year", flat=True)
    reported = [y for y in years if y is not None and y in roadmap.years]
    return max(reported) if reported else roadmap.start_year


class RoadmapItemInline(admin.StackedInline):
    model = RoadmapItem
    extra = 0
    fields = ["position", "number", "title", "timeline_text"]
    show_change_link = True


@admin.register(RoadmapSection)
class RoadmapSectionAdmin(ReferenceDeleteGuardMixin, KeepsReportedProgressMixin, HistoryAdmin):
    progress_of = "item__section"
    retire_hint = ROADMAP_RETIRE_HINT
    list_display = ["__str__", "roadmap", "position"]
    list_filter = ["roadmap"]
    search_fields = ["title", "number"]
    autocomplete_fields = ["roadmap"]
    list_select_related = ["roadmap"]
    inlines = [RoadmapItemInline]


class RoadmapResponsibilityInline(admin.TabularInline):
    model = RoadmapResponsibility
    extra = 0
    autocomplete_fields = ["department"]


class RoadmapProgressInline(admin.StackedInline):
    model = RoadmapProgress
    extra = 0
    fields = ["year", "position", "text"]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(
    ReferenceDeleteGuardMixin, KeepsReportedProgressMixin, SpreadsheetImportMixin, HistoryAdmin
):
    progress_of = "item"
    retire_hint = ROADMAP_RETIRE_HINT
    resource_classes = [RoadmapItemResource]
    export_form_class = ColumnExportForm
    list_display = ["number", "short_name", "section", "timeline_text"]
    list_filter = ["section__roadmap", "responsible_departments"]
    search_fields = ["number", "title", "section__title"]
    autocomplete_fields = ["section"]
    list_select_related = ["section__roadmap"]
    inlines = [RoadmapResponsibilityInline, RoadmapProgressInline]

    @admin.display(description="наименование", ordering="title")
    def short_name(self, obj):
        return obj.title[:120]


@admin.register(RoadmapProgress)
class RoadmapProgressAdmin(HistoryAdmin):
    list_display = ["item", "year", "position", "short_text"]
    list_filter = ["year", "item__section__roadmap"]
    search_fields = ["text", "item__number", "item__title"]
    autocomplete_fields = ["item"]
    list_select_related = ["item"]

    @admin.display(description="информация о ходе исполнения")
    def short_text(self, obj):
        return obj.text[:150]
