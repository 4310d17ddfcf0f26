"""What a person sees when the documents are printed: each kind of demo document, in DOCX and
XLSX, converted to PDF by LibreOffice (the reference renderer), read back with poppler.

All files are converted in one LibreOffice run for the module; each test then reads the PDFs.
"""

import io
import math
import os
import re
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import transaction
from lxml import etree

from devtools.demo import demo_load
from devtools.preview import demo_reports, missing_tools, to_pdf
from reports.renderers import RENDERERS
from reports.renderers.xlsx import PAGE_BODY_PT
from reports.tables import Column, ReportTable, Row

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        bool(missing_tools()) and not os.environ.get("REQUIRE_LIBREOFFICE"),
        reason="LibreOffice или poppler-utils не установлены (CI ставит их: REQUIRE_LIBREOFFICE=1)",
    ),
]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KINDS = ["plan_2022_II", "quarterly_2020_III", "half_year_2020_II", "annual_2020", "roadmap_2022"]
DOCUMENTS = [f"{kind}_{fmt}" for kind in KINDS for fmt in ("docx", "xlsx")]
# A narrow column where only a no-break space keeps «г. Смоленске» together, and a wide one where
# only the line break puts «2022 года» under «август».
TYPED = ReportTable(
    kind="quarterly",
    title_lines=["Проверка печати"],
    columns=[Column("Узкая графа", 2.6), Column("Широкая графа", 12)],
    rows=[Row(cells=("Мероприятие прошло в г.\xa0Смоленске", "август\n2022 года"))],
    filename="typed",
)


@dataclass
class Printed:
    name: str
    table: ReportTable
    data: bytes
    pages: list  # per page: list of words (text, x0, y0, x1, y1)
    text: list  # per page: the text laid out as printed (pdftotext -layout)


def _words(pdf):
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = []
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            words.append((_plain(text), float(x0), float(y0), float(x1), float(y1)))
        pages.append(words)
    return pages


