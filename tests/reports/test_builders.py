"""What goes into each report: approved submissions only, drafts, periods, order, errors."""

from datetime import date

import pytest

from agreements.models import Roadmap
from cooperation.models import Department, DepartmentName, Region
from cooperation.text import format_regions
from events.models import PlannedEventStatus
from reports.builders import ReportError, build_report, not_held_note, with_head_count
from reports.models import SubmissionStatus
from tests.factories import (
    AgreementFactory,
    DepartmentFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def _titles(table):
    return [r.cells[2] for r in table.materialize() if not r.is_group]


def _report_event(department, year, quarter, title, status=SubmissionStatus.APPROVED):
    SubmissionFactory(department=department, year=year, quarter=quarter, status=status)
    event = ReportedEventFactory(
        department=department,
        year=year,
        quarter=quarter,
        title=title,
        starts_on=date(year, quarter * 3, 1),
        ends_on=date(year, quarter * 3, 2),
    )
    event.agreement_links.create(agreement=AgreementFactory(), position=0)
    return event


def test_only_approved_submissions_feed_the_official_report():
    approved, pending = DepartmentFactory(), DepartmentFactory()
    _report_event(approved, 2023, 1, "Принятое мероприятие")
    _report_event(pending, 2023, 1, "Непринятое мероприятие", SubmissionStatus.SUBMITTED)
    assert _titles(build_report("quarterly", year=2023, quarter=1)) == ["Принятое мероприятие"]


def test_draft_shows_every_row_and_what_is_still_missing():
    approved, pending = DepartmentFactory(), DepartmentFactory()
    _report_event(approved, 2023, 1, "Принятое мероприятие")
    _report_event(pending, 2023, 1, "Непринятое мероприятие", SubmissionStatus.SUBMITTED)
    table = build_report("quarterly", year=2023, quarter=1, draft=True)
    assert sorted(_titles(table)) == ["Непринятое мероприятие", "Принятое мероприятие"]
    assert table.title_lines[0] == "ПРОЕКТ" and table.filename.startswith("ПРОЕКТ_")
    (note,) = table.notes
    assert f"{pending.name} — на проверке" in note
    assert "Департамент Смоленской области по культуре — нет отчёта" in note
    assert approved.name not in note


def test_half_year_and_annual_reports_cover_their_quarters():
    department = DepartmentFactory()
    for quarter in (1, 2, 3, 4):
        _report_event(department, 2022, quarter, f"Мероприятие {quarter} квартала")
    half = build_report("half_year", year=2022, half=1)
    assert half.title_lines == [
        "Отчет о реализации соглашений в сфере межрегионального сотрудничества",
        "за I полугодие 2022 года",
    ]
    assert _titles(half) == ["Мероприятие 1 квартала", "Мероприятие 2 квартала"]
    assert half.filename == "Отчет_о_реализации_соглашений_I_полугодие_2022"
    annual = build_report("annual", year=2022)
    assert annual.title_lines[1] == "за 2022 год"
    assert len(_titles(annual)) == 4
    assert [r.cells[0] for r in annual.materialize() if not r.is_group] == ["1.", "2.", "3.", "4."]


def test_numbering_is_continuous_across_department_groups(demo):
    rows = build_report("plan", year=2022, half=2).materialize()
    assert [r.cells[0] for r in rows if not r.is_group] == [f"{n}." for n in range(1, 20)]
    assert sum(r.is_group for r in rows) == 7


def test_new_departments_follow_the_register_order():
    later = DepartmentFactory(sort_order=5000, name="Департамент Б")
    earlier = DepartmentFactory(sort_order=4000, name="Департамент А")
    for department in (later, earlier):
        _report_event(department, 2024, 2, f"Мероприятие {department.name}")
    groups = [
        r.group for r in build_report("quarterly", year=2024, quarter=2).materialize() if r.is_group
    ]
    assert groups == ["Департамент А", "Департамент Б"]


def test_plan_lists_regions_the_russian_way_when_no_text_was_written():
    event = PlannedEventFactory(
        year=2023, half=1, regions_text="", starts_on=date(2023, 3, 1), ends_on=date(2023, 3, 31)
    )
    event.regions.set(
        Region.objects.filter(short_name__in=["Брянская область", "Калужская область", "г. Москва"])
    )
    (row,) = [r for r in build_report("plan", year=2023, half=1).materialize() if not r.is_group]
    assert row.cells[1] == "г. Москва, Брянская, Калужская области"


def test_format_regions_singular_and_krai():
    regions = {r.short_name: r for r in Region.objects.all()}
    assert format_regions([regions["Тверская область"]]) == "Тверская область"
    assert (
        format_regions(
            [
                regions["Краснодарский край"],
                regions["Красноярский край"],
                regions["Республика Крым"],
            ]
        )
        == "Республика Крым, Краснодарский, Красноярский края"
    )


def test_roadmap_marks_a_liquidated_body_and_adds_its_footnote(demo):
    rows = build_report("roadmap", year=2022, roadmap=demo["roadmap"]).materialize()
    item = next(r for r in rows if not r.is_group and r.cells[0] == "2.1.")
    assert item.cells[3] == (
        "Департамент инвестиционного развития Смоленской области\n\n"
        "СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем» *\n\n"
        "*ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»"
    )
    # In 2021 the body still worked: no asterisk, no footnote.
    rows_2021 = build_report("roadmap", year=2021, roadmap=demo["roadmap"]).materialize()
    item_2021 = next(r for r in rows_2021 if not r.is_group and r.cells[0] == "2.1.")
    assert "*" not in item_2021.cells[3]


def test_roadmap_progress_entries_continue_the_item_in_merged_rows(demo):
    rows = build_report("roadmap", year=2022, roadmap=demo["roadmap"]).materialize()
    start = next(i for i, r in enumerate(rows) if not r.is_group and r.cells[0] == "8.2.")
    continuation = rows[start + 1 : start + 7]
    assert all(r.merged_up == frozenset({0, 1, 2, 3}) for r in continuation)
    assert rows[start + 7].cells[0] == "8.3."


@pytest.mark.parametrize(
    ("kind", "arguments", "message"),
    [
        ("quarterly", {"year": 2022}, "Укажите квартал"),
        ("quarterly", {"year": 2022, "quarter": 5}, "Укажите квартал"),
        ("half_year", {"year": 2022, "half": 3}, "Укажите полугодие"),
        ("plan", {"year": 2022}, "Укажите полугодие"),
        ("annual", {"year": 1990}, "от 2000 до 2100"),
        ("roadmap", {"year": 2022}, "Выберите «дорожную карту»"),
        ("unknown", {"year": 2022}, "Неизвестный вид"),
    ],
)
def test_impossible_requests_get_a_russian_message(kind, arguments, message):
    with pytest.raises(ReportError, match=message):
        build_report(kind, **arguments)


def test_roadmap_report_outside_its_years_is_refused(demo):
    with pytest.raises(ReportError, match="2021–2023"):
        build_report("roadmap", year=2025, roadmap=Roadmap.objects.get())


def test_department_of_the_roadmap_is_in_the_register():
    assert Department.objects.filter(name="Аппарат Администрации Смоленской области").exists()


def _cells(table, title):
    (row,) = [r for r in table.materialize() if r.cells and r.cells[2] == title]
    return row.cells


def test_the_head_count_entered_is_printed_in_the_participants_cell():
    event = _report_event(DepartmentFactory(), 2023, 2, "Форум")
    event.participants = "Представители Брянской и Смоленской областей"
    event.participants_count = 320
    event.save()
    cells = _cells(build_report("quarterly", year=2023, quarter=2), "Форум")
    assert cells[5] == (
        "Общее количество участников 320\xa0человек\nПредставители Брянской и Смоленской областей"
    )


@pytest.mark.parametrize(
    ("participants", "count"),
    [
        ("Учащиеся Брянской и Смоленской областей. Общее количество участников 170 человек", 170),
        ("На открытии выставки присутствовало  45\xa0 человек", 45),
        ("Более 1 000 участников из 12 регионов", 1000),
        ("Делегации регионов", None),
    ],
)
def test_a_head_count_the_text_already_states_is_not_printed_twice(participants, count):
    assert with_head_count(participants, count) == participants


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1\xa0человек"),
        (2, "2\xa0человека"),
        (12, "12\xa0человек"),
        (64, "64\xa0человека"),
        (120, "120\xa0человек"),
    ],
)
def test_the_head_count_reads_as_russian(count, expected):
    assert with_head_count("", count) == f"Общее количество участников {expected}"


