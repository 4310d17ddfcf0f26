"""Helpers shared by the DOCX and XLSX writers, which stream their main XML part into the zip."""

import io
import re
import zipfile
from datetime import UTC
from itertools import chain
from xml.sax.saxutils import escape

from django.utils import timezone

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Who wrote the file, in its properties (author, application).
APPLICATION = "Портал межрегионального сотрудничества"
LANGUAGE = "ru-RU"

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Level 4 deflate: nearly the size of the default level at about half the time.
COMPRESS_LEVEL = 4
_CHUNK = 1 << 20


def xml_text(text):
    return escape(_ILLEGAL_XML.sub("", text))


def content_types(overrides):
    """[Content_Types].xml: the package parts every file has, and `overrides` (part → type)."""
    parts = {
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": (
            "application/vnd.openxmlformats-officedocument.extended-properties+xml"
        ),
        **overrides,
    }
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in parts.items()
        )
        + "</Types>"
    )


def core_properties(title, now):
    """docProps/core.xml: title, author, language, and the moment the file was made."""
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(title)}</dc:title><dc:creator>{APPLICATION}</dc:creator>"
        f"<cp:lastModifiedBy>{APPLICATION}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dc:language>{LANGUAGE}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def with_next(rows, end):
    """Each row with the one after it (or `end`), without holding more than two rows."""
    iterator = iter(rows)
    current = next(iterator, end)
    if current is end:
        return
    for following in chain(iterator, [end]):
        yield current, following
        current = following


def _info(name, now):
    info = zipfile.ZipInfo(name, date_time=timezone.localtime(now).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.compress_level = COMPRESS_LEVEL
    return info


def write_streamed(archive: zipfile.ZipFile, name, parts, now):
    """Write an iterable of str parts into one deflated entry, buffering about a megabyte."""
    with archive.open(_info(name, now), "w", force_zip64=True) as stream:
        buffer, size = [], 0
        for part in parts:
            buffer.append(part)
            size += len(part)
            if size >= _CHUNK:
                stream.write("".join(buffer).encode("utf-8"))
                buffer, size = [], 0
        if buffer:
            stream.write("".join(buffer).encode("utf-8"))


def write_entry(archive: zipfile.ZipFile, name, data, now):
    archive.writestr(_info(name, now), data)


def open_target(out):
    """Zip writers need a seekable file; an HTTP response is filled after the zip is closed."""
    if out is not None and getattr(out, "seekable", lambda: False)():
        return out, None
    buffer = io.BytesIO()
    return buffer, buffer
