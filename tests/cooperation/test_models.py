"""Timing: the phrase and the dates it means are set together, by one method."""

from datetime import date

import pytest

from cooperation.periods import PeriodError, half_range, parse_period
from events.models import PlannedEvent, ReportedEvent

SECOND_HALF = half_range(2022, 2)


def test_a_phrase_with_dates_is_stored_with_its_exact_dates_and_tidy_spacing():
    event = PlannedEvent()
    event.set_timing("  5–6   сентября ", year=2022, fallback=SECOND_HALF)
    assert (event.timing_text, event.starts_on, event.ends_on, event.timing_is_exact) == (
        "5–6 сентября",
        date(2022, 9, 5),
        date(2022, 9, 6),
        True,
    )


def test_a_phrase_without_dates_takes_the_reporting_period_and_is_not_exact():
    event = PlannedEvent()
    event.set_timing("В течение всего периода", year=2022, fallback=SECOND_HALF)
    assert (event.starts_on, event.ends_on, event.timing_is_exact) == (
        date(2022, 7, 1),
        date(2022, 12, 31),
        False,
    )


def test_an_already_parsed_period_is_stored_as_given():
    parsed = parse_period("III квартал 2020 года", year=2020)
    event = ReportedEvent()
    event.set_timing("III квартал  2020 года", parsed=parsed)
    assert (event.timing_text, event.starts_on, event.ends_on, event.timing_is_exact) == (
        "III квартал 2020 года",
        date(2020, 7, 1),
        date(2020, 9, 30),
        True,
    )


def test_an_unreadable_phrase_raises_and_leaves_the_timing_as_it_was():
    event = ReportedEvent(timing_text="март", starts_on=date(2021, 3, 1), ends_on=date(2021, 3, 31))
    with pytest.raises(PeriodError, match="31 февраля"):
        event.set_timing("31 февраля", year=2021, fallback=None)
    assert (event.timing_text, event.starts_on, event.ends_on) == (
        "март",
        date(2021, 3, 1),
        date(2021, 3, 31),
    )


def test_timing_values_name_the_four_columns_for_keyword_construction():
    parsed = parse_period("август 2022 года")
    event = PlannedEvent(**PlannedEvent.timing_values(" август 2022 года", parsed))
    assert (event.timing_text, event.starts_on, event.ends_on, event.timing_is_exact) == (
        "август 2022 года",
        date(2022, 8, 1),
        date(2022, 8, 31),
        True,
    )
