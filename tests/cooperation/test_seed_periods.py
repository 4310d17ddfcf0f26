"""Every period phrase of the seeds means the right dates once loaded (the phrase compared word
by word: it keeps the seed's line breaks and no-break spaces)."""

from datetime import date

import pytest

from cooperation.text import collapse_spaces
from events.models import PlannedEvent, ReportedEvent

pytestmark = pytest.mark.django_db

D = date
Q3_2020 = (D(2020, 7, 1), D(2020, 9, 30))

PLAN_2022_H2 = {
    1: ("август 2022 год", D(2022, 8, 1), D(2022, 8, 31)),
    2: ("август 2022 года", D(2022, 8, 1), D(2022, 8, 31)),
    3: ("сентябрь-октябрь 2022 года", D(2022, 9, 1), D(2022, 10, 31)),
    4: ("III-IV квартал 2022 года", D(2022, 7, 1), D(2022, 12, 31)),
    5: ("октябрь 2022 года", D(2022, 10, 1), D(2022, 10, 31)),
    7: ("II полугодие 2022 года", D(2022, 7, 1), D(2022, 12, 31)),
    10: ("11-17 июля 2022 года", D(2022, 7, 11), D(2022, 7, 17)),
    11: ("17-18 сентября 2022 года", D(2022, 9, 17), D(2022, 9, 18)),
    12: ("24 сентября 2022 года", D(2022, 9, 24), D(2022, 9, 24)),
    13: ("ноябрь 2022 года", D(2022, 11, 1), D(2022, 11, 30)),
    14: ("17-18 ноября 2022 года", D(2022, 11, 17), D(2022, 11, 18)),
    15: ("18-19 ноября 2022 года", D(2022, 11, 18), D(2022, 11, 19)),
    16: ("17-20 сентября 2022 года", D(2022, 9, 17), D(2022, 9, 20)),
    17: ("сентябрь 2022 года", D(2022, 9, 1), D(2022, 9, 30)),
    19: ("ноябрь - декабрь 2022 года", D(2022, 11, 1), D(2022, 12, 31)),
}

REPORT_2020_Q3 = {
    1: ("В течение всего периода", *Q3_2020, False),
    4: ("Ежемесячно", *Q3_2020, False),
    5: ("11 августа", D(2020, 8, 11), D(2020, 8, 11), True),
    6: ("5-6 сентября", D(2020, 9, 5), D(2020, 9, 6), True),
    7: ("5-7 сентября", D(2020, 9, 5), D(2020, 9, 7), True),
    8: ("11-13 сентября", D(2020, 9, 11), D(2020, 9, 13), True),
    9: ("29 августа", D(2020, 8, 29), D(2020, 8, 29), True),
    10: ("4-5 сентября", D(2020, 9, 4), D(2020, 9, 5), True),
    11: ("10 июля", D(2020, 7, 10), D(2020, 7, 10), True),
    12: ("До 15 сентября (ежегодно)", *Q3_2020, False),
    13: ("2020-2024 годы", D(2020, 1, 1), D(2024, 12, 31), True),
    14: ("11 сентября", D(2020, 9, 11), D(2020, 9, 11), True),
    15: ("15 августа", D(2020, 8, 15), D(2020, 8, 15), True),
}


@pytest.mark.parametrize(("position", "expected"), PLAN_2022_H2.items())
def test_plan_period_phrase_means_its_dates(demo, position, expected):
    event = PlannedEvent.objects.get(year=2022, half=2, position=position)
    assert (collapse_spaces(event.timing_text), event.starts_on, event.ends_on) == expected
    assert event.timing_is_exact


@pytest.mark.parametrize(("position", "expected"), REPORT_2020_Q3.items())
def test_report_period_phrase_means_its_dates(demo, position, expected):
    event = ReportedEvent.objects.get(year=2020, quarter=3, position=position)
    text = collapse_spaces(event.timing_text)
    assert (text, event.starts_on, event.ends_on, event.timing_is_exact) == expected


def test_every_seed_row_has_a_range_inside_or_around_its_period(demo):
    for event in PlannedEvent.objects.all():
        assert event.starts_on <= event.ends_on
    for event in ReportedEvent.objects.all():
        assert event.starts_on <= event.ends_on
