"""The glyph widths the renderers use are Times New Roman's, as Liberation Serif carries them."""

from pathlib import Path

import pytest

from devtools.font_widths import read_font
from reports.renderers.font_widths import LINE_HEIGHT_EM, WIDTHS

FONTS = Path("/usr/share/fonts/truetype/liberation")


@pytest.mark.skipif(
    not (FONTS / "LiberationSerif-Regular.ttf").exists(),
    reason="fonts-liberation не установлен (в CI он ставится вместе с LibreOffice)",
)
@pytest.mark.parametrize(("bold", "name"), [(False, "Regular"), (True, "Bold")])
def test_the_width_table_matches_the_font(bold, name):
    units, line_height, widths = read_font(FONTS / f"LiberationSerif-{name}.ttf")
    table = {char: width for width, chars in WIDTHS[bold].items() for char in chars}
    assert table == {char: round(w * 1000 / units) for char, w in widths.items()}
    assert line_height == pytest.approx(LINE_HEIGHT_EM, abs=1e-4)


def test_the_table_covers_russian_text():
    for bold in (False, True):
        chars = "".join(WIDTHS[bold].values())
        assert set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ") <= set(
            chars
        )
        assert set("0123456789 .,;:-–—«»№()\xa0") <= set(chars)
