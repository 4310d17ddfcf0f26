"""The DOCX reader: the fast single pass reads exactly what the careful per-cell walk reads."""

import io
import zipfile

import pytest
from lxml import etree

from imports import docx_reader
from reports.builders import build_report
from reports.renderers import render_docx

pytestmark = pytest.mark.django_db


def _table(data):
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return etree.fromstring(xml).find(f".//{docx_reader.W}tbl")


def _plain(rows):
    return [[(c.text, c.span, c.merge) for c in row] for row in rows]


@pytest.mark.parametrize("kind", ["quarterly", "roadmap"])
def test_fast_and_careful_readings_agree(demo, kind):
    arguments = {
        "quarterly": {"year": 2020, "quarter": 3},
        "roadmap": {"year": 2022, "roadmap": demo["roadmap"]},
    }[kind]
    table = _table(render_docx(build_report(kind, **arguments)))
    fast = _plain(docx_reader._flat_rows(table))
    assert fast == _plain(docx_reader._careful_rows(table))
    texts = [text for row in fast for text, _, _ in row if text]
    assert any("\n" in t for t in texts)  # multi-paragraph cells keep their breaks
    assert not any(t.startswith("\n") for t in texts)


def test_title_paragraphs_are_read_above_the_table(demo):
    data = render_docx(build_report("quarterly", year=2020, quarter=3))
    assert docx_reader.read_docx(data).title_lines == [
        "Отчет о реализации соглашений в сфере межрегионального сотрудничества",
        "за III квартал 2020 года",
    ]
