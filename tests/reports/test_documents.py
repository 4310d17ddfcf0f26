"""The document form: column widths that fill the page and hold every caption word."""

import pytest

from reports.documents import AGREEMENTS_COLUMNS, PLAN_COLUMNS, ROADMAP_COLUMNS
from reports.renderers.docx import CELL_MARGIN
from reports.renderers.layout import PT_PER_CM, longest_word
from reports.renderers.xlsx import CELL_PADDING_PT, CHARS_PER_CM, DIGIT_WIDTH_PT

FORMS = {"plan": PLAN_COLUMNS, "agreements": AGREEMENTS_COLUMNS, "roadmap": ROADMAP_COLUMNS}
# Room a suite may take beyond the estimate (rounding, glyph overhang, bold synthesis).
SPARE_PT = 3


@pytest.mark.parametrize("form", FORMS)
def test_columns_fill_the_text_width_of_a4_landscape(form):
    assert sum(c.width_cm for c in FORMS[form]) == pytest.approx(25.7)


@pytest.mark.parametrize("form", FORMS)
def test_every_caption_word_fits_its_column_in_bold(form):
    for column in FORMS[form]:
        word, width = longest_word(column.caption, bold=True)
        docx_room = column.width_cm * PT_PER_CM - 2 * CELL_MARGIN / 20
        xlsx_room = column.width_cm * CHARS_PER_CM * DIGIT_WIDTH_PT - CELL_PADDING_PT
        assert width + SPARE_PT <= min(docx_room, xlsx_room), (column.caption, word)
