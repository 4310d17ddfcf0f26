"""Admin pieces shared by the apps."""

import secrets

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import NestedObjects, display_for_field, quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.revisions import _get_options

import audit
from cooperation.access import restrict_to_user, sees_all_departments
from cooperation.resources import SAFE_FORMATS
from cooperation.uploads import (
    PendingUploadStorage,
    UploadRejected,
    check_upload_size,
    clear_pending_uploads,
)

EMPTY = "—"

_BOOLEAN_ALT = {True: "да", False: "нет", None: "неизвестно"}


def _boolean_icon(value):
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), _BOOLEAN_ALT[value]
    )


# Django's ticks and crosses say «True» and «False» to screen readers in every language; the
# admin's lists and read-only fields look the function up in this module when they draw one.
admin_list._boolean_icon = _boolean_icon


class DepartmentScopedAdminMixin:
    """Lists and pages show a user without a portal-wide role only their department's records.

    Staff never get is_staff, so this is defence in depth: a mistakenly promoted account still
    cannot read other departments through the admin.
    """

    department_field = "department"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return restrict_to_user(queryset, request.user, self.department_field)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            try:
                hidden = self.model._default_manager.filter(pk=unquote(object_id)).first()
            except (ValidationError, ValueError):
                hidden = None
            if hidden is not None:  # another department's record, asked for by its number
                audit.record(audit.Action.DENIED, obj=hidden, details="Запись другого департамента")
        return obj

    # Deleted records are listed and restored across departments (django-reversion knows no
    # scope): coordinators' work only.
    def recoverlist_view(self, request, extra_context=None):
        if not sees_all_departments(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not sees_all_departments(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)


class AppendOnlyAdminMixin:
    """A journal in the admin: read by those who may view it; nobody, a superuser included,
    adds, changes or deletes an entry (services write them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceDeleteGuardMixin:
    """Reference data that anything points to is retired, not deleted.

    Foreign keys to reference data PROTECT it, and the admin lists what refuses the delete. Links
    made by a ManyToManyField without its own through model (a reported event's regions, an
    agreement's partner regions, an event's roadmap items) would vanish with the record instead:
    they refuse the delete here, listed the same way. `retire_hint` says what to do instead.
    """

    retire_hint = ""

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *m2m_links_to(objs)]
        if protected and self.retire_hint:
            self.message_user(request, self.retire_hint, messages.WARNING)
        return deleted, model_count, perms_needed, protected


def m2m_links_to(objs):
    """What points through an auto-created many-to-many table at the records (and everything
    their delete would cascade to), as the admin's list of protected objects shows it."""
    objs = list(objs)
    if not objs:
        return []
    collector = NestedObjects(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    links = []
    for model, instances in collector.data.items():
        for relation in model._meta.related_objects:
            if not relation.many_to_many or not relation.through._meta.auto_created:
                continue
            source = relation.related_model
            leaving = {obj.pk for obj in collector.data.get(source, ())}
            pointing = source._base_manager.filter(**{f"{relation.field.name}__in": instances})
            for record in pointing.exclude(pk__in=leaving).distinct().order_by("pk"):
                links.append(
                    f"{capfirst(source._meta.verbose_name)}: {record} "
                    f"(«{relation.field.verbose_name}»)"
                )
    return links


def _display(field, value):
    if value is None or value == "" or value == []:
        return EMPTY
    if field.many_to_many:
        related = field.related_model._base_manager.filter(pk__in=value)
        return "; ".join(str(obj) for obj in related) or EMPTY
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"№ {value} (удалено)"
    return display_for_field(value, field, EMPTY)


def _comparable(field, value):
    return sorted(value) if field.many_to_many and value else value


class HistoryAdmin(VersionAdmin):
    """Every change kept by django-reversion: who and when, side-by-side comparison, revert.

    django-reversion-compare works on Django 6.1 but has no Russian translation, and its
    comparison page loads the record past get_queryset; this small view does neither.
    """

    object_history_template = "admin/history/object_history.html"
    # False where a past version must not be put back (the record changes through a workflow).
    allow_revert = True

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_compare"
        compare = self.admin_site.admin_view(self.compare_view)
        return [path("<path:object_id>/history/compare/", compare, name=name), *super().get_urls()]

    def _admin_url(self, view, *args):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args
        )

    def get_deleted_objects(self, objs, request):
        """The delete page without the rows that only link records (an event to its regions):
        Django names them «PlannedEvent_regions object (1)», which tells a person nothing."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [
            m._meta for m in apps.get_models(include_auto_created=True) if m._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}

        def without_links(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    if inner := without_links(item):
                        kept.append(inner)
                elif not str(item).startswith(prefixes):
                    kept.append(item)
            return kept

        counts = {name: n for name, n in counts.items() if str(name) not in plurals}
        return without_links(deleted), counts, perms_needed, protected

    def history_view(self, request, object_id, extra_context=None):
        may_revert = self.allow_revert and self.has_change_permission(request)
        versions = (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-revision__date_created", "-pk")
        )
        context = {
            "versions": [
                {
                    "version": version,
                    "revert_url": self._admin_url("revision", quote(version.object_id), version.pk)
                    if may_revert
                    else None,
                }
                for version in versions
            ],
            "allow_revert": may_revert,
            "compare_url": self._admin_url("compare", quote(unquote(object_id))),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion would name a record the user may not see in its «not found» message.
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("Запись не найдена или недоступна.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("Запись не найдена или недоступна.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        history_url = self._admin_url("history", quote(obj.pk))
        try:
            ids = {int(request.GET["version_id1"]), int(request.GET["version_id2"])}
        except (KeyError, ValueError):
            ids = set()
        chosen = Version.objects.get_for_object(obj).filter(pk__in=ids)
        chosen = sorted(chosen.select_related("revision__user"), key=lambda v: v.revision_id)
        if len(ids) != 2 or len(chosen) != 2:
            self.message_user(request, "Выберите две разные версии записи.", messages.WARNING)
            return HttpResponseRedirect(history_url)
        older, newer = chosen
        rows = self._field_rows(older, newer) + self._followed_rows(obj, older, newer)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Сравнение версий: {obj}",
            "object": obj,
            "older": older,
            "newer": newer,
            "rows": rows,
            "changed_count": sum(row["changed"] for row in rows),
            "history_url": history_url,
            "revert_url": self._admin_url("revision", quote(obj.pk), older.pk)
            if self.allow_revert and self.has_change_permission(request, obj)
            else None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/compare.html", context)

    def _field_rows(self, older, newer):
        rows = []
        for name in _get_options(self.model).fields:
            field = self.model._meta.get_field(name)
            if field.primary_key or not field.editable:
                continue  # the key and derived columns (search keys, timestamps) say nothing new
            old = older.field_dict.get(field.attname)
            new = newer.field_dict.get(field.attname)
            rows.append(
                {
                    "label": capfirst(field.verbose_name),
                    "old": _display(field, old),
                    "new": _display(field, new),
                    "changed": _comparable(field, old) != _comparable(field, new),
                }
            )
        return rows

    def _followed_rows(self, obj, older, newer):
        """Rows kept with the record (inlines), one line each, as they stood in each version."""
        rows = []
        for name in _get_options(self.model).follow:
            relation = self.model._meta.get_field(name)
            if not relation.one_to_many:
                continue
            back = relation.field.attname

            def children(version, model=relation.related_model, back=back):
                return [
                    child.object_repr
                    for child in version.revision.version_set.get_for_model(model).order_by("pk")
                    if child.field_dict.get(back) == obj.pk
                ]

            old, new = children(older), children(newer)
            rows.append(
                {
                    "label": capfirst(relation.related_model._meta.verbose_name_plural),
                    "old": "\n".join(old) or EMPTY,
                    "new": "\n".join(new) or EMPTY,
                    "changed": old != new,
                }
            )
        return rows


# --- Spreadsheet import (django-import-export) ----------------------------------------------

PENDING_SESSION_KEY = "pending-imports"
PENDING_PER_SESSION = 10


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except UploadRejected as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class SpreadsheetImportMixin(ImportExportMixin):
    """import-export's admin import and export, hardened.

    The uploaded file waits for confirmation in Django's storage (PendingUploadStorage) under a
    random name that never leaves the server: the confirm form carries a token that is looked up
    in the session of the user who made the preview, with the model, format and resource it was
    checked for. A token of another session, user or list, a changed format or resource, or a
    file already removed, ends in a message and a new upload; nothing outside the upload storage
    is ever read or deleted. Previews never confirmed are removed after a day (on each new
    upload and by `manage.py clear_pending_imports`).
    """

    formats = SAFE_FORMATS
    import_form_class = CheckedImportForm
    import_template_name = "admin/import_export/checked_import.html"
    tmp_storage_class = PendingUploadStorage

    def write_to_tmp_storage(self, import_file, input_format):
        clear_pending_uploads()
        storage = self.get_tmp_storage_class()(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        storage.save(b"".join(import_file.chunks()))
        return storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UploadRejected):
            message = str(e)
        else:
            message = (
                "Файл не читается в выбранном формате: проверьте, что формат выбран верно, и "
                "сохраните файл заново."
            )
        form.add_error("import_file", message)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if "confirm_form" not in context and form is not None and form.is_bound:
            # The preview found problems (or the file did not read): nothing waits for it.
            upload = getattr(form, "cleaned_data", {}).get("import_file")
            name = getattr(upload, "tmp_storage_name", None)
            if name:
                self._remove_pending({"name": name})
        return response

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is None:
            return initial
        token = secrets.token_urlsafe(24)
        pending = dict(request.session.get(PENDING_SESSION_KEY, {}))
        pending[token] = {
            "model": self.opts.label_lower,
            "user": request.user.pk,
            "name": initial["import_file_name"],
            "original_file_name": str(initial["original_file_name"])[:255],
            "format": str(initial["format"]),
            "resource": str(initial.get("resource") or ""),
            "at": timezone.now().isoformat(),
        }
        while len(pending) > PENDING_PER_SESSION:
            oldest = min(pending, key=lambda key: pending[key]["at"])
            self._remove_pending(pending.pop(oldest))
        request.session[PENDING_SESSION_KEY] = pending
        return {**initial, "import_file_name": token}

    def _remove_pending(self, record):
        self.get_tmp_storage_class()(
            name=record["name"], **self.get_tmp_storage_class_kwargs()
        ).remove()

    def _take_pending(self, request, token):
        """The session's record for `token`, removed from the session; None if there is none
        for this user and list."""
        pending = dict(request.session.get(PENDING_SESSION_KEY, {}))
        record = pending.get(token) if isinstance(token, str) else None
        if (
            not isinstance(record, dict)
            or record.get("model") != self.opts.label_lower
            or record.get("user") != request.user.pk
        ):
            return None
        del pending[token]
        request.session[PENDING_SESSION_KEY] = pending
        return record

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        again = redirect(
            reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import")
        )
        record = self._take_pending(request, request.POST.get("import_file_name"))
        if record is None:
            messages.error(
                request,
                "Проверенный файл не найден: подтверждение устарело или относится к другому "
                "сеансу. Загрузите файл ещё раз.",
            )
            return again
        try:
            if (request.POST.get("format"), request.POST.get("resource") or "") != (
                record["format"],
                record["resource"],
            ):
                messages.error(
                    request,
                    "Подтверждение не совпадает с проверенным файлом (формат или вид импорта). "
                    "Загрузите файл ещё раз.",
                )
                return again
            return self._confirm(request, record, again, **kwargs)
        finally:
            self._remove_pending(record)

    def _confirm(self, request, record, again, **kwargs):
        form = self.get_confirm_form_class(request)(
            data={
                "import_file_name": record["name"],
                "original_file_name": record["original_file_name"] or "файл",
                "format": record["format"],
                "resource": record["resource"],
            }
        )
        form.is_valid()
        input_format = self.get_import_formats()[int(record["format"])](encoding=self.from_encoding)
        storage = self.get_tmp_storage_class()(
            name=record["name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            dataset = input_format.create_dataset(storage.read())
        except OSError:
            messages.error(
                request,
                "Проверенный файл уже удалён (предпросмотр хранится сутки). "
                "Загрузите файл ещё раз.",
            )
            return again
        except UploadRejected as error:
            messages.error(request, f"Файл не загружен: {error}")
            return again
        result = self.process_dataset(
            dataset, form, request, rollback_on_validation_errors=True, **kwargs
        )
        if result.has_errors() or result.has_validation_errors():
            first = _first_problem(result)
            messages.error(
                request,
                "Ничего не загружено: с момента проверки данные изменились"
                + (f" ({first[:300]})" if first else "")
                + ". Загрузите файл ещё раз.",
            )
            return again
        return self.process_result(result, request)


def _first_problem(result):
    for error in result.base_errors:
        return str(error.error)
    for number, errors in result.row_errors():
        for error in errors:
            return f"строка {number}: {error.error}"
    for row in result.invalid_rows:
        for messages_ in row.error_dict.values():
            return f"строка {row.number}: {'; '.join(str(m) for m in messages_)}"
    return None