def test_the_demo_quarter_prints_each_head_count_once(demo):
    for row in build_report("quarterly", year=2020, quarter=3).materialize():
        if row.cells:
            assert row.cells[5].count("Общее количество участников") <= 1


def test_planned_events_not_held_are_printed_with_their_reasons():
    department = DepartmentFactory()
    SubmissionFactory(department=department, year=2022, quarter=3, status=SubmissionStatus.APPROVED)
    postponed = PlannedEventFactory(department=department, status=PlannedEventStatus.POSTPONED)
    cancelled = PlannedEventFactory(department=department, status=PlannedEventStatus.CANCELLED)
    for planned, reason in (
        (postponed, "Организатор перенёс форум на 2023 год"),
        (cancelled, "Нет финансирования"),
    ):
        ReportedEventFactory(
            department=department,
            year=2022,
            quarter=3,
            planned_event=planned,
            title=planned.title,
            starts_on=date(2022, 9, 1),
            ends_on=date(2022, 9, 30),
            held=False,
            note=reason,
        )
    table = build_report("quarterly", year=2022, quarter=3)
    # The note column: «Примечание (причины невыполнения запланированных мероприятий)».
    assert _cells(table, postponed.title)[7] == "Организатор перенёс форум на 2023 год"
    assert _cells(table, cancelled.title)[7] == "Мероприятие отменено.\nНет финансирования"


