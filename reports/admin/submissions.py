"""A department's quarterly report in the admin: review it, approve, return or reopen it, get
documents.

The report is born in the workspace or in an import and changes only through reports.services:
its page is a review page (the quarter as it will print, beside the quarter's plan, and the
history) with the workflow's actions and no Save or Delete; nothing is added or deleted here, and
past versions are compared but never put back. Each action carries the status the coordinator
saw, so a decision on a report somebody else has moved since is refused.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

import audit
from agreements.admin import report_page_links
from cooperation.access import reads_approved_only
from cooperation.admin_mixins import DepartmentScopedAdminMixin, HistoryAdmin
from reports.admin.completeness import CompletenessAdminMixin
from reports.cache import DocumentSpec
from reports.documents import ReportKind
from reports.exports import document_response
from reports.models import Submission, SubmissionAction, SubmissionStatus
from reports.reminders import returned_unreachable_message
from reports.selectors import Outcome, quarter_review
from reports.services import (
    REOPEN_COMMENT_REQUIRED,
    RETURN_COMMENT_REQUIRED,
    submission_allowed_actions,
    submission_approve,
    submission_reopen,
    submission_return,
)

# What a successful action is called in the message and in the bulk revision's comment.
_DONE = {
    submission_approve: "Принят",
    submission_return: "Возвращён на доработку",
    submission_reopen: "Открыт для изменений",
}


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
    audit.record(audit.Action.EXPORTED, details=f"{fmt}: сводный отчёт за {quarter} кв. {year}")
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
    actions = [
        "approve_selected",
        "return_selected",
        "reopen_selected",
        "download_quarterly_docx",
        "download_quarterly_xlsx",
    ]
    change_list_template = "admin/reports/submission/change_list.html"
    allow_revert = False  # see revision_view

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if reads_approved_only(request.user):
            # A report not yet approved is a draft: officials read approved quarters only.
            queryset = queryset.approved()
        return queryset

    def has_add_permission(self, request):
        return False  # reports are made in the workspace or by an import

    def has_delete_permission(self, request, obj=None):
        # Deleting a report would erase its review history and silently reopen the quarter.
        return False

    def has_review_permission(self, request, obj=None):
        """Approving, returning and reopening change the report: coordinators yes, officials no."""
        return self.has_change_permission(request, obj)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/approve/", wrap(self.approve_view), name=f"{name}_approve"),
            path("<path:object_id>/return/", wrap(self.return_view), name=f"{name}_return"),
            path("<path:object_id>/reopen/", wrap(self.reopen_view), name=f"{name}_reopen"),
            *super().get_urls(),
        ]

    # --- The review page ------------------------------------------------------------------

    def _visible(self, request, object_id):
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404("Отчёт не найден или недоступен.")
        if not self.has_view_or_change_permission(request, submission):
            raise PermissionDenied
        return submission

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page. It has no form: a report changes through the actions only."""
        if request.method == "POST":
            raise PermissionDenied(
                "Отчёт меняется только действиями проверки: «Принять», «Вернуть на доработку», "
                "«Открыть для изменений»."
            )
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, submission):
            raise PermissionDenied
        allowed = frozenset()
        if self.has_review_permission(request, submission):
            allowed = submission_allowed_actions(submission=submission)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Проверка отчёта: {submission.department.short_name}, "
            f"{submission.period_title}",
            "original": submission,
            "has_view_permission": True,
            "review": {
                "can_approve": SubmissionAction.APPROVED in allowed,
                "can_return": SubmissionAction.RETURNED in allowed,
                "can_reopen": SubmissionAction.REOPENED in allowed,
                "approve_url": self._admin_url("approve", submission.pk),
                "return_url": self._admin_url("return", submission.pk),
                "reopen_url": self._admin_url("reopen", submission.pk),
            },
            "quarter": quarter_review(submission),
            "outcome": Outcome,
            "history_url": self._admin_url("history", submission.pk),
            "documents": self.consolidated_report(submission),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/submission/review.html", context)

    def approve_view(self, request, object_id):
        return self._single_review(request, object_id, submission_approve)

    def return_view(self, request, object_id):
        return self._single_review(
            request, object_id, submission_return, comment=request.POST.get("comment", "")
        )

    def reopen_view(self, request, object_id):
        """A confirmation page with the reason to give; the POST reopens."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        submission = self._visible(request, object_id)
        comment = request.POST.get("comment", "").strip() if request.method == "POST" else ""
        error = ""
        if request.method == "POST":
            if comment:
                self._review(
                    request,
                    [submission],
                    submission_reopen,
                    comment=comment,
                    expected_status=request.POST.get("status") or None,
                )
                return HttpResponseRedirect(self._admin_url("change", submission.pk))
            error = REOPEN_COMMENT_REQUIRED
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Открыть для изменений: {submission}",
            "original": submission,
            "comment": comment,
            "error": error,
            "change_url": self._admin_url("change", submission.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/submission/reopen.html", context)

    def _single_review(self, request, object_id, transition, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_review_permission(request):
            raise PermissionDenied
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404("Отчёт не найден.")
        # The status shown on the page the coordinator decided on.
        expected = request.POST.get("status")
        if expected not in SubmissionStatus.values:
            expected = None
        self._review(request, [submission], transition, expected_status=expected, **kwargs)
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
            verb = _DONE[transition]
            names = ", ".join(f"«{submission}»" for submission in done)
            self.message_user(request, f"{verb} ({len(done)}): {names}.", messages.SUCCESS)
            if reversion.is_active():
                # A bulk action runs inside the changelist's revision: name it after the action.
                reversion.set_comment(f"{verb} ({len(done)}): {names}")
        if transition is submission_return:
            # A return whose letter reaches nobody is said here, not only in the server's log.
            for submission in done:
                if warning := returned_unreachable_message(submission):
                    self.message_user(request, warning, messages.WARNING)
        return done

    def _confirmation(
        self, request, queryset, *, action, title, button, comment=None, error="", comment_label=""
    ):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "submissions": list(queryset.select_related("department")),
            "action": action,
            "button": button,
            "ask_comment": comment is not None,
            "comment_label": comment_label,
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

    def _with_comment(self, request, queryset, transition, *, required, **page):
        comment = request.POST.get("comment", "").strip()
        error = ""
        if request.POST.get("confirmed") == "yes":
            if comment:
                submissions = queryset.select_related("department")
                self._review(request, submissions, transition, comment=comment)
                return None
            error = required
        return self._confirmation(request, queryset, comment=comment, error=error, **page)

    @admin.action(description="Вернуть на доработку", permissions=["review"])
    def return_selected(self, request, queryset):
        return self._with_comment(
            request,
            queryset,
            submission_return,
            required=RETURN_COMMENT_REQUIRED,
            action="return_selected",
            title="Вернуть отчёты на доработку",
            button="Вернуть на доработку",
            comment_label="Что нужно исправить (обязательно; получат сотрудники департаментов):",
        )

    @admin.action(description="Открыть принятые отчёты для изменений", permissions=["review"])
    def reopen_selected(self, request, queryset):
        return self._with_comment(
            request,
            queryset,
            submission_reopen,
            required=REOPEN_COMMENT_REQUIRED,
            action="reopen_selected",
            title="Открыть принятые отчёты для изменений",
            button="Открыть для изменений",
            comment_label="Зачем отчёт открывается (обязательно; получат сотрудники "
            "департаментов и увидят на странице отчёта):",
        )

    # --- History: read and compare, never revert ------------------------------------------

    # Putting back a past version would change the status without a review entry (and drop the
    # review entries written since): a report changes state only through the actions above.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.message_user(
            request,
            "Версию отчёта нельзя восстановить: статус меняется только действиями «Принять», "
            "«Вернуть на доработку» и «Открыть для изменений». Версии можно посмотреть и "
            "сравнить.",
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
