"""Reading a Word table straight from the DOCX XML, defensively.

python-docx's row.cells takes seconds on a 5,000-row table with vertical merges; walking the XML
with lxml takes a fraction of a second. Uploaded files are untrusted: the archive is checked
before it is unpacked (cooperation.uploads), the document part is read with a size cap and
refused when its markup would take too much memory to parse, DTDs and entities are refused, and
every structure Word would not write (a cell outside a row, a non-numeric column span, a cell
longer than any report cell) ends in a DocumentError with a Russian message, never in a crash.
"""

import re
from dataclasses import dataclass, field

from lxml import etree

from cooperation.uploads import MAX_CELL_CHARS, UploadRejected, open_archive, read_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TR, _TC, _P, _T = f"{W}tr", f"{W}tc", f"{W}p", f"{W}t"
_SDT, _SDT_CONTENT = f"{W}sdt", f"{W}sdtContent"
_SPAN, _VMERGE = f"{W}gridSpan", f"{W}vMerge"
_BREAKS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_VAL = f"{W}val"
# A 10,000-row report is about 18 MB of XML with ~860,000 tags and 230,000 attributes, parsed in
# ~130 MB; these bounds keep a crafted document under ~250 MB of parse tree.
MAX_DOCUMENT_PART = 64 * 1024 * 1024
MAX_MARKUP = 2_000_000
# Word writes tags of a few hundred bytes; thousands of attributes on one tag make libxml2 slow.
_LONG_TAG = re.compile(rb"<[^<>]{10000}")
# Word tables have at most 63 columns; a title is a sentence or two (its regular expressions
# would take seconds on hundreds of kilobytes). Cells are capped at MAX_CELL_CHARS.
MAX_GRID_SPAN = 63
MAX_TITLE_CHARS = 2_000


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


def _open_archive(data):
    try:
        archive = open_archive(data, not_zip="Файл не является документом Word (.docx).")
    except UploadRejected as error:
        raise DocumentError(str(error)) from error
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise DocumentError(
                "Это таблица Excel, а не документ Word: загрузите .docx "
                "(таблицы загружаются через «Импорт» в списках записей)."
            )
        raise DocumentError("Файл не является документом Word (.docx).")
    return archive


def _read_part(archive, name):
    try:
        data = read_part(archive, name, cap=MAX_DOCUMENT_PART)
    except UploadRejected as error:
        raise DocumentError(str(error)) from error
    # Each "=" is an attribute, which costs libxml2 about twice what an element does.
    if data.count(b"<") + 2 * data.count(b"=") > MAX_MARKUP:
        raise DocumentError(
            f"В документе слишком много элементов разметки (больше {_thousands(MAX_MARKUP)}); "
            "разделите его на несколько документов."
        )
    if _LONG_TAG.search(data):
        raise DocumentError("Файл повреждён: в разметке документа слишком длинный элемент.")
    return data


def _parse_xml(data):
    # A DTD (and so any entity) can only stand in the prolog, before the root element.
    if b"<!doctype" in data[:4096].lower():
        raise DocumentError("Документ содержит недопустимые конструкции XML (DTD, сущности).")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise DocumentError("Файл повреждён: текст документа не читается.") from error
    if root.getroottree().docinfo.doctype:
        raise DocumentError("Документ содержит недопустимые конструкции XML (DTD, сущности).")
    return root


def _text(element, limit):
    """Paragraphs joined by line breaks; tabs, breaks and Word's special hyphens kept as text.
    Reading stops once the text passes `limit` (paragraphs nested in text boxes repeat their
    text, so a crafted document could otherwise multiply it)."""
    paragraphs, length = [], 0
    for paragraph in element.iter(_P):
        parts = []
        for node in paragraph.iter(_T, *_BREAKS):
            text = (node.text or "") if node.tag == _T else _BREAKS[node.tag]
            parts.append(text)
            length += len(text)
            if length > limit:
                break
        paragraphs.append("".join(parts))
        length += 1
        if length > limit:
            break
    return "\n".join(paragraphs)