def test_a_not_held_note_names_what_became_of_the_event_once():
    assert not_held_note("Нет средств", PlannedEventStatus.POSTPONED) == (
        "Мероприятие перенесено.\nНет средств"
    )
    assert not_held_note("Нет средств", None) == "Мероприятие не проведено.\nНет средств"
    assert not_held_note("Не проводилось из-за карантина", None) == (
        "Не проводилось из-за карантина"
    )


@pytest.mark.parametrize(
    ("kind", "arguments", "notice"),
    [
        ("quarterly", {"year": 2031, "quarter": 1}, "Мероприятия не проводились"),
        ("half_year", {"year": 2031, "half": 2}, "Мероприятия не проводились"),
        ("annual", {"year": 2031}, "Мероприятия не проводились"),
        ("quarterly", {"year": 2031, "quarter": 1, "draft": True}, "Отчёты не поступили"),
        ("plan", {"year": 2031, "half": 1}, "Мероприятия не запланированы"),
    ],
)
def test_an_empty_period_says_so_in_one_row(kind, arguments, notice):
    rows = build_report(kind, **arguments).materialize()
    assert [r.notice for r in rows] == [notice]


def test_a_period_with_rows_has_no_notice():
    _report_event(DepartmentFactory(), 2023, 1, "Мероприятие")
    rows = build_report("quarterly", year=2023, quarter=1).materialize()
    assert not any(r.is_notice for r in rows)


def test_a_document_prints_the_name_the_body_bore_in_its_period():
    department = DepartmentFactory(name="Департамент Смоленской области по туризму")
    DepartmentName.objects.create(
        department=department,
        name="Министерство туризма Смоленской области",
        valid_from=date(2024, 1, 1),
    )
    _report_event(department, 2023, 4, "Выставка 2023 года")
    _report_event(department, 2024, 1, "Выставка 2024 года")
    groups_2023 = [r.group for r in build_report("quarterly", year=2023, quarter=4).materialize()]
    groups_2024 = [r.group for r in build_report("quarterly", year=2024, quarter=1).materialize()]
    assert "Департамент Смоленской области по туризму" in groups_2023
    assert "Министерство туризма Смоленской области" in groups_2024
    PlannedEventFactory(department=department, year=2024, half=1)
    plan = build_report("plan", year=2024, half=1).materialize()
    assert "Министерство туризма Смоленской области" in [r.group for r in plan]
