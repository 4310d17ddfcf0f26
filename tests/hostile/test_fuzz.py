"""Fuzzing the readers with hypothesis: whatever the bytes, XML, cells or titles, a reader either
reads or refuses with its own error (a message for the user); it never crashes, and a spreadsheet
import never writes on a dry run."""

import io
import zipfile

import pytest
import tablib
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from agreements.resources import AgreementResource, RoadmapItemResource
from cooperation.resources import read_csv, read_xlsx
from cooperation.uploads import UploadRejected
from events.models import PlannedEvent, ReportedEvent
from events.resources import (
    PlannedEventResource,
    ReportedEventBulkResource,
    ReportedEventResource,
)
from imports.docx_reader import DocumentError, read_docx
from imports.layouts import detect_layout, read_grid
from imports.services import document_preview
from tests.hostile import corpus

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ_DB = settings(FUZZ, max_examples=60)  # each example reads the reference data
GOOD_DOCX = corpus.refused_docx()
GOOD_XLSX = corpus.xlsx_of([list(corpus.BASE_ROWS["events.reportedevent"])] * 2)
DOCUMENT_XML = corpus.parts_of(GOOD_DOCX)["word/document.xml"]
SHEET_XML = corpus.parts_of(GOOD_XLSX)["xl/worksheets/sheet1.xml"]


def _with_part(data, name, part):
    return corpus.zip_of({**corpus.parts_of(data), name: part})


_PIECES = [
    *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    *"0123456789 .,;:-–—()«»\"'\n\t=+@IVXivx\xa0",
    *["квартал", "полугодие", "года", "год", "мая", "2023", "0000", "Смоленской", "области"],
    *["Отчет о реализации соглашений", "План мероприятий", "Отчет об исполнении в", " за ", " на "],
    *["Соглашение", "Департамент", "участников", "более", "человек", "с 1 по 5", "ежемесячно"],
]
TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _mutated(data):
    """The bytes of `data` with some bytes changed, some removed, or the end cut off."""
    size = len(data)
    change = st.tuples(st.integers(0, size - 1), st.integers(0, 255))
    return st.one_of(
        st.lists(change, min_size=1, max_size=8).map(lambda cs: _apply(data, cs)),
        st.integers(0, size).map(lambda n: data[:n]),
        st.tuples(st.integers(0, size), st.integers(1, 200)).map(
            lambda c: data[: c[0]] + data[c[0] + c[1] :]
        ),
    )


def _apply(data, changes):
    buffer = bytearray(data)
    for position, value in changes:
        buffer[position] = value
    return bytes(buffer)


@FUZZ
@given(
    st.one_of(
        _mutated(GOOD_DOCX),
        _mutated(DOCUMENT_XML).map(lambda xml: _with_part(GOOD_DOCX, "word/document.xml", xml)),
    )
)
def test_word_reader_reads_or_refuses_any_damaged_file(data):
    try:
        raw = read_docx(data)
        read_grid(raw, detect_layout(raw.title_lines))
        event("read")
    except DocumentError as error:
        event(f"refused: {str(error)[:40]}")
        assert str(error)


W_TAGS = ["tbl", "tr", "tc", "p", "r", "t", "sdt", "sdtContent", "tcPr", "gridSpan", "vMerge"]
W_TAGS += ["tab", "br", "noBreakHyphen", "txbxContent", "trPr", "tblPr"]
ATTRIBUTE = st.one_of(
    st.none(), st.sampled_from(["1", "2", "8", "0", "-1", "1.5", "abc", "", "restart"])
)
ELEMENT = st.recursive(
    st.builds(lambda text: text, TEXT.map(lambda t: t.replace("<", "").replace("&", ""))),
    lambda children: st.builds(
        lambda tag, val, kids: (
            f"<w:{tag}{'' if val is None else f' w:val="{val}"'}>{''.join(kids)}</w:{tag}>"
        ),
        st.sampled_from(W_TAGS),
        ATTRIBUTE,
        st.lists(children, max_size=4),
    ),
    max_leaves=40,
)


HEADERS = {
    corpus.QUARTER_TITLE: corpus.quarterly([]),
    corpus.PLAN_TITLE: corpus.plan([]),
    corpus.ROADMAP_TITLE: corpus.roadmap([]),
}


