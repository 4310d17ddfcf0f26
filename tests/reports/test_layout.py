"""The wrapped-line estimate behind row heights, page breaks and header widths."""

import re

import pytest

from reports.renderers.layout import PT_PER_CM, at_most, line_count, longest_word, text_width, wrap


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


def _seed_texts():
    from tests import seeds

    tables = (seeds.plan(), seeds.quarterly(), seeds.roadmap())
    return [c for t in tables for r in t.rows for c in [*r.cells, *sum(r.continuations, [])]]


def test_the_fast_count_agrees_with_the_layout_on_the_seed_texts():
    for raw in _seed_texts():
        for text in (raw, re.sub(" +", " ", raw)):
            for cm in (0.5, 1.0, 2.5, 3.3, 4.2, 6, 10.2):
                width = cm * PT_PER_CM - 4
                exact = len(wrap(text, width, at_hyphens=False))
                fast = line_count(text, width)
                # Equal where words fit the column; where words must be cut or a run of
                # spaces meets the end of a line, the fast count may spend more, never fewer.
                if cm >= 2.5 and text != raw:
                    assert fast == exact, (cm, text)
                assert exact <= fast, (cm, text)


def test_at_most_answers_as_the_count_does():
    for text in _seed_texts():
        for cm, most in ((3.3, 5), (4.2, 12), (6, 3), (10.2, 30)):
            width = cm * PT_PER_CM - 4
            assert at_most(text, width, most) == (line_count(text, width) <= most), (cm, text)
