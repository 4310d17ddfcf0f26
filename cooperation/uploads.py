"""Uploaded files are untrusted: what every upload path checks before reading one, and where a
spreadsheet waits between its preview and the confirmation.

An OOXML file is a zip archive. Its directory is checked before any part is unpacked (number of
entries, declared sizes, compression ratio, encryption, compression method); Python's zipfile
never unpacks more than an entry's declared size, so the checked sizes bound the work. Parts are
read with a size cap, and a part that carries a DTD (entities, external references) is refused.
"""

import io
import lzma
import struct
import zipfile
import zlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from import_export.tmp_storages import MediaStorage

MAX_ENTRIES = 1000
# A part may be unpacked to at most this many times its packed size (deflate reaches ~1000:1 on
# filler; Word and Excel files stay well under 100:1). Small parts are exempt.
MAX_RATIO = 300
RATIO_FLOOR = 1024 * 1024
MAX_PART_SIZE = 64 * 1024 * 1024
# No cell of a report, plan or roadmap comes near this; capping what an import reads keeps every
# later regular expression and name match fast.
MAX_CELL_CHARS = 20_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc/.xls files
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,
)


class UploadRejected(ValueError):
    """The uploaded file is refused; the message is for the user."""


def upload_limit():
    return settings.IMPORT_MAX_UPLOAD_SIZE


def megabytes(size):
    return f"{size / 1024 / 1024:.0f} МБ"


def check_upload_size(size):
    limit = upload_limit()
    if size > limit:
        raise UploadRejected(f"Файл больше допустимых {megabytes(limit)}.")


def _inflated_limit():
    return settings.IMPORT_MAX_UNCOMPRESSED_SIZE


def open_archive(data, *, not_zip):
    """The zip archive of an OOXML file, its directory checked; nothing is unpacked yet.

    `not_zip` is the message for a file that is no archive at all (it names what was expected).
    """
    check_upload_size(len(data))
    if data.startswith(OLE_SIGNATURE):
        raise UploadRejected(
            "Файл защищён паролем или сохранён в старом формате Office (.doc, .xls). "
            "Снимите пароль и сохраните файл в формате .docx или .xlsx."
        )
    if not data.startswith(b"PK"):
        raise UploadRejected(not_zip)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except _ZIP_ERRORS as error:
        raise UploadRejected("Файл повреждён: его архив не читается.") from error
    if len(entries) > MAX_ENTRIES:
        raise UploadRejected(
            f"В архиве файла {len(entries)} частей (допустимо не больше {MAX_ENTRIES}); "
            "такой файл не принимается."
        )
    names = [entry.filename for entry in entries]
    if len(set(names)) != len(names):
        raise UploadRejected("Файл повреждён: в его архиве повторяются имена частей.")
    max_inflated = _inflated_limit()
    declared = sum(entry.file_size for entry in entries)
    if declared > max_inflated:
        raise UploadRejected(
            f"Архив файла распаковывается в {megabytes(declared)} — больше допустимых "
            f"{megabytes(max_inflated)}."
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UploadRejected("Файл защищён паролем: снимите пароль и загрузите его снова.")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UploadRejected("Файл сжат неподдерживаемым способом: сохраните его заново.")
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise UploadRejected(
                f"Часть файла «{entry.filename[:100]}» распаковывается в "
                f"{entry.file_size // max(entry.compress_size, 1)} раз больше своего размера; "
                "такой файл (архивная «бомба») не принимается."
            )
    return archive


def read_part(archive, name, *, cap=MAX_PART_SIZE):
    """A part of the archive, read at most to `cap` bytes (and to the overall limit)."""
    cap = min(cap, _inflated_limit())
    try:
        with archive.open(name) as stream:
            data = stream.read(cap + 1)
    except KeyError as error:
        raise UploadRejected(f"В архиве файла нет части «{name}».") from error
    except _ZIP_ERRORS as error:
        raise UploadRejected("Файл повреждён: часть его архива не читается.") from error
    if len(data) > cap:
        raise UploadRejected(
            f"Часть файла «{name[:100]}» распаковывается больше чем в {megabytes(cap)}; "
            "такой файл не принимается."
        )
    return data


def check_xml_parts(archive, *, suffixes=(".xml", ".rels"), counted=None):
    """Every XML part unpacked once, as a stream: CRC errors and DTDs are found before a reader
    (openpyxl) parses anything. With `counted` (a bytes regex of short matches), returns how
    many times it occurs in each part, so a reader can be spared a part too big to parse."""
    counts = {}
    for entry in archive.infolist():
        if not entry.filename.lower().endswith(suffixes):
            continue
        tail, count = b"", 0
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(1024 * 1024):
                    window = tail + chunk
                    if any(marker in window for marker in _DTD_MARKERS):
                        raise UploadRejected(
                            "Файл содержит недопустимые конструкции XML (DTD, сущности)."
                        )
                    if counted is not None:
                        count += len(counted.findall(window)) - len(counted.findall(tail))
                    tail = window[-16:]
        except UploadRejected:
            raise
        except _ZIP_ERRORS as error:
            raise UploadRejected("Файл повреждён: часть его архива не читается.") from error
        counts[entry.filename] = count
    return counts


# --- Spreadsheets waiting for confirmation ----------------------------------------------------

PENDING_FOLDER = "pending-imports"
PENDING_MAX_AGE = timedelta(days=1)


class PendingUploadStorage(MediaStorage):
    """django-import-export's temporary file, kept in Django's storage (the "import_export"
    alias, else the default), so web and worker may run on different machines. The name is a
    random hex string chosen here; the confirm form never carries it (see SpreadsheetImportMixin).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("MEDIA_FOLDER", PENDING_FOLDER)
        super().__init__(**kwargs)

    def exists(self):
        return bool(self.name) and self._storage.exists(self.get_full_path())

    def remove(self):
        if self.exists():
            self._storage.delete(self.get_full_path())


def clear_pending_uploads(*, older_than=PENDING_MAX_AGE, now=None):
    """Remove spreadsheets whose preview was never confirmed; returns how many were removed."""
    storage = PendingUploadStorage()._storage
    limit = (now or timezone.now()) - older_than
    try:
        _, files = storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"{PENDING_FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue  # removed meanwhile by a confirmation or another cleaner
    return removed
