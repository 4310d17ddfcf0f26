"""«Импорт документа» in the admin: upload, preview every row with its problems, confirm."""

import secrets
import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from cooperation import access
from imports.admin_preview import preview_rows
from imports.docx_reader import DocumentError
from imports.forms import ConfirmImportForm, DocumentUploadForm
from imports.models import ImportRecord
from imports.services import ImportRejected, document_import, document_preview

# Uploaded files wait here between the preview and the confirmation, named by a random token.
PENDING_DIR = Path(tempfile.gettempdir()) / "cooperation-imports"


def _pending_path(token):
    if not token.isalnum():
        raise PermissionDenied("Неверная ссылка на загруженный файл.")
    return PENDING_DIR / f"{token}.docx"


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "title", "by", "at", "created", "updated", "unchanged"]
    list_filter = ["kind", "at"]
    search_fields = ["file_name", "title", "sha256"]
    list_select_related = ["by"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]
    change_list_template = "imports/importrecord_changelist.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The import journal is append-only: what was loaded, when and by whom stays on record.
        return False

    def can_import(self, request):
        return access.can_import(request.user)

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="imports_importrecord_upload",
            ),
            path(
                "confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="imports_importrecord_confirm",
            ),
            *super().get_urls(),
        ]

    def _render(self, request, template, context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Импорт документа",
                **context,
            },
        )

    def upload_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            kind = form.cleaned_data["kind"] or None
            try:
                preview = document_preview(data=data, file_name=upload.name, kind=kind)
            except DocumentError as error:
                form.add_error("file", str(error))
            else:
                token = secrets.token_hex(16)
                PENDING_DIR.mkdir(parents=True, exist_ok=True)
                _pending_path(token).write_bytes(data)
                request.session[f"import-{token}"] = upload.name
                new_names = [tuple(n) for n in preview.new_names]
                request.session[f"import-{token}-new"] = new_names
                confirm = ConfirmImportForm(
                    initial={"token": token, "kind": kind or ""}, new_names=new_names
                )
                return self._render(
                    request,
                    "imports/preview.html",
                    {
                        "preview": preview,
                        "form": confirm,
                        "rows": preview_rows(preview),
                    },
                )
        return self._render(request, "imports/upload.html", {"form": form})

    def confirm_view(self, request):
        if not self.can_import(request) or request.method != "POST":
            raise PermissionDenied
        token = request.POST.get("token", "")
        new_names = request.session.get(f"import-{token}-new", [])
        form = ConfirmImportForm(request.POST, new_names=new_names)
        if not form.is_valid():
            raise PermissionDenied("Неверная форма подтверждения.")
        file_name = request.session.get(f"import-{token}")
        pending = _pending_path(token)
        if file_name is None or not pending.exists():
            messages.error(request, "Загруженный файл не найден: загрузите документ ещё раз.")
            return redirect("admin:imports_importrecord_upload")
        try:
            result = document_import(
                data=pending.read_bytes(),
                file_name=file_name,
                by=request.user,
                kind=form.cleaned_data["kind"] or None,
                create=frozenset(form.cleaned_data["create"]),
            )
        except (DocumentError, ImportRejected) as error:
            messages.error(request, f"Документ не загружен: {error}")
            return redirect("admin:imports_importrecord_upload")
        pending.unlink(missing_ok=True)
        request.session.pop(f"import-{token}", None)
        request.session.pop(f"import-{token}-new", None)
        messages.success(
            request,
            f"Загружено: {result.preview.layout.title}. Добавлено — {result.created}, "
            f"изменено — {result.updated}, без изменений — {result.unchanged}.",
        )
        return redirect(reverse("admin:imports_importrecord_changelist"))