@FUZZ
@given(st.lists(ELEMENT, max_size=6), st.sampled_from([*HEADERS, ""]))
def test_word_reader_reads_or_refuses_any_table_structure(elements, title):
    # The form's own header row first, so the fuzzed rows are read as rows of that form.
    header = ""
    if title:
        table = corpus.parts_of(HEADERS[title])["word/document.xml"].decode()
        header = table[table.index("<w:tr>") : table.index("</w:tr>") + len("</w:tr>")]
    xml = corpus.document(f"<w:tbl>{header}{''.join(elements)}</w:tbl>", title=title)
    try:
        raw = read_docx(corpus.docx_of(xml))
        read_grid(raw, detect_layout(raw.title_lines))
        event("read")
    except DocumentError as error:
        event(f"refused: {str(error)[:40]}")
        assert str(error)


@FUZZ
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_title_is_read_or_refused_with_a_message(lines):
    try:
        layout = detect_layout(lines)
    except DocumentError as error:
        assert str(error)
    else:
        assert 2000 <= layout.year <= 2100


CELLS = st.lists(TEXT, min_size=8, max_size=8)


@pytest.mark.django_db
@FUZZ_DB
@given(
    st.lists(st.one_of(CELLS, TEXT), min_size=1, max_size=5),
    st.sampled_from(["quarterly", "plan", "roadmap"]),
)
def test_document_preview_reads_any_cells_or_refuses_with_a_message(rows, kind):
    form = {"quarterly": corpus.quarterly, "plan": corpus.plan, "roadmap": corpus.roadmap}[kind]
    width = {"quarterly": 8, "plan": 7, "roadmap": 5}[kind]
    rows = [row if isinstance(row, str) else row[:width] for row in rows]
    try:
        preview = document_preview(data=form(rows), file_name="x.docx")
    except DocumentError as error:
        event(f"refused: {str(error)[:40]}")
        assert str(error)
    else:
        event(f"previewed with {min(len(preview.problems), 3)}+ problems")
        assert all(str(problem) for problem in preview.problems)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=2000),
        TEXT.map(str.encode),
        TEXT.map(lambda t: t.encode("cp1251", "replace")),
    )
)
def test_csv_reader_reads_or_refuses_any_bytes(data):
    try:
        read_csv(data)
    except UploadRejected as error:
        assert str(error)


@FUZZ
@given(
    st.one_of(
        _mutated(GOOD_XLSX),
        _mutated(SHEET_XML).map(lambda xml: _with_part(GOOD_XLSX, "xl/worksheets/sheet1.xml", xml)),
    )
)
def test_xlsx_reader_reads_or_refuses_any_damaged_file(data):
    try:
        read_xlsx(data)
        event("read")
    except UploadRejected as error:
        event(f"refused: {str(error)[:40]}")
        assert str(error)


VALUE = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.booleans(),
)
RESOURCES = [
    ("events.plannedevent", PlannedEventResource),
    ("events.reportedevent", ReportedEventResource),
    ("events.reportedevent", ReportedEventBulkResource),
    ("agreements.agreement", AgreementResource),
    ("agreements.roadmapitem", RoadmapItemResource),
]


@pytest.mark.django_db
@FUZZ_DB
@given(st.sampled_from(RESOURCES), st.data())
def test_spreadsheet_import_of_any_values_never_crashes_nor_writes(resource, data):
    model, resource_class = resource
    columns = ["ID", *corpus.BASE_ROWS[model]]
    if model == "agreements.agreement":
        columns.remove("ID")
    rows = data.draw(
        st.lists(st.fixed_dictionaries({c: VALUE for c in columns}), min_size=1, max_size=4)
    )
    dataset = tablib.Dataset(headers=columns)
    for row in rows:
        dataset.append([row[c] for c in columns])
    before = (PlannedEvent.objects.count(), ReportedEvent.objects.count())
    result = resource_class().import_data(dataset, dry_run=True, raise_errors=False)
    event(f"errors={result.has_errors()} invalid={result.has_validation_errors()}")
    messages = [str(e.error) for e in result.base_errors]
    messages += [str(e.error) for _, errors in result.row_errors() for e in errors]
    assert all(messages)
    assert (PlannedEvent.objects.count(), ReportedEvent.objects.count()) == before


def test_the_fuzzed_files_start_from_files_that_read():
    raw = read_docx(GOOD_DOCX)
    assert len(read_grid(raw, detect_layout(raw.title_lines))) == 3
    assert len(read_xlsx(GOOD_XLSX)) == 1
    assert zipfile.ZipFile(io.BytesIO(GOOD_XLSX)).testzip() is None
