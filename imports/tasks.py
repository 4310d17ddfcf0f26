"""The admin's document upload, run by the task worker (django.tasks; `manage.py run_worker`
with django-tasks-db): a large document is read and written there, never inside a request. The
upload's ImportJob carries the state and counters its page shows."""

import logging
from dataclasses import asdict, fields

from django.tasks import task
from django.utils import timezone

from cooperation.uploads import PendingUploadStorage
from imports.admin_preview import preview_rows
from imports.docx_reader import DocumentError
from imports.models import ImportJob, ImportJobState
from imports.services import ImportRejected, document_import, document_preview

logger = logging.getLogger("imports.tasks")
_COUNTERS = {"read": "rows_read", "matched": "rows_matched", "written": "rows_written"}
INTERNAL_ERROR = (
    "Документ не обработан из-за внутренней ошибки портала; она записана в журнал. "
    "Попробуйте ещё раз или сообщите администратору."
)


def pending_file(job):
    """Where the uploaded file waits in Django's storage (cooperation.uploads)."""
    return PendingUploadStorage(name=f"{job.token}.docx")


def _progress(job_id):
    def report(stage, rows):
        ImportJob.objects.filter(pk=job_id).update(
            **{_COUNTERS[stage]: rows}, updated_at=timezone.now()
        )

    return report


def _claim(job_id, source, target):
    """Move the job from `source` to `target`; False when another run took it already."""
    return bool(
        ImportJob.objects.filter(pk=job_id, state=source).update(
            state=target, updated_at=timezone.now()
        )
    )


def _fail(job_id, message):
    # The stored preview (megabytes for a large document) is read only while it waits for
    # the confirmation: a finished job keeps its counters and message, not its rows.
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJobState.FAILED, error=message, preview={}, updated_at=timezone.now()
    )


def _forget(job):
    # A file that cannot be imported is not kept: the user uploads a corrected one.
    storage = pending_file(job)
    if storage.exists():
        storage.remove()


def _preview_json(preview):
    layout = asdict(preview.layout)
    layout["kind"] = str(preview.layout.kind)
    return {
        "layout": layout,
        "file_name": preview.file_name,
        "sha256": preview.sha256,
        # Candidates are shown in the problem's text; the page needs no objects behind them.
        "problems": [
            {f.name: getattr(p, f.name) for f in fields(p) if f.name != "candidates"}
            for p in preview.problems
        ],
        "new_names": [[n.name, n.looks_like, n.rows] for n in preview.new_names],
        "rows": [
            [
                heading,
                number,
                [list(v) for v in values],
                [{"text": str(p), "blocking": p.blocking} for p in problems],
            ]
            for heading, number, values, problems in preview_rows(preview)
        ],
    }


@task
def preview_document(job_id):
    """Read and check the uploaded document; the page then shows every row and problem."""
    if not _claim(job_id, ImportJobState.QUEUED, ImportJobState.READING):
        return
    job = ImportJob.objects.get(pk=job_id)
    try:
        preview = document_preview(
            data=pending_file(job).read(),
            file_name=job.file_name,
            kind=job.kind or None,
            progress=_progress(job_id),
        )
    except DocumentError as error:
        _fail(job_id, str(error))
        _forget(job)
        return
    except Exception:
        logger.exception("Проверка документа %s не удалась", job.file_name)
        _fail(job_id, INTERNAL_ERROR)
        _forget(job)
        return
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJobState.PREVIEW, preview=_preview_json(preview), updated_at=timezone.now()
    )


@task
def write_document(job_id):
    """Write the confirmed document (all or nothing) and keep its record for the undo."""
    if not _claim(job_id, ImportJobState.CONFIRMED, ImportJobState.WRITING):
        return
    job = ImportJob.objects.select_related("by").get(pk=job_id)
    storage = pending_file(job)
    try:
        result = document_import(
            data=storage.read(),
            file_name=job.file_name,
            by=job.by,
            kind=job.kind or None,
            create=frozenset(job.create),
            progress=_progress(job_id),
        )
    except DocumentError as error:
        _fail(job_id, f"Документ не загружен: {error}")
        _forget(job)
        return
    except ImportRejected as rejected:
        _fail(
            job_id,
            f"Документ не загружен: замечаний — {len(rejected.problems)}: "
            + "; ".join(str(p) for p in rejected.problems[:20]),
        )
        _forget(job)
        return
    except Exception:
        logger.exception("Загрузка документа %s не удалась", job.file_name)
        _fail(job_id, INTERNAL_ERROR)
        return
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJobState.DONE, record=result.record, preview={}, updated_at=timezone.now()
    )
    _forget(job)
