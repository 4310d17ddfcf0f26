"""Every bad file gets a clear Russian message, and the database is left exactly as it was."""

import io
import zipfile

import pytest

from agreements.models import Agreement, RoadmapProgress
from cooperation.models import Department
from events.models import PlannedEvent, ReportedEvent
from imports.docx_reader import DocumentError
from imports.models import ImportRecord
from imports.services import ImportRejected, document_import
from reports.models import Submission
from reports.renderers import render_xlsx
from reports.tables import Column, ReportTable, Row
from tests.imports.docs import (
    CULTURE,
    MOSCOW,
    docx_with_document_xml,
    quarterly_docx,
    report_row,
)

pytestmark = pytest.mark.django_db

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _state():
    return (
        ReportedEvent.objects.count(),
        PlannedEvent.objects.count(),
        Submission.objects.count(),
        RoadmapProgress.objects.count(),
        Department.objects.count(),
        Agreement.objects.count(),
        ImportRecord.objects.count(),
    )


def _good():
    return quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])


def _xlsx():
    table = ReportTable(
        kind="quarterly", title_lines=["Отчет"], columns=[Column("A", 3)], rows=[], filename="x"
    )
    return render_xlsx(table)


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 3_000_000)
    return buffer.getvalue()


XXE = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def _p(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text, props=""):
    return f"<w:tc>{props}{_p(text)}</w:tc>"


def _titled(title, body="<w:tbl/>"):
    return docx_with_document_xml(
        f'<w:document xmlns:w="{W_NS}"><w:body>{_p(title)}{body}</w:body></w:document>'
    )


QUARTER = "Отчет о реализации соглашений в сфере межрегионального сотрудничества за II квартал"


def _table(inner):
    return _titled(f"{QUARTER} 2023 года", f"<w:tbl>{inner}</w:tbl>")


def _cell(props):
    return _table(f"<w:tr>{_tc('a', f'<w:tcPr>{props}</w:tcPr>')}</w:tr>")


def _deep_sdt(depth):
    return (
        "<w:sdt><w:sdtContent>" * depth
        + f"<w:tr>{_tc('a')}</w:tr>"
        + "</w:sdtContent></w:sdt>" * depth
    )


def _many_parts(count):
    buffer = io.BytesIO(_good())
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(count):
            archive.writestr(f"junk/{number}", b"")
    return buffer.getvalue()


CASES = [
    ("plain text", "Просто текст, а не документ".encode(), "не является документом Word"),
    ("a renamed PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "не является документом Word"),
    (
        "a password-protected file",
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512,
        "защищён паролем",
    ),
    ("a corrupt archive", _good()[:3000], "повреждён"),
    ("a spreadsheet", _xlsx(), "таблица Excel"),
    ("a zip bomb", _zip_bomb(), "распаковывается"),
    ("XML with external entities", docx_with_document_xml(XXE), "недопустимые конструкции XML"),
    ("broken XML", docx_with_document_xml("<w:document><w:body>"), "повреждён"),
    (
        "no table",
        docx_with_document_xml(
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Отчет</w:t></w:r></w:p>'
            "</w:body></w:document>"
        ),
        "нет таблицы",
    ),
    (
        "a title with no period",
        quarterly_docx(
            [Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")],
            title=("Отчет о реализации соглашений в сфере межрегионального сотрудничества",),
        ),
        "не найден вид документа и период",
    ),
    (
        "wrong columns",
        quarterly_docx(
            [Row(group=CULTURE), Row(cells=("1.", "а", "б"))],
            columns=[Column("№", 1), Column("Регион", 5), Column("Событие", 5)],
        ),
        "Столбцы таблицы не совпадают",
    ),
    ("an empty table", quarterly_docx([]), "нет ни одной строки"),
    ("a column span that is text", _cell('<w:gridSpan w:val="abc"/>'), "w:gridSpan.*«abc»"),
    ("a column span that is a fraction", _cell('<w:gridSpan w:val="1.5"/>'), "«1.5»"),
    ("a column span of a billion", _cell('<w:gridSpan w:val="999999999"/>'), "от 1 до 63"),
    ("a cell outside a row", _table(_tc("a")), "вне строки"),
    (
        "a merge outside a cell",
        _table("<w:tblPr><w:vMerge/></w:tblPr><w:tr>" + _tc("a") + "</w:tr>"),
        "вне строки",
    ),
    ("text outside a cell", _table(_p("a") + "<w:tr>" + _tc("a") + "</w:tr>"), "вне строки"),
    (
        "content controls 1000 deep",
        _table(_deep_sdt(1000) + "<w:tr><w:tc><w:tbl/><w:p/></w:tc></w:tr>"),
        "Столбцы таблицы",
    ),
    (
        "a title with the year 0000",
        quarterly_docx(
            [Row(group=CULTURE), report_row(1, MOSCOW, "В")],
            title=(f"{QUARTER} 0000 года",),
        ),
        "0 год.*от 2000 до 2100",
    ),
    ("a title of pages", _titled("отчет о реализации соглашений " * 100), "больше 2 000 знаков"),
    ("too many parts", _many_parts(1200), "частей"),
]


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_file_is_refused_with_a_message_and_nothing_changes(settings, data, message):
    settings.IMPORT_MAX_UNCOMPRESSED_SIZE = 1_000_000
    before = _state()
    with pytest.raises(DocumentError, match=message):
        document_import(data=data, file_name="файл.docx")
    assert _state() == before


def test_file_above_the_upload_limit_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 1024
    before = _state()
    with pytest.raises(DocumentError, match="больше допустимых"):
        document_import(data=_good(), file_name="x.docx")
    assert _state() == before


def test_problem_in_the_last_row_leaves_the_first_rows_unwritten():
    rows = [
        Row(group=CULTURE),
        report_row(1, MOSCOW, "Первое"),
        report_row(2, "Соглашение с Марсом", "Второе"),
    ]
    before = _state()
    with pytest.raises(ImportRejected):
        document_import(data=quarterly_docx(rows), file_name="x.docx")
    assert _state() == before


def test_failure_while_writing_rolls_everything_back(monkeypatch):
    import imports.writers as writers

    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")]
    original = writers._write_report

    def half_then_fail(*args):
        original(*args)
        raise RuntimeError("сбой записи")

    monkeypatch.setattr(writers, "_write_report", half_then_fail)
    before = _state()
    with pytest.raises(RuntimeError):
        document_import(data=quarterly_docx(rows), file_name="x.docx")
    assert _state() == before


LARGE_CASES = [
    (
        "a 256 KB participants cell",
        quarterly_docx(
            [Row(group=CULTURE), report_row(1, MOSCOW, "В", participants="1 " * 128_000)]
        ),
        "длиннее 20 000 знаков",
    ),
    ("a deflate bomb", docx_with_document_xml(" " * 5_000_000), "раз больше своего размера"),
]


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in LARGE_CASES], ids=[c[0] for c in LARGE_CASES]
)
def test_large_bad_file_is_refused_within_the_real_limits(data, message):
    before = _state()
    with pytest.raises(DocumentError, match=message):
        document_import(data=data, file_name="файл.docx")
    assert _state() == before
