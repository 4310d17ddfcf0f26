"""A department's quarterly report in the admin: read it, approve or return it, get documents.

The report is born in the workspace or in an import and changes status only through
reports.services: here the department, period and status are read-only, nothing is added, and
past versions are compared but never put back.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from agreements.admin import report_page_links
from cooperation.admin_mixins import DepartmentScopedAdminMixin, HistoryAdmin
from events.models import ReportedEvent
from reports.admin.completeness import CompletenessAdminMixin
from reports.cache import DocumentSpec
from reports.documents import ReportKind
from reports.exports import document_response
from reports.models import Submission, SubmissionAction, SubmissionHistory
from reports.services import (
    RETURN_COMMENT_REQUIRED,
    submission_allowed_actions,
    submission_approve,
    submission_return,
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
    spec = DocumentSpec.of(ReportKind.QUARTERLY, year=year, quarter=quarter)
    return document_response(request, spec, fmt)


def _reason(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Недостаточно прав."


@admin.register(Submission)
class SubmissionAdmin(CompletenessAdminMixin, DepartmentScopedAdminMixin, HistoryAdmin):
    list_display = ["department", "year", "quarter", "status", "submitted_at", "reviewed_at"]
    list_filter = ["year", "quarter", "status", "department"]
    search_fields = ["department__name", "department__short_name", "review_comment"]
    list_select_related = ["department"]
    fields = [
        "department",
        "year",
        "quarter",
        "status",
        "heading_note",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "created_at",
        "updated_at",
        "consolidated_report",
    ]
    # Only the heading note is edited here. Moving a report to another department or quarter
    # would carry its status there without a review; the status changes through the actions.
    readonly_fields = [name for name in fields if name != "heading_note"]
    inlines = [SubmissionHistoryInline]
    actions = [
        "approve_selected",
        "return_selected",
        "download_quarterly_docx",
        "download_quarterly_xlsx",
    ]
    change_list_template = "admin/reports/submission/change_list.html"
    allow_revert = False  # see revision_view

    def has_add_permission(self, request):
        return False  # reports are made in the workspace or by an import

    def has_review_permission(self, request, obj=None):
        """Approving and returning is changing the report: coordinators yes, officials no."""
        return self.has_change_permission(request, obj)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/approve/", wrap(self.approve_view), name=f"{name}_approve"),
            path("<path:object_id>/return/", wrap(self.return_view), name=f"{name}_return"),
            *super().get_urls(),
        ]

    # --- Change page ----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if submission is not None:
            allowed = frozenset()
            if self.has_review_permission(request, submission):
                allowed = submission_allowed_actions(submission=submission)
            context["review"] = {
                "can_approve": SubmissionAction.APPROVED in allowed,
                "can_return": SubmissionAction.RETURNED in allowed,
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

    # --- Documents ------------------------------------------------------------------------

    @admin.display(description="сводный отчёт за квартал")
    def consolidated_report(self, obj):
        if obj.pk is None:
            return "—"
        params = {"kind": ReportKind.QUARTERLY, "year": obj.year, "quarter": obj.quarter}
        return format_html(
            "Принятые отчёты: {}<br>Проект со всеми отчётами: {}",
            report_page_links(**params),
            report_page_links(**params, draft="on"),
        )

    @admin.action(description="Скачать сводный отчёт за квартал (DOCX)", permissions=["view"])
    def download_quarterly_docx(self, request, queryset):
        return _download_quarterly(self, request, queryset, "docx")

    @admin.action(description="Скачать сводный отчёт за квартал (XLSX)", permissions=["view"])
    def download_quarterly_xlsx(self, request, queryset):
        return _download_quarterly(self, request, queryset, "xlsx")
