"""Word documents for import tests, made with the portal's own renderer or by hand."""

import io
import zipfile

from reports.documents import AGREEMENTS_COLUMNS, PLAN_COLUMNS
from reports.renderers import render_docx
from reports.tables import ReportTable, Row

MOSCOW = (
    "Соглашение между Администрацией Смоленской области и Правительством Москвы "
    "о торгово-экономическом, научно-техническом и культурном сотрудничестве"
)
TRILATERAL = (
    "Трехстороннее соглашение о единых подходах и стандартах в различных сферах деятельности "
    "между Правительством Калужской области, Правительством Брянской области и Администрацией "
    "Смоленской области"
)
CULTURE = "Департамент Смоленской области по культуре"


def quarterly_docx(
    rows,
    *,
    title=(
        "Отчет о реализации соглашений в сфере межрегионального сотрудничества",
        "за II квартал 2023 года",
    ),
    columns=None,
):
    table = ReportTable(
        kind="quarterly",
        title_lines=list(title),
        columns=columns or AGREEMENTS_COLUMNS,
        rows=rows,
        filename="test",
    )
    return render_docx(table)


def report_row(number, agreements, title, timing="10 мая", participants="Участники", merged=False):
    cells = (
        f"{number}.",
        "" if merged else agreements,
        title,
        timing,
        "г. Смоленск",
        participants,
        "Содержание",
        "",
    )
    return Row(cells=cells, merged_up=frozenset({1}) if merged else frozenset())


def plan_docx(
    rows, title="План мероприятий в сфере межрегионального сотрудничества на I полугодие 2023 года"
):
    table = ReportTable(
        kind="plan", title_lines=[title], columns=PLAN_COLUMNS, rows=rows, filename="test"
    )
    return render_docx(table)


def plan_row(number, regions, title="Фестиваль", timing="март 2023 года"):
    return Row(
        cells=(f"{number}.", regions, title, timing, "г. Смоленск", "Содержание", "Участники")
    )


def docx_with_document_xml(xml):
    """A minimal package whose word/document.xml is exactly `xml` (for hostile inputs)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()