def _through_content_controls(parent, tag):
    """Children of `parent` with `tag`, also those inside content controls (w:sdt), as documents
    made from templates have them; walked with a stack, so any nesting depth is safe."""
    stack = [iter(parent)]
    while stack:
        for child in stack[-1]:
            if child.tag == tag:
                yield child
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    stack.append(iter(content))
                    break
        else:
            stack.pop()


def _span(value):
    text = (value or "1").strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_GRID_SPAN:
        raise DocumentError(
            f"Файл повреждён: ширина ячейки таблицы (w:gridSpan) «{text[:20]}» — не целое "
            f"число от 1 до {MAX_GRID_SPAN}."
        )
    return int(text)


def _thousands(number):
    return f"{number:,}".replace(",", " ")


def _checked_cell(cell, row, column):
    """`row` counts the table's rows from 0 (the header), as the import's messages do."""
    if len(cell.text) > MAX_CELL_CHARS:
        place = "в шапке таблицы" if row == 0 else f"в строке {row}"
        raise DocumentError(
            f"Ячейка {place} (столбец {column}) длиннее {_thousands(MAX_CELL_CHARS)} знаков; "
            "такой текст не принимается."
        )
    return cell


def _outside_cell():
    return DocumentError(
        "Файл повреждён: в таблице ячейка, текст или объединение ячеек стоят вне строки "
        "или ячейки таблицы."
    )


def read_docx(data):
    """The first table of the document and the title paragraphs above it."""
    archive = _open_archive(data)
    root = _parse_xml(_read_part(archive, "word/document.xml"))
    body = root.find(f"{W}body")
    if body is None:
        raise DocumentError("В документе нет текста.")
    title, table, title_chars = [], None, 0
    for child in body:
        if child.tag == f"{W}tbl":
            table = child
            break
        if child.tag == f"{W}p":
            text = _text(child, MAX_TITLE_CHARS).strip()
            title_chars += len(text)
            if title_chars > MAX_TITLE_CHARS:
                raise DocumentError(
                    f"Над таблицей больше {_thousands(MAX_TITLE_CHARS)} знаков текста, а ожидался "
                    "только заголовок документа (вид документа и период)."
                )
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
    for number, row in enumerate(_through_content_controls(table, _TR)):
        cells = []
        for tc in _through_content_controls(row, _TC):
            props = tc.find(f"{W}tcPr")
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(_SPAN)
                if grid_span is not None:
                    span = _span(grid_span.get(_VAL))
                v_merge = props.find(_VMERGE)
                if v_merge is not None:
                    merge = "restart" if v_merge.get(_VAL) == "restart" else "continue"
            cell = Cell(text=_text(tc, MAX_CELL_CHARS), span=span, merge=merge)
            cells.append(_checked_cell(cell, number, len(cells) + 1))
        rows.append(cells)
    return rows


def _flat_rows(table):
    """One pass over the table's elements, filtered in C by lxml: the common, fast case."""
    rows, cells, cell, parts, paragraphs, length = [], None, None, None, 0, 0

    def close():
        cell.text = "".join(parts)
        _checked_cell(cell, len(rows) - 1, len(cells))

    tags = (_TR, _TC, _P, _T, _SPAN, _VMERGE, *_BREAKS)
    for element in table.iter(*tags):
        tag = element.tag
        if tag == _T:
            if parts is None:
                raise _outside_cell()
            text = element.text or ""
            parts.append(text)
            length += len(text)
            if length > MAX_CELL_CHARS:
                close()
        elif tag == _P:
            if cell is not None:
                if paragraphs:
                    parts.append("\n")
                paragraphs += 1
        elif tag == _TC:
            if cells is None:
                raise _outside_cell()
            if cell is not None:
                close()
            cell, parts, paragraphs, length = Cell(text=""), [], 0, 0
            cells.append(cell)
        elif tag == _TR:
            if cell is not None:
                close()
            cell, parts, cells = None, None, []
            rows.append(cells)
        elif cell is None:
            raise _outside_cell()
        elif tag == _SPAN:
            cell.span = _span(element.get(_VAL))
        elif tag == _VMERGE:
            cell.merge = "restart" if element.get(_VAL) == "restart" else "continue"
        else:
            parts.append(_BREAKS[tag])
    if cell is not None:
        close()
    return rows
