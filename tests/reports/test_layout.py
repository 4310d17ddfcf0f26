"""The wrapped-line estimate behind row heights, page breaks and header widths."""

import pytest

from reports.renderers.layout import PT_PER_CM, line_count, longest_word, text_width, wrap


def test_widths_are_times_new_roman():
    # A digit is half an em; «ш» and «Ш» are wider than «i»; bold is wider than regular.
    assert text_width("0123456789") == pytest.approx(60)
    assert text_width("Ш") > text_width("ш") > text_width("i")
    assert text_width("Мероприятие", bold=True) > text_width("Мероприятие")
    assert text_width("a", 24) == 2 * text_width("a", 12)


def test_lines_break_at_spaces_and_typed_line_breaks():
    assert wrap("раз два три", 1000) == ["раз два три"]
    assert wrap("раз\nдва", 1000) == ["раз", "два"]
    assert wrap("раз\n\nдва", 1000) == ["раз", "", "два"]
    narrow = text_width("раз два") + 1
    assert wrap("раз два три", narrow) == ["раз два", "три"]


def test_a_no_break_space_and_a_range_of_years_hold_together():
    width = text_width("Проведено в г.") + 1
    assert wrap("Проведено в г.\xa0Смоленске", width) == ["Проведено в", "г.\xa0Смоленске"]
    width = text_width("на 2021-") + 1
    assert wrap("на 2021-2023 годы", width)[0] == "на"
    assert wrap("бизнес-миссия", text_width("бизнес-") + 1) == ["бизнес-", "миссия"]
    # Full-width rows of the spreadsheet break at spaces only.
    width = text_width("Санкт-Петербурге") + 1
    assert wrap("в Санкт-Петербурге", width) == ["в Санкт-", "Петербурге"]
    assert wrap("в Санкт-Петербурге", width, at_hyphens=False) == ["в", "Санкт-Петербурге"]


def test_a_word_longer_than_the_line_is_cut_or_hyphenated():
    word = "Межрегиональный"
    width = text_width("Межрегио") + 1
    cut = wrap(word, width)
    assert "".join(cut) == word and len(cut) == 2
    hyphenated = wrap(f"Форум {word}", text_width("Форум Меж-") + 1, hyphenate=True)
    assert hyphenated[0] == "Форум Меж-"
    assert "".join(line.removesuffix("-") for line in hyphenated) == f"Форум {word}"


def test_hyphenation_makes_the_estimate_shorter_never_longer():
    text = "Обмен опытом в области организации работы органов службы занятости населения"
    width = 3 * PT_PER_CM
    assert line_count(text, width, hyphenate=True) <= line_count(text, width)


def test_the_longest_word_is_what_a_column_must_hold():
    assert longest_word("Примечание (причины невыполнения запланированных мероприятий)")[0] == (
        "запланированных"
    )
    assert longest_word("№ п/п") == ("п/п", text_width("п/п"))
