"""Import of legacy Word documents: preview every row with its problems, then write it all in
one transaction, or nothing. Importing the same document again changes nothing."""

import hashlib

import reversion
from django.db import transaction

import audit
from imports.docx_reader import DocumentError, read_docx
from imports.drafts import ImportResult, Preview
from imports.layouts import detect_layout, read_grid
from imports.models import ImportRecord
from imports.readers import read_rows
from imports.writers import write_preview


class ImportRejected(ValueError):
    """The document has problems that must be fixed (or confirmed) before anything is stored."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:20]))


def document_preview(*, data, file_name, kind=None, create=frozenset()):
    """Read the document and show what would be stored; writes nothing. `create`: the new
    department and agreement names, exactly as the document writes them, that the user confirmed
    for creation (preview.new_names lists every new name)."""
    raw = read_docx(data)
    layout = detect_layout(raw.title_lines, kind=kind)
    rows = read_grid(raw, layout)
    preview = Preview(layout, file_name, hashlib.sha256(data).hexdigest())
    read_rows(preview, rows, create=create)
    return preview


def document_import(*, data, file_name, by=None, kind=None, create=frozenset(), dry_run=False):
    """Import the document, all or nothing. Raises DocumentError (unreadable file) or
    ImportRejected (problems to fix first); with dry_run nothing is kept."""
    preview = document_preview(data=data, file_name=file_name, kind=kind, create=create)
    if preview.blocking:
        raise ImportRejected(preview.blocking)
    result = ImportResult(preview)
    # One revision for the whole document: the admin history shows who imported which file.
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(f"Импорт документа «{file_name}»")
        write_preview(preview, result, by=by)
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
            )
            audit.record(audit.Action.IMPORTED, obj=result.record, user=by, details=file_name)
    return result


__all__ = ["DocumentError", "ImportRejected", "document_import", "document_preview"]
