"""Helpers shared by the DOCX and XLSX writers, which stream their main XML part into the zip."""

import re
import zipfile
from itertools import chain
from xml.sax.saxutils import escape

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Level 4 deflate: nearly the size of the default level at about half the time.
COMPRESS_LEVEL = 4
_CHUNK = 1 << 20


def xml_text(text):
    return escape(_ILLEGAL_XML.sub("", text))


def with_next(rows, end):
    """Each row with the one after it (or `end`), without holding more than two rows."""
    iterator = iter(rows)
    current = next(iterator, end)
    if current is end:
        return
    for following in chain(iterator, [end]):
        yield current, following
        current = following


def write_streamed(archive: zipfile.ZipFile, name, parts):
    """Write an iterable of str parts into one deflated entry, buffering about a megabyte."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.compress_level = COMPRESS_LEVEL
    with archive.open(info, "w", force_zip64=True) as stream:
        buffer, size = [], 0
        for part in parts:
            buffer.append(part)
            size += len(part)
            if size >= _CHUNK:
                stream.write("".join(buffer).encode("utf-8"))
                buffer, size = [], 0
        if buffer:
            stream.write("".join(buffer).encode("utf-8"))


def write_entry(archive: zipfile.ZipFile, name, data):
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.compress_level = COMPRESS_LEVEL
    archive.writestr(info, data)


def open_target(out):
    """Zip writers need a seekable file; an HTTP response is filled after the zip is closed."""
    import io

    if out is not None and getattr(out, "seekable", lambda: False)():
        return out, None
    buffer = io.BytesIO()
    return buffer, buffer