def _plain(text):
    # A no-break hyphen prints as U+2011 and a no-break space may come back as U+00A0.
    return (
        text.replace("\u2011", "-")
        .replace("\xa0", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def _layout(pdf):
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [_plain(page) for page in out.split("\f")[:-1]]


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    files = {}
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        for stem, table in demo_reports():
            table.materialize()
            for fmt in ("docx", "xlsx"):
                buffer = io.BytesIO()
                RENDERERS[fmt](table, buffer)
                files[f"{stem}_{fmt}"] = (table, buffer.getvalue())
        transaction.set_rollback(True)
    for fmt in ("docx", "xlsx"):
        buffer = io.BytesIO()
        RENDERERS[fmt](TYPED, buffer)
        files[f"typed_{fmt}"] = (TYPED, buffer.getvalue())
    sources = []
    for name, (_, data) in files.items():
        path = folder / f"{name}.{name.rsplit('_', 1)[1]}"
        path.write_bytes(data)
        sources.append(path)
    pdfs = to_pdf(sources, folder)
    return {
        name: Printed(name, table, data, _words(pdf), _layout(pdf))
        for (name, (table, data)), pdf in zip(files.items(), pdfs, strict=True)
    }


def test_every_kind_prints_in_both_formats(printed):
    for name in DOCUMENTS:
        assert printed[name].pages, name
        assert sum(len(words) for words in printed[name].pages) > 200, name


# --- The header -----------------------------------------------------------------------------


def _header_run(page_text, captions):
    """The header as printed on a page: (its words, the index of the line after it) for the
    longest run of lines made only of caption words (the title above it on the first page has
    words of its own). A caption word split in two («невыполнени» / «я») breaks the run, so its
    words come out short."""
    best, run = (Counter(), 0), Counter()
    lines = page_text.splitlines()
    for index, line in enumerate([*lines, "∎"]):
        tokens = line.split()
        if tokens and all(token in captions for token in tokens):
            run.update(tokens)
        elif tokens:
            if run.total() > best[0].total():
                best = (run, index)
            run = Counter()
    return best


def _header_words(page_text, captions):
    return _header_run(page_text, captions)[0]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_header_caption_is_split_inside_a_word(printed, name):
    document = printed[name]
    captions = Counter(word for column in document.table.columns for word in column.caption.split())
    rows = document.table.materialize()
    continued = set()
    if name.endswith("xlsx"):
        # Where a merged cell runs on from the page before, LibreOffice's PDF also carries that
        # cell's clipped (unseen) text behind the header, which text extraction cannot tell
        # apart; those pages repeat the header checked on every other page.
        first = {}
        for i, page in enumerate(_start_pages(document)):
            first.setdefault(page, i)
        continued = {page for page, i in first.items() if rows[i].merged_up}
    checked = 0
    for page, page_text in enumerate(document.text):
        if page not in continued:
            assert _header_words(page_text, captions) == captions, (name, page + 1)
            checked += 1
    assert checked > len(document.text) / 2


# --- Rows and pages ---------------------------------------------------------------------------


def _markers(table):
    """What shows that a row starts on a page: its number at the left of a line; for a group
    row, its text; for a row continuing merged cells, the first words of its first text."""
    markers = []
    for row in table.materialize():
        if row.is_group:
            markers.append(("text", " ".join(row.group.split())))
        elif row.is_notice:
            markers.append(("text", row.notice))
        elif row.cells[0].strip():
            markers.append(("number", row.cells[0].strip()))
        else:
            first = next(text for text in row.cells if text.strip())
            markers.append(("text", " ".join(_plain(first).split()[:2])))
    return markers


def _found(marker, page_text):
    kind, value = marker
    if kind == "number":
        return re.search(rf"^ {{0,4}}{re.escape(value)}(\s|$)", page_text, re.MULTILINE)
    return value in " ".join(page_text.split())


def _start_pages(document):
    """The page each row starts on, found in order (a row never starts before the one above)."""
    pages, page = [], 0
    for marker in _markers(document.table):
        while not _found(marker, document.text[page]):
            page += 1
            assert page < len(document.text), (document.name, marker)
        pages.append(page)
    return pages


def _rows_that_may_break(document):
    """DOCX rows left free to break across pages: those taller than a page under the header
    (and their group row). In the demo documents only row 14 of the quarter is."""
    if not document.name.endswith("docx"):
        return set()
    with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    rows = root.find(f"{W}body/{W}tbl").findall(f"{W}tr")[1:]
    free = {i for i, tr in enumerate(rows) if tr.find(f"{W}trPr/{W}cantSplit") is None}
    assert len(free) <= 1, document.name
    return free


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_page_holds_only_the_tail_of_a_row(printed, name):
    document = printed[name]
    starts = _start_pages(document)
    free = _rows_that_may_break(document)
    for page in range(len(document.text)):
        if page in starts:
            continue
        # Only a row taller than a page may run on alone onto the next one.
        last = max(i for i, start in enumerate(starts) if start < page)
        assert last in free, (name, page + 1)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_group_rows_stand_on_the_page_of_the_row_they_head(printed, name):
    document = printed[name]
    rows = document.table.materialize()
    starts = _start_pages(document)
    for i, row in enumerate(rows[:-1]):
        if row.is_group:
            assert starts[i] == starts[i + 1], (name, row.group)


def _marker_line(marker, lines):
    kind, value = marker
    for index, line in enumerate(lines):
        if kind == "number" and re.match(rf" {{0,4}}{re.escape(value)}(\s|$)", line):
            return index
        if kind == "text" and value.split()[0] in line.split():
            return index
    raise AssertionError(marker)


def test_docx_rows_are_not_cut_by_page_breaks(printed):
    """Under the repeated header each page starts with a new row, not the rest of one above
    (unless that row is taller than a page)."""
    for name in DOCUMENTS:
        document = printed[name]
        if not name.endswith("docx"):
            continue
        captions = Counter(w for column in document.table.columns for w in column.caption.split())
        markers = _markers(document.table)
        starts = _start_pages(document)
        free = _rows_that_may_break(document)
        for page, page_text in enumerate(document.text[1:], start=1):
            if page not in starts:
                continue
            first = starts.index(page)
            if first - 1 in free:
                continue
            lines = page_text.splitlines()
            _, body = _header_run(page_text, captions)
            between = [line for line in lines[body : _marker_line(markers[first], lines)]]
            assert not any(line.strip() for line in between), (name, page + 1, between)


def test_quarterly_xlsx_prints_whole_rows_on_a_sensible_number_of_pages(printed):
    document = printed["quarterly_2020_III_xlsx"]
    with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    heights = [float(h) for h in re.findall(r'<row r="\d+" ht="([\d.]+)"', sheet)]
    scale = int(re.search(r'scale="(\d+)"', sheet)[1]) / 100
    header, body = heights[2], sum(heights[3:])
    # The 15 rows and 6 department rows of the demo quarter stand about 3,900 pt tall; under a
    # 127-pt header repeated on every page, at the print scale, they need at least this many
    # pages, and since rows are never cut and every page starts at least one of the 15 rows
    # (test above), at most 15. Before rows had heights the whole quarter printed on 1 page.
    least = math.ceil(body * scale / (PAGE_BODY_PT - header * scale))
    assert (least, 15) == (9, 15)
    assert least <= len(document.text) <= 15


# --- Text as written ------------------------------------------------------------------------


def _line_of(words, text, near=None):
    """The words printed on the same line as the first word `text` (after `near`, if given)."""
    for word in words:
        if word[0] == text and (near is None or word[2] > near[2] - 1):
            return [w for w in words if abs(w[2] - word[2]) < 2 and abs(w[1] - word[1]) < 150]
    raise AssertionError(f"«{text}» не напечатано")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_no_break_spaces_and_line_breaks_print_as_typed(printed, fmt):
    (words,) = printed[f"typed_{fmt}"].pages
    # Never «г. / Смоленске» (the word itself may be hyphenated: «г. Смо-» / «ленске»).
    city = _line_of(words, "г.")
    assert city[-1][0].startswith("Смо"), city
    (august,) = [w for w in words if w[0] == "август"]
    assert [w[0] for w in _line_of(words, "август") if w[1] >= august[1]] == ["август"]
    (year,) = [w for w in words if w[0] == "2022"]
    assert year[2] > august[2] and abs(year[1] - august[1]) < 2  # the next line, same column


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_demo_texts_keep_their_line_breaks_in_print(printed, fmt):
    words = [w for page in printed[f"quarterly_2020_III_{fmt}"].pages for w in page]
    # «… «Музыка космоса»⏎(г. Москва)»: the city starts its own line, in one piece.
    city = _line_of(words, "(г.")
    assert "Москва)" in [w[0] for w in city]
    start = next(w for w in city if w[0] == "(г.")
    above = [
        w
        for w in words
        if w[0].endswith("моса»") and start[2] - 20 < w[2] < start[2] and abs(w[1] - start[1]) < 60
    ]
    assert above, "«(г. Москва)» не с новой строки"
