"""Period phrases of the documents mean the right dates, and the portal's own wording reads back."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cooperation.periods import (
    DateRange,
    ParsedPeriod,
    PeriodError,
    format_period,
    half_of,
    half_range,
    half_title,
    is_known_wording,
    parse_period,
    quarter_of,
    quarter_range,
    quarter_title,
    roman,
    year_range,
)

D = date
DOCUMENT_YEAR = 2022
FALLBACK = DateRange(D(2022, 7, 1), D(2022, 9, 30))
FIRST_DAY = D(1990, 1, 1)
LAST_DAY = D(2040, 12, 31)

EXACT_PHRASES = [
    ("август 2022 год", D(2022, 8, 1), D(2022, 8, 31)),
    ("август\n2022 года", D(2022, 8, 1), D(2022, 8, 31)),
    ("сентябрь-октябрь 2022 года", D(2022, 9, 1), D(2022, 10, 31)),
    ("ноябрь - декабрь 2022 года", D(2022, 11, 1), D(2022, 12, 31)),
    ("III-IV квартал 2022 года", D(2022, 7, 1), D(2022, 12, 31)),
    ("II полугодие 2022 года", D(2022, 7, 1), D(2022, 12, 31)),
    ("11-17 июля 2022 года", D(2022, 7, 11), D(2022, 7, 17)),
    ("17-18 ноября 2022 года", D(2022, 11, 17), D(2022, 11, 18)),
    ("24 сентября 2022 года", D(2022, 9, 24), D(2022, 9, 24)),
    ("17-20 сентября\n2022 года", D(2022, 9, 17), D(2022, 9, 20)),
    ("29 августа", D(2022, 8, 29), D(2022, 8, 29)),
    ("5–6 сентября", D(2022, 9, 5), D(2022, 9, 6)),
    ("5-7 сентября ", D(2022, 9, 5), D(2022, 9, 7)),
    ("1 октября – 30 ноября", D(2022, 10, 1), D(2022, 11, 30)),
    ("13 мая – 2 июля 2022 года", D(2022, 5, 13), D(2022, 7, 2)),
    ("2020-2024 годы", D(2020, 1, 1), D(2024, 12, 31)),
    ("2021-2023\nгоды", D(2021, 1, 1), D(2023, 12, 31)),
    ("2022 год", D(2022, 1, 1), D(2022, 12, 31)),
    ("в 2022 году", D(2022, 1, 1), D(2022, 12, 31)),
    ("I квартал 2022 года", D(2022, 1, 1), D(2022, 3, 31)),
    ("1 квартал 2022 г.", D(2022, 1, 1), D(2022, 3, 31)),
    ("январь–февраль 2022 года", D(2022, 1, 1), D(2022, 2, 28)),
    ("с 21 по 23 сентября 2022 года", D(2022, 9, 21), D(2022, 9, 23)),
    ("в период с 12.01.2022 по 19.04.2022", D(2022, 1, 12), D(2022, 4, 19)),
    ("12.01.2022", D(2022, 1, 12), D(2022, 1, 12)),
    ("28 декабря 2021 года – 10 января 2022 года", D(2021, 12, 28), D(2022, 1, 10)),
    ("декабрь 2021 – январь 2022 года", D(2021, 12, 1), D(2022, 1, 31)),
    ("март-апрель", D(2022, 3, 1), D(2022, 4, 30)),
    ("в течение 2022 года", D(2022, 1, 1), D(2022, 12, 31)),
]

# Spellings met in real tables besides the canonical ones.
VARIANT_PHRASES = [
    ("Август\u00a02022\u00a0года", D(2022, 8, 1), D(2022, 8, 31)),
    ("АВГУСТ 2022 Г.;", D(2022, 8, 1), D(2022, 8, 31)),
    ("сентябрь\t—\tоктябрь 2022 г.", D(2022, 9, 1), D(2022, 10, 31)),
    ("III − IV кварталы 2022 гг.", D(2022, 7, 1), D(2022, 12, 31)),
    ("1-й квартал 2022 года", D(2022, 1, 1), D(2022, 3, 31)),
    ("во 2-м квартале 2022 года", D(2022, 4, 1), D(2022, 6, 30)),
    ("первое полугодие 2022 года", D(2022, 1, 1), D(2022, 6, 30)),
    ("3 кв. 2022 г.", D(2022, 7, 1), D(2022, 9, 30)),
    ("ІІ квартал 2022 года", D(2022, 4, 1), D(2022, 6, 30)),
    ("с 1 до 5 июня", D(2022, 6, 1), D(2022, 6, 5)),
    ("c 21 пo 23 cентября", D(2022, 9, 21), D(2022, 9, 23)),
    ("12-19.04.2022", D(2022, 4, 12), D(2022, 4, 19)),
    ("2022-04-12", D(2022, 4, 12), D(2022, 4, 12)),
    ("12.01.22", D(2022, 1, 12), D(2022, 1, 12)),
    ("сент. 2022 г.", D(2022, 9, 1), D(2022, 9, 30)),
    ("в сентябре", D(2022, 9, 1), D(2022, 9, 30)),
    ("9 месяцев 2021 года", D(2021, 1, 1), D(2021, 9, 30)),
    ("III квартал 2022 года (по согласованию)", D(2022, 7, 1), D(2022, 9, 30)),
    ("1 октября 2021 года – 30 ноября", D(2021, 10, 1), D(2021, 11, 30)),
]

VAGUE_PHRASES = [
    "В течение всего периода",
    "Ежемесячно",
    "Ежеквартально",
    "До 15 сентября (ежегодно)",
    "В рабочем порядке",
    "По мере необходимости",
    "Постоянно",
    "В течение года",
    "1 раз в квартал",
    "Не позднее 1 декабря 2022 года",
    "",
]

BAD_PHRASES = [
    "31 февраля 2022 года",
    "30 ноября – 1 октября 2022 года",
    "V квартал 2022",
    "III полугодие 2022 года",
    "0 квартал 2022 года",
    "32.01.2022",
    "2024-2020 годы",
    "август и сентябрь 2022 года",
    "1-5-7 сентября 2022 года",
    "IIII квартал 2022 года",
]


@pytest.mark.parametrize(("text", "start", "end"), EXACT_PHRASES, ids=[p[0] for p in EXACT_PHRASES])
def test_document_phrase_parses_to_its_exact_range(text, start, end):
    assert parse_period(text, year=DOCUMENT_YEAR) == ParsedPeriod(text, start, end, is_exact=True)


@pytest.mark.parametrize(
    ("text", "start", "end"), VARIANT_PHRASES, ids=[p[0] for p in VARIANT_PHRASES]
)
def test_phrase_spelled_differently_parses_to_the_same_range(text, start, end):
    assert parse_period(text, year=DOCUMENT_YEAR) == ParsedPeriod(text, start, end, is_exact=True)


WITH_OWN_YEAR = [p for p in EXACT_PHRASES if re.search(r"\d{4}", p[0])]


@pytest.mark.parametrize(("text", "start", "end"), WITH_OWN_YEAR, ids=[p[0] for p in WITH_OWN_YEAR])
def test_phrase_with_its_own_year_ignores_the_document_year(text, start, end):
    assert (parse_period(text).start, parse_period(text).end) == (start, end)
    assert (parse_period(text, year=1999).start, parse_period(text, year=1999).end) == (start, end)


def test_month_range_with_spaced_hyphen_parses():
    parsed = parse_period("ноябрь - декабрь 2022 года")
    assert (parsed.start, parsed.end) == (D(2022, 11, 1), D(2022, 12, 31))


@pytest.mark.parametrize("text", VAGUE_PHRASES)
def test_phrase_without_a_range_takes_the_fallback_and_keeps_its_text(text):
    parsed = parse_period(text, year=DOCUMENT_YEAR, fallback=FALLBACK)
    assert parsed == ParsedPeriod(text, FALLBACK.start, FALLBACK.end, is_exact=False)


@pytest.mark.parametrize("text", VAGUE_PHRASES)
def test_phrase_without_a_range_and_without_fallback_asks_for_the_reporting_period(text):
    with pytest.raises(PeriodError, match="укажите отчётный период"):
        parse_period(text, year=DOCUMENT_YEAR)


def test_error_for_a_phrase_without_dates_quotes_the_phrase():
    with pytest.raises(PeriodError) as error:
        parse_period("Постоянно")
    assert str(error.value) == "Сроки «Постоянно» не содержат дат; укажите отчётный период"


@pytest.mark.parametrize("text", BAD_PHRASES)
def test_impossible_or_unreadable_phrase_raises_an_error_naming_it(text):
    with pytest.raises(PeriodError, match="Не удалось распознать сроки") as error:
        parse_period(text, year=DOCUMENT_YEAR, fallback=FALLBACK)
    assert f"«{text}»" in str(error.value)


def test_error_for_a_nonexistent_date_names_the_date():
    with pytest.raises(PeriodError) as error:
        parse_period("31 февраля 2022 года")
    assert str(error.value).startswith("Не удалось распознать сроки: «31 февраля 2022 года»")
    assert "31.02.2022" in str(error.value)


def test_error_message_shows_the_phrase_on_one_line():
    with pytest.raises(PeriodError) as error:
        parse_period("31 февраля\n2022 года")
    assert "«31 февраля 2022 года»" in str(error.value)


@pytest.mark.parametrize("text", ["29 августа", "5–6 сентября", "март-апрель", "III квартал"])
def test_phrase_without_a_year_needs_the_document_year(text):
    with pytest.raises(PeriodError, match="не указан год"):
        parse_period(text)


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


def test_reversed_date_range_is_refused():
    with pytest.raises(PeriodError):
        DateRange(D(2022, 2, 1), D(2022, 1, 31))


def test_format_period_refuses_a_reversed_range():
    with pytest.raises(PeriodError):
        format_period(D(2022, 2, 1), D(2022, 1, 31))


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2022, 1, 1), D(2022, 12, 31), "2022 год"),
        (D(2021, 1, 1), D(2023, 12, 31), "2021-2023 годы"),
        (D(2022, 7, 1), D(2022, 12, 31), "II полугодие 2022 года"),
        (D(2022, 1, 1), D(2022, 6, 30), "I полугодие 2022 года"),
        (D(2022, 7, 1), D(2022, 9, 30), "III квартал 2022 года"),
        (D(2022, 4, 1), D(2022, 9, 30), "II-III квартал 2022 года"),
        (D(2022, 1, 1), D(2022, 9, 30), "I-III квартал 2022 года"),
        (D(2022, 8, 1), D(2022, 8, 31), "август 2022 года"),
        (D(2022, 9, 1), D(2022, 10, 31), "сентябрь-октябрь 2022 года"),
        (D(2022, 9, 24), D(2022, 9, 24), "24 сентября 2022 года"),
        (D(2022, 7, 11), D(2022, 7, 17), "11-17 июля 2022 года"),
        (D(2022, 10, 1), D(2022, 11, 29), "1 октября – 29 ноября 2022 года"),
        (D(2021, 12, 28), D(2022, 1, 10), "28 декабря 2021 года – 10 января 2022 года"),
        (D(2021, 12, 1), D(2022, 1, 31), "декабрь 2021 года – январь 2022 года"),
    ],
)
def test_format_period_gives_the_shortest_canonical_wording(start, end, text):
    assert format_period(start, end) == text


@pytest.mark.parametrize(
    ("n", "numeral"), [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (9, "IX"), (12, "XII")]
)
def test_roman_numerals_are_canonical(n, numeral):
    assert roman(n) == numeral


def test_roman_numeral_of_zero_is_refused():
    with pytest.raises(PeriodError):
        roman(0)


def test_quarter_and_half_titles_use_roman_numerals():
    assert quarter_title(2020, 3) == "III квартал 2020 года"
    assert half_title(2022, 2) == "II полугодие 2022 года"


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_outside_one_to_four_is_refused(quarter):
    with pytest.raises(PeriodError, match="Квартал"):
        quarter_range(2022, quarter)


@pytest.mark.parametrize("half", [0, 3])
def test_half_other_than_first_or_second_is_refused(half):
    with pytest.raises(PeriodError, match="Полугодие"):
        half_range(2022, half)


def test_calendar_units_have_the_expected_bounds():
    assert quarter_range(2024, 1) == DateRange(D(2024, 1, 1), D(2024, 3, 31))
    assert quarter_range(2024, 4) == DateRange(D(2024, 10, 1), D(2024, 12, 31))
    assert half_range(2024, 1) == DateRange(D(2024, 1, 1), D(2024, 6, 30))
    assert year_range(2024) == DateRange(D(2024, 1, 1), D(2024, 12, 31))


# --- Properties -------------------------------------------------------------------------------

UNITS = st.sampled_from([None, "month", "quarter", "half", "year"])


def _snap_start(d, unit):
    match unit:
        case "month":
            return d.replace(day=1)
        case "quarter":
            return quarter_range(d.year, quarter_of(d)).start
        case "half":
            return half_range(d.year, half_of(d)).start
        case "year":
            return d.replace(month=1, day=1)
    return d


def _snap_end(d, unit):
    match unit:
        case "month":
            return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        case "quarter":
            return quarter_range(d.year, quarter_of(d)).end
        case "half":
            return half_range(d.year, half_of(d)).end
        case "year":
            return d.replace(month=12, day=31)
    return d


@st.composite
def date_ranges(draw):
    """Any range, but with whole months, quarters, halves and years far more often than chance."""
    start = draw(st.dates(FIRST_DAY, LAST_DAY))
    span = draw(st.sampled_from([0, 40, 400, None]))
    latest = LAST_DAY if span is None else min(LAST_DAY, start + timedelta(days=span))
    end = draw(st.dates(start, latest))
    return _snap_start(start, draw(UNITS)), _snap_end(end, draw(UNITS))


@settings(max_examples=300)
@given(date_ranges())
def test_formatted_period_parses_back_to_the_same_range(bounds):
    start, end = bounds
    text = format_period(start, end)
    assert parse_period(text) == ParsedPeriod(text, start, end, is_exact=True)


@given(st.integers(1990, 2040), st.integers(1, 4))
def test_whole_quarter_is_formatted_as_its_title(year, quarter):
    period = quarter_range(year, quarter)
    assert format_period(period.start, period.end) == quarter_title(year, quarter)


@given(st.integers(1990, 2040), st.integers(1, 2))
def test_whole_half_is_formatted_as_its_title(year, half):
    period = half_range(year, half)
    assert format_period(period.start, period.end) == half_title(year, half)


@given(st.integers(1990, 2040))
def test_whole_year_is_formatted_as_the_year(year):
    period = year_range(year)
    assert format_period(period.start, period.end) == f"{year} год"


@given(st.dates(FIRST_DAY, LAST_DAY))
def test_date_lies_in_the_quarter_and_half_it_is_said_to_be_in(day):
    quarter = quarter_range(day.year, quarter_of(day))
    half = half_range(day.year, half_of(day))
    assert quarter.start <= day <= quarter.end
    assert half.start <= day <= half.end


PHRASE_PIECES = st.sampled_from(
    [
        "1",
        "5",
        "17",
        "31",
        "2021",
        "2022",
        "12.01.2022",
        "III",
        "IV",
        "V",
        "сентября",
        "октябрь",
        "февраля",
        "квартал",
        "полугодие",
        "года",
        "с",
        "по",
        "до",
        "-",
        "–",
        "в течение",
        "ежегодно",
        ",",
    ]
)


@given(st.lists(PHRASE_PIECES, max_size=7).map(" ".join), st.none() | st.just(DOCUMENT_YEAR))
def test_any_phrase_gives_an_ordered_range_or_a_period_error(text, year):
    try:
        parsed = parse_period(text, year=year, fallback=FALLBACK)
    except PeriodError:
        return
    assert parsed.start <= parsed.end
    assert parsed.text == text


@pytest.mark.parametrize("phrase", [*VAGUE_PHRASES[:-1], "В течение полугодия", "Весь период"])
def test_usual_phrases_without_dates_are_known_wording(phrase):
    assert is_known_wording(phrase)


@pytest.mark.parametrize("phrase", ["бла-бла", "когда-нибудь потом", "asdf", "XXX", "5", "...", ""])
def test_words_the_parser_does_not_know_are_not_known_wording(phrase):
    assert not is_known_wording(phrase)
