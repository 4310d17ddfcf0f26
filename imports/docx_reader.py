"""Reading a Word table straight from the DOCX XML, defensively.

python-docx's row.cells takes seconds on a 5,000-row table with vertical merges; walking the XML
with lxml takes a fraction of a second. Uploaded files are untrusted: size limits, archive
inflation, encrypted or renamed files and XML entities are all refused with a Russian message.
"""

import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc files


class DocumentError(ValueError):
    """The file cannot be read as a document; the message is for the user."""


@dataclass
class Cell:
    text: str
    span: int = 1
    merge: str | None = None  # "restart", "continue" or None (Word's vMerge)


@dataclass
class RawTable:
    title_lines: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _limits():
    return (
        getattr(settings, "IMPORT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024),
        getattr(settings, "IMPORT_MAX_UNCOMPRESSED_SIZE", 200 * 1024 * 1024),
    )


def _megabytes(size):
    return f"{size / 1024 / 1024:.0f} МБ"


def _open_archive(data):
    max_upload, max_inflated = _limits()
    if len(data) > max_upload:
        raise DocumentError(f"Файл больше допустимых {_megabytes(max_upload)}.")
    if data.startswith(OLE_SIGNATURE):
        raise DocumentError(
            "Файл защищён паролем или сохранён в старом формате Word (.doc). "
            "Снимите пароль и сохраните документ как .docx."
        )
    if not data.startswith(b"PK"):
        raise DocumentError("Файл не является документом Word (.docx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise DocumentError("Файл повреждён: архив документа не читается.") from error
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise DocumentError(
                "Это таблица Excel, а не документ Word: загрузите .docx "
                "(таблицы загружаются через «Импорт» в списках записей)."
            )
        raise DocumentError("Файл не является документом Word (.docx).")
    declared = sum(info.file_size for info in archive.infolist())
    if declared > max_inflated:
        raise DocumentError(
            f"Архив документа распаковывается в {_megabytes(declared)} — больше допустимых "
            f"{_megabytes(max_inflated)}."
        )
    return archive


def _read_part(archive, name):
    _, max_inflated = _limits()
    try:
        with archive.open(name) as stream:
            # The header's size can lie: read at most the limit and refuse what goes beyond.
            data = stream.read(max_inflated + 1)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as error:
        raise DocumentError("Файл повреждён: часть документа не читается.") from error
    if len(data) > max_inflated:
        raise DocumentError(
            f"Документ распаковывается больше чем в {_megabytes(max_inflated)}; "
            "такой файл не принимается."
        )
    return data


def _parse_xml(data):
    # A DTD (and so any entity) can only stand in the prolog, before the root element.
    prolog = data[: data.find(b"<", data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0) + 1]
    if b"<!doctype" in data[:4096].lower() or b"<!DOCTYPE" in prolog:
        raise DocumentError("Документ содержит недопустимые конструкции XML (DTD, сущности).")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DocumentError("Файл повреждён: текст документа не читается.") from error
    if root.getroottree().docinfo.doctype:
        raise DocumentError("Документ содержит недопустимые конструкции XML (DTD, сущности).")
    return root


def _text(element):
    """Paragraphs joined by line breaks; tabs, breaks and Word's special hyphens kept as text."""
    paragraphs = []
    for paragraph in element.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
            tag = node.tag
            if tag == f"{W}t":
                parts.append(node.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            else:
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _rows(table):
    # Rows may sit inside content controls (w:sdt) in documents made from templates.
    for child in table:
        if child.tag == f"{W}tr":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _rows(content)


def _cells(row):
    for child in row:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _cells(content)


def read_docx(data):
    """The first table of the document and the title paragraphs above it."""
    archive = _open_archive(data)
    root = _parse_xml(_read_part(archive, "word/document.xml"))
    body = root.find(f"{W}body")
    if body is None:
        raise DocumentError("В документе нет текста.")
    title, table = [], None
    for child in body:
        if child.tag == f"{W}tbl":
            table = child
            break
        if child.tag == f"{W}p":
            text = _text(child).strip()
            if text:
                title.append(text)
    if table is None:
        raise DocumentError("В документе нет таблицы.")
    raw = RawTable(title_lines=title)
    # A table with tables inside its cells is read row by row, so inner rows stay cell text.
    has_nested = table.find(f".//{W}tbl") is not None
    raw.rows = _careful_rows(table) if has_nested else _flat_rows(table)
    return raw


def _careful_rows(table):
    rows = []
    for row in _rows(table):
        cells = []
        for tc in _cells(row):
            props = tc.find(f"{W}tcPr")
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = int(grid_span.get(f"{W}val", "1") or 1)
                v_merge = props.find(f"{W}vMerge")
                if v_merge is not None:
                    merge = "restart" if v_merge.get(f"{W}val") == "restart" else "continue"
            cells.append(Cell(text=_text(tc), span=span, merge=merge))
        rows.append(cells)
    return rows


_TR, _TC, _P, _T = f"{W}tr", f"{W}tc", f"{W}p", f"{W}t"
_SPAN, _VMERGE = f"{W}gridSpan", f"{W}vMerge"
_BREAKS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_VAL = f"{W}val"


def _flat_rows(table):
    """One pass over the table's elements, filtered in C by lxml: the common, fast case."""
    rows, cells, cell, parts, paragraphs = [], None, None, None, 0
    tags = (_TR, _TC, _P, _T, _SPAN, _VMERGE, *_BREAKS)
    for element in table.iter(*tags):
        tag = element.tag
        if tag == _T:
            parts.append(element.text or "")
        elif tag == _P:
            if cell is not None:
                if paragraphs:
                    parts.append("\n")
                paragraphs += 1
        elif tag == _TC:
            if cell is not None:
                cell.text = "".join(parts)
            cell, parts, paragraphs = Cell(text=""), [], 0
            cells.append(cell)
        elif tag == _TR:
            if cell is not None:
                cell.text = "".join(parts)
            cell, parts, cells = None, None, []
            rows.append(cells)
        elif tag == _SPAN:
            cell.span = int(element.get(_VAL, "1") or 1)
        elif tag == _VMERGE:
            cell.merge = "restart" if element.get(_VAL) == "restart" else "continue"
        else:
            parts.append(_BREAKS[tag])
    if cell is not None:
        cell.text = "".join(parts)
    return rows
