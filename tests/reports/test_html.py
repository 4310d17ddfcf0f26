"""The on-screen preview draws the same rows as the documents, notices and line breaks included."""

import pytest

from reports.builders import build_report
from reports.renderers import render_html
from reports.tables import Column, ReportTable, Row
from tests.reports.readers import read_html

pytestmark = pytest.mark.django_db


def test_an_empty_quarter_says_so_on_screen():
    _, _, rows = read_html(render_html(build_report("quarterly", year=2031, quarter=2)))
    assert rows == [("notice", "Мероприятия не проводились")]


def test_line_breaks_and_no_break_spaces_show_as_typed():
    table = ReportTable(
        kind="quarterly",
        title_lines=["Проверка"],
        columns=[Column("№", 1), Column("Сроки", 3)],
        rows=[Row(cells=("1.", "август\n2022 года, До\xa015 сентября"))],
        filename="t",
    )
    markup = render_html(table)
    assert "август<br>2022 года, До\xa015 сентября" in markup
    _, _, rows = read_html(markup, lines=True)
    assert rows == [("row", ["1.", "август\n2022 года, До\xa015 сентября"])]
