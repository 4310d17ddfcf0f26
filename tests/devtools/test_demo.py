"""The demo data reproduces the seed documents row for row, with the seeds' texts as written:
line breaks and no-break spaces included."""

from datetime import date

import pytest
from django.core.management import call_command

from agreements.models import RoadmapItem, RoadmapProgress
from cooperation.models import Department
from cooperation.text import normalize_name
from events.models import PlannedEvent, ReportedEvent
from reports.models import Submission, SubmissionAction, SubmissionStatus
from tests import seeds

pytestmark = pytest.mark.django_db

PLAN_COLUMNS = ["regions_text", "title", "timing_text", "venue", "content", "participants"]
REPORT_COLUMNS = ["title", "timing_text", "venue", "participants", "content", "note"]


def _number(cell):
    return int(seeds.norm(cell).rstrip("."))


def _department_of(heading):
    key = normalize_name(seeds.norm(heading).split(" (")[0])
    (department,) = [
        d
        for d in Department.objects.all()
        if key in (normalize_name(d.name), normalize_name(d.short_name))
    ]
    return department


def test_plan_has_every_seed_row_with_its_texts(demo):
    table = seeds.plan()
    events = {e.position: e for e in PlannedEvent.objects.with_details().in_half(2022, 2)}
    assert len(table.rows) == 19
    assert sorted(events) == list(range(1, 20))
    for row in table.rows:
        event = events[_number(row.cells[0])]
        assert event.department == _department_of(row.group)
        for column, cell in zip(PLAN_COLUMNS, row.cells[1:], strict=True):
            expected = seeds.norm_lines(cell)
            assert seeds.norm_lines(getattr(event, column)) == expected, (event.position, column)


def test_plan_regions_are_matched_to_reference_data(demo):
    events = {e.position: e for e in PlannedEvent.objects.with_details().in_half(2022, 2)}
    assert {r.short_name for r in events[10].regions.all()} == {
        "Брянская область",
        "Московская область",
        "Калужская область",
    }
    # The seed's missing comma ("Ярославская Ленинградская") still yields both regions.
    assert len(events[18].regions.all()) == 10
    assert events[6].all_regions and not events[6].regions.all()
    assert not events[15].all_regions and not events[15].regions.all()
    assert events[15].regions_text.startswith("Субъекты будут определены")


def test_report_has_every_seed_row_with_its_texts(demo):
    table = seeds.quarterly()
    events = {e.position: e for e in ReportedEvent.objects.with_details().in_quarter(2020, 3)}
    assert len(table.rows) == 15
    assert sorted(events) == list(range(1, 16))
    for row in table.rows:
        event = events[_number(row.cells[0])]
        assert event.department == _department_of(row.group)
        for column, cell in zip(REPORT_COLUMNS, row.cells[2:], strict=True):
            expected = seeds.norm_lines(cell)
            assert seeds.norm_lines(getattr(event, column)) == expected, (event.position, column)


def test_report_rows_under_merged_cells_share_the_agreements_above(demo):
    table = seeds.quarterly()
    events = {e.position: e for e in ReportedEvent.objects.with_details().in_quarter(2020, 3)}
    cell_above = ""
    for row in table.rows:
        cell = seeds.norm(row.cells[1]) or cell_above  # empty = continues the merged cell
        cell_above = cell
        titles = " ".join(a.title for a in events[_number(row.cells[0])].ordered_agreements())
        # Row 1 of the seed spells «Соглашение» with a capital letter; it is the same agreement.
        assert seeds.norm(titles).casefold() == cell.casefold()
    assert [a.slug for a in events[5].ordered_agreements()] == [
        "moscow",
        "kaluga-bryansk",
        "lipetsk",
        "tver",
        "orel",
    ]
    for position in (6, 7, 8):
        assert events[position].ordered_agreements() == events[5].ordered_agreements()
    assert events[10].ordered_agreements() == events[9].ordered_agreements()


def test_report_head_counts_are_taken_from_participants(demo):
    counts = dict(
        ReportedEvent.objects.in_quarter(2020, 3).values_list("position", "participants_count")
    )
    assert {p: c for p, c in counts.items() if c} == {
        5: 45,
        6: 279,
        7: 61,
        8: 110,
        9: 32,
        10: 170,
        15: 35,
    }


def test_seed_quarter_submissions_are_approved_and_say_where_they_came_from(demo):
    submissions = Submission.objects.in_quarter(2020, 3)
    assert submissions.count() == 6
    for submission in submissions:
        assert submission.status == SubmissionStatus.APPROVED
        entry = submission.history.get()
        assert entry.action == SubmissionAction.IMPORTED
        assert "III квартал 2020 года" in entry.comment
    economy = submissions.get(
        department__name="Департамент экономического развития Смоленской области"
    )
    assert economy.heading_note == (
        "(в соответствии с пунктами планов в рамках реализации заключенных соглашений)"
    )


def test_roadmap_has_every_section_item_and_progress_entry(demo):
    table = seeds.roadmap()
    roadmap = demo["roadmap"]
    sections = [str(s) for s in roadmap.sections.order_by("position")]
    assert sections == [seeds.norm(g) for g in table.groups]
    items = list(RoadmapItem.objects.filter(section__roadmap=roadmap).with_details())
    assert [i.number for i in items] == [seeds.norm(r.cells[0]) for r in table.rows]
    assert "12.2." not in [i.number for i in items] and len(items) == 31
    for item, row in zip(items, table.rows, strict=True):
        assert seeds.norm_lines(item.title) == seeds.norm_lines(row.cells[1])
        assert seeds.norm_lines(item.timeline_text) == seeds.norm_lines(row.cells[2])
        expected = [c[4] for c in [row.cells, *row.continuations]]
        got = [e.text for e in item.progress_entries.all()]
        assert [seeds.norm_lines(t) for t in got] == [seeds.norm_lines(t) for t in expected]
        assert all(e.year == 2022 for e in item.progress_entries.all())
    assert RoadmapProgress.objects.filter(item__section__roadmap=roadmap).count() == 48


def test_roadmap_responsible_departments_keep_their_order(demo):
    item = RoadmapItem.objects.with_details().get(number="7.6.")
    assert [r.department.short_name for r in item.responsibilities.all()] == [
        "Департамент по социальному развитию",
        "Департамент по внутренней политике",
        "ГУ по делам молодежи",
    ]
    terem = RoadmapItem.objects.with_details().get(number="2.1.").responsibilities.all()[1]
    assert terem.department.active_until == date(2022, 3, 13)


def test_demo_texts_keep_the_seeds_line_breaks_and_no_break_spaces(demo):
    plan = {e.position: e for e in PlannedEvent.objects.in_half(2022, 2)}
    assert plan[1].timing_text == "август\n2022 год"
    report = {e.position: e for e in ReportedEvent.objects.in_quarter(2020, 3)}
    assert report[1].timing_text == "В\xa0течение всего периода"
    assert report[10].venue.endswith("п.\xa0Фленово Смоленский район, Смоленской области")
    assert report[12].timing_text == "До\xa015 сентября (ежегодно)"


def test_loading_the_demo_twice_changes_nothing(demo):
    def snapshot():
        return (
            PlannedEvent.objects.count(),
            ReportedEvent.objects.count(),
            RoadmapItem.objects.count(),
            RoadmapProgress.objects.count(),
            Submission.objects.count(),
            sorted(ReportedEvent.objects.values_list("pk", "title")),
        )

    before = snapshot()
    call_command("load_demo", "--no-users", verbosity=0)
    assert snapshot() == before
