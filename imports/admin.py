"""«Импорт документа» in the admin: upload, the task worker checks it while the page shows its
progress, every row with its problems, confirm, the worker writes it; an import can be undone.
"""

import secrets

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django_tasks_db.models import DBTaskResult

from cooperation import access
from cooperation.admin_mixins import AppendOnlyAdminMixin
from cooperation.uploads import clear_pending_uploads
from imports.drafts import Preview
from imports.forms import ConfirmImportForm, DocumentUploadForm
from imports.layouts import Layout
from imports.matching import Problem
from imports.models import ImportJob, ImportJobState, ImportRecord
from imports.services import import_job_check_stalled, import_undo
from imports.tasks import pending_file, preview_document, write_document
from reports.documents import ReportKind

# django-tasks-db's list of task results speaks English and shows arguments and tracebacks: the
# pages of an upload and of a document build say in Russian what their task is doing instead.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# How often the page of a running upload asks again, in seconds.
REFRESH_SECONDS = 2


def _preview_of(job):
    """The checked document as the preview page shows it, from what the worker stored."""
    stored = job.preview
    layout = dict(stored["layout"])
    layout["kind"] = ReportKind(layout["kind"])
    if layout.get("roadmap_years"):
        layout["roadmap_years"] = tuple(layout["roadmap_years"])
    return Preview(
        Layout(**layout),
        stored["file_name"],
        stored["sha256"],
        problems=[Problem(**p) for p in stored["problems"]],
    )


def _new_names_of(job):
    """(name, what it looks like, rows) of every new name the job's preview found."""
    return [tuple(n) for n in (job.preview or {}).get("new_names", [])]


# The import journal is append-only: what was loaded, when and by whom stays on record.
@admin.register(ImportRecord)
class ImportRecordAdmin(AppendOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "file_name",
        "kind",
        "title",
        "by",
        "at",
        "created",
        "updated",
        "unchanged",
        "undone_at",
    ]
    list_filter = ["kind", "at"]
    search_fields = ["file_name", "title", "sha256"]
    list_select_related = ["by"]
    # What the import changed is kept for its undo; the page shows the counts, not the list.
    readonly_fields = [f.name for f in ImportRecord._meta.fields if f.name != "changes"]
    exclude = ["changes"]
    change_list_template = "imports/importrecord_changelist.html"
    change_form_template = "imports/importrecord_change_form.html"
    actions = ["undo_selected"]

    def get_queryset(self, request):
        # What a large import changed runs to hundreds of kilobytes: read only by its undo.
        return super().get_queryset(request).defer("changes")

    def can_import(self, request):
        return access.can_import(request.user)

    def has_undo_permission(self, request):
        return self.can_import(request)

    def get_urls(self):
        def view(function, name):
            return self.admin_site.admin_view(function), f"imports_importrecord_{name}"

        upload, upload_name = view(self.upload_view, "upload")
        job, job_name = view(self.job_view, "job")
        confirm, confirm_name = view(self.confirm_view, "confirm")
        undo, undo_name = view(self.undo_view, "undo")
        return [
            path("upload/", upload, name=upload_name),
            path("upload/<str:token>/", job, name=job_name),
            path("confirm/", confirm, name=confirm_name),
            path("<path:object_id>/undo/", undo, name=undo_name),
            *super().get_urls(),
        ]

    def _render(self, request, template, context, title="Импорт документа"):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    def upload_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            job = ImportJob.objects.create(
                token=secrets.token_hex(16),
                file_name=upload.name[:255],
                kind=form.cleaned_data["kind"] or "",
                by=request.user,
            )
            # Files of uploads never confirmed are removed after a day (as spreadsheets are).
            clear_pending_uploads()
            pending_file(job).save(upload.read())
            # The worker reads and checks the document; this request only hands it over.
            preview_document.enqueue(job.pk)
            return redirect("admin:imports_importrecord_job", token=job.token)
        return self._render(request, "imports/upload.html", {"form": form})

    def _job(self, request, token):
        if not self.can_import(request):
            raise PermissionDenied
        job = ImportJob.objects.filter(token=token).select_related("record").first()
        if job is None or (job.by_id != request.user.pk and not request.user.is_superuser):
            raise PermissionDenied("Загрузка не найдена: загрузите документ ещё раз.")
        return job

    def job_view(self, request, token):
        job = import_job_check_stalled(job=self._job(request, token))
        if job.state == ImportJobState.PREVIEW:
            preview = _preview_of(job)
            confirm = ConfirmImportForm(
                initial={"token": job.token, "kind": job.kind}, new_names=_new_names_of(job)
            )
            return self._render(
                request,
                "imports/preview.html",
                {"preview": preview, "form": confirm, "rows": job.preview["rows"], "job": job},
            )
        return self._render(
            request,
            "imports/job.html",
            {
                "job": job,
                "states": ImportJobState,
                "refresh": REFRESH_SECONDS if job.running else None,
                "waiting_long": job.waiting_too_long(),
                "can_undo": job.record is not None and job.record.undone_at is None,
            },
        )

    def confirm_view(self, request):
        if not self.can_import(request) or request.method != "POST":
            raise PermissionDenied
        # The job first: the names a user may confirm are those its preview found.
        job = self._job(request, request.POST.get("token", ""))
        form = ConfirmImportForm(request.POST, new_names=_new_names_of(job))
        if not form.is_valid():
            messages.error(
                request,
                "Подтверждение не принято: "
                + " ".join(e for errors in form.errors.values() for e in errors),
            )
            return redirect("admin:imports_importrecord_job", token=job.token)
        if job.state != ImportJobState.PREVIEW:
            messages.error(request, "Этот документ уже загружается или загружен.")
            return redirect("admin:imports_importrecord_job", token=job.token)
        if not pending_file(job).exists():
            messages.error(request, "Загруженный файл не найден: загрузите документ ещё раз.")
            return redirect("admin:imports_importrecord_upload")
        create = list(form.cleaned_data["create"])
        claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.PREVIEW).update(
            state=ImportJobState.CONFIRMED, create=create
        )
        if claimed:
            write_document.enqueue(job.pk)
        return redirect("admin:imports_importrecord_job", token=job.token)

    # --- Undo ------------------------------------------------------------------------------

    @admin.action(description="Отменить загрузку", permissions=["undo"])
    def undo_selected(self, request, queryset):
        records = list(queryset[:2])
        if len(records) != 1:
            messages.error(request, "Отменяют по одной загрузке: выберите одну.")
            return None
        return redirect("admin:imports_importrecord_undo", object_id=records[0].pk)

    def undo_view(self, request, object_id):
        if not self.has_undo_permission(request):
            raise PermissionDenied
        record = get_object_or_404(ImportRecord, pk=object_id)
        if request.method == "POST":
            try:
                import_undo(record=record, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    f"Загрузка «{record.file_name}» отменена: добавленное ею удалено, "
                    "изменённое возвращено к прежним значениям.",
                )
            return redirect("admin:imports_importrecord_change", record.pk)
        return self._render(
            request,
            "imports/undo.html",
            {"record": record, "object": record},
            title="Отменить загрузку",
        )
