import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from agreements.models import Roadmap
from tests.reports.readers import read_docx

pytestmark = pytest.mark.django_db


def test_export_report_writes_the_quarterly_docx(demo, tmp_path):
    output = tmp_path / "q.docx"
    call_command(
        "export_report",
        "quarterly",
        "--year",
        "2020",
        "--quarter",
        "3",
        "--format",
        "docx",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    title, header, rows = read_docx(output.read_bytes())
    assert title.endswith("за III квартал 2020 года")
    assert sum(kind == "row" for kind, _ in rows) == 15


def test_export_report_writes_roadmap_xlsx(demo, tmp_path):
    output = tmp_path / "r.xlsx"
    call_command(
        "export_report",
        "roadmap",
        "--year",
        "2022",
        "--roadmap",
        str(Roadmap.objects.get().pk),
        "--format",
        "xlsx",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    ws = openpyxl.load_workbook(output).worksheets[0]
    assert ws["A1"].value == "Отчет об исполнении в 2022 году"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["quarterly", "--year", "2020"], "Укажите квартал"),
        (["roadmap", "--year", "2022", "--roadmap", "999"], "не найдена"),
        (["half_year", "--year", "2022"], "Укажите полугодие"),
        (["annual", "--year", "2020", "--half", "1"], "не указывают --half"),
        (["annual", "--year", "2020", "--quarter", "2"], "не указывают --quarter"),
        (["quarterly", "--year", "2020", "--half", "1"], "не указывают --half"),
        (["plan", "--year", "2022", "--half", "2", "--draft"], "не указывают --draft"),
        (["plan", "--year", "2022", "--half", "2", "--roadmap", "1"], "не указывают --roadmap"),
        (["roadmap", "--year", "2022", "--roadmap", "1", "--half", "1"], "не указывают --half"),
    ],
)
def test_export_report_explains_bad_arguments(db, tmp_path, arguments, message):
    output = tmp_path / "x.docx"
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *arguments, "--output", str(output))
    assert not output.exists()


def test_export_report_into_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="не существует"):
        call_command(
            "export_report",
            "annual",
            "--year",
            "2020",
            "--output",
            str(tmp_path / "нет" / "x.docx"),
        )


def test_export_never_leaves_a_partial_file(db, tmp_path, monkeypatch):
    from reports.renderers import RENDERERS

    def broken(table, out):
        out.write(b"PK half")
        raise RuntimeError("disk full")

    monkeypatch.setitem(RENDERERS, "docx", broken)
    output = tmp_path / "x.docx"
    with pytest.raises(RuntimeError):
        call_command("export_report", "annual", "--year", "2020", "--output", str(output))
    assert list(tmp_path.iterdir()) == []


def test_generated_docx_is_a_zip_with_the_document(demo, tmp_path):
    output = tmp_path / "p.docx"
    call_command(
        "export_report",
        "plan",
        "--year",
        "2022",
        "--half",
        "2",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    assert "word/document.xml" in zipfile.ZipFile(output).namelist()


def _export(tmp_path, output, *arguments):
    out = io.StringIO()
    call_command(
        "export_report", "annual", "--year", "2020", *arguments, "--output", str(output), stdout=out
    )
    return out.getvalue()


def test_the_format_follows_the_file_name(db, tmp_path):
    output = tmp_path / "год.xlsx"
    message = _export(tmp_path, output)
    assert zipfile.ZipFile(output).namelist()[-1] == "xl/worksheets/sheet1.xml"
    assert message.startswith(f"Сохранено в XLSX: {output}")


def test_a_format_that_contradicts_the_file_name_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match=r"q\.docx назван как DOCX, а выбран формат XLSX"):
        _export(tmp_path, tmp_path / "q.docx", "--format", "xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "arguments", "written"),
    [
        ("отчет", [], "отчет.docx"),
        ("отчет", ["--format", "xlsx"], "отчет.xlsx"),
        ("отчет.2020", [], "отчет.2020.docx"),
        ("Q.DOCX", [], "Q.DOCX"),
    ],
)
def test_a_missing_extension_is_added(db, tmp_path, name, arguments, written):
    message = _export(tmp_path, tmp_path / name, *arguments)
    assert [p.name for p in tmp_path.iterdir()] == [written]
    assert str(tmp_path / written) in message


def test_a_file_type_the_command_does_not_write_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="только DOCX и XLSX"):
        _export(tmp_path, tmp_path / "отчет.pdf")
    assert list(tmp_path.iterdir()) == []
