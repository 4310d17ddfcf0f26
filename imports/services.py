"""Import of legacy Word documents: preview every row with its problems, then write it all in
one transaction, or nothing. Importing the same document again changes nothing; an import is one
record in the journal and can be undone as a whole while nothing it wrote has changed since."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from imports.docx_reader import DocumentError, read_docx
from imports.drafts import ImportResult, Preview
from imports.layouts import detect_layout, read_grid
from imports.models import ImportJob, ImportJobState, ImportRecord
from imports.readers import read_rows
from imports.writers import undo_changes, write_preview


class ImportRejected(ValueError):
    """The document has problems that must be fixed (or confirmed) before anything is stored."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:20]))


def _report(progress, stage, rows):
    if progress is not None:
        progress(stage, rows)


def document_preview(*, data, file_name, kind=None, create=frozenset(), progress=None):
    """Read the document and show what would be stored; writes nothing. `create`: the new
    department and agreement names, exactly as the document writes them, that the user confirmed
    for creation (preview.new_names lists every new name); `progress(stage, rows)` hears of
    "read" and "matched" rows."""
    raw = read_docx(data)
    layout = detect_layout(raw.title_lines, kind=kind)
    rows = read_grid(raw, layout)
    _report(progress, "read", sum(1 for r in rows if r.group is None))
    preview = Preview(layout, file_name, hashlib.sha256(data).hexdigest())
    read_rows(preview, rows, create=create)
    _report(progress, "matched", len(preview.events) + len(preview.items))
    return preview


def document_import(
    *, data, file_name, by=None, kind=None, create=frozenset(), dry_run=False, progress=None
):
    """Import the document, all or nothing. Raises DocumentError (unreadable file) or
    ImportRejected (problems to fix first); with dry_run nothing is kept."""
    preview = document_preview(
        data=data, file_name=file_name, kind=kind, create=create, progress=progress
    )
    if preview.blocking:
        raise ImportRejected(preview.blocking)
    result = ImportResult(preview)
    # One record for the whole document (no per-row history): it keeps what the import added
    # and the previous values of what it changed, for the undo.
    with transaction.atomic():
        changes = write_preview(preview, result, by=by)
        if dry_run:
            transaction.set_rollback(True)
        else:
            result.record = ImportRecord.objects.create(
                file_name=file_name[:255],
                sha256=preview.sha256,
                kind=preview.layout.kind,
                title=preview.layout.title,
                by=by,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                changes=changes.as_json(),
            )
            audit.record(audit.Action.IMPORTED, obj=result.record, user=by, details=file_name)
    _report(progress, "written", result.created + result.updated + result.unchanged)
    return result


def import_undo(*, record, by):
    """Undo a whole import: what it added is deleted, what it changed gets its previous values.
    Refused (ValidationError, in Russian) when it is already undone, or when anything it wrote
    has been changed since."""
    with transaction.atomic():
        locked = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if locked.undone_at is not None:
            raise ValidationError(
                f"Загрузка «{locked.file_name}» уже отменена "
                f"{timezone.localtime(locked.undone_at):%d.%m.%Y %H:%M}.",
                code="already_undone",
            )
        if not locked.changes:
            raise ValidationError(
                "Для этой загрузки не сохранено, что она изменила (она сделана до того, как "
                "загрузки стало можно отменять): отменить её нельзя.",
                code="no_changes",
            )
        undo_changes(locked.changes)
        locked.undone_at = timezone.now()
        locked.undone_by = by
        locked.save(update_fields=["undone_at", "undone_by"])
        audit.record(audit.Action.UNDONE, obj=locked, user=by, details=locked.file_name)
    record.refresh_from_db()
    return record


# A document of thousands of rows is read or written in seconds and reports each stage as it
# goes: a job silent this long lost its worker (a restart mid-task). Its write was one
# transaction, so nothing of it is stored, and the user may upload the file again.
STALLED_AFTER = timedelta(minutes=15)
STALLED_MESSAGE = (
    "Обработка документа прервалась: обработчик задач остановился, ничего не записано. "
    "Загрузите документ ещё раз."
)


def import_job_check_stalled(*, job, now=None):
    """Mark a job whose worker died as failed; returns the job as it is now."""
    now = now or timezone.now()
    busy = (ImportJobState.READING, ImportJobState.WRITING)
    if job.state in busy and now - job.updated_at > STALLED_AFTER:
        ImportJob.objects.filter(pk=job.pk, state=job.state, updated_at=job.updated_at).update(
            state=ImportJobState.FAILED, error=STALLED_MESSAGE, preview={}, updated_at=now
        )
        job.refresh_from_db()
    return job


__all__ = [
    "DocumentError",
    "ImportRejected",
    "document_import",
    "document_preview",
    "import_job_check_stalled",
    "import_undo",
]
