"""Importing legacy Word documents: matching, idempotency, history, round trips."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement, Roadmap, RoadmapItem, RoadmapProgress
from cooperation.models import Department
from events.models import PlannedEvent, ReportedEvent
from imports.models import ImportRecord
from imports.services import ImportRejected, document_import, document_preview
from reports.builders import build_report
from reports.models import Submission, SubmissionAction, SubmissionHistory, SubmissionStatus
from reports.renderers import render_docx
from reports.tables import Row
from tests.imports.docs import (
    CULTURE,
    MOSCOW,
    TRILATERAL,
    plan_docx,
    plan_row,
    quarterly_docx,
    report_row,
)
from tests.reports.readers import read_docx

pytestmark = pytest.mark.django_db


def _events(year=2023, quarter=2):
    return {e.position: e for e in ReportedEvent.objects.with_details().in_quarter(year, quarter)}


def test_imported_report_is_stored_as_approved_with_its_origin():
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    result = document_import(data=data, file_name="отчёт.docx")
    assert result.created == 1
    submission = Submission.objects.get(year=2023, quarter=2)
    assert submission.status == SubmissionStatus.APPROVED
    (entry,) = submission.history.all()
    assert entry.action == SubmissionAction.IMPORTED
    assert "отчёт.docx" in entry.comment
    assert ImportRecord.objects.get().created == 1


def test_several_agreements_in_one_cell_are_each_found():
    cell = f"{MOSCOW}\n\n{TRILATERAL}"
    document_import(
        data=quarterly_docx([Row(group=CULTURE), report_row(1, cell, "Конкурс")]),
        file_name="x.docx",
    )
    assert [a.slug for a in _events()[1].ordered_agreements()] == ["moscow", "kaluga-bryansk"]


def test_typography_of_word_is_tolerated():
    # Non-breaking spaces, straight quotes, ё, case, hyphenation left from wrapping.
    department = "ДЕПАРТАМЕНТ\xa0Смоленской  области по   культуре"
    agreement = MOSCOW.replace("торгово-экономическом", "торгово-эконо-мическом").replace(
        " и ", "\xa0и "
    )
    rows = [Row(group=department), report_row(1, agreement, "Выставка «Дизайн»")]
    document_import(data=quarterly_docx(rows), file_name="x.docx")
    event = _events()[1]
    assert event.department.name == CULTURE
    assert event.ordered_agreements()[0].slug == "moscow"


def test_head_count_and_partner_regions_come_from_the_participants_text():
    participants = (
        "Представители г. Москвы, Липецкой, Калужской и Брянской областей. "
        "Общее количество участников 279 человек"
    )
    rows = [
        Row(group=CULTURE),
        report_row(1, MOSCOW, "Конкурс", participants=participants),
        report_row(2, MOSCOW, "Форум", participants="более 500 молодых людей"),
    ]
    document_import(data=quarterly_docx(rows), file_name="x.docx")
    events = _events()
    assert events[1].participants_count == 279
    assert [r.short_name for r in events[1].regions.all()] == sorted(
        ["г. Москва", "Липецкая область", "Калужская область", "Брянская область"],
        key=lambda n: [r.short_name for r in events[1].regions.all()].index(n),
    )
    assert {r.short_name for r in events[1].regions.all()} == {
        "г. Москва",
        "Липецкая область",
        "Калужская область",
        "Брянская область",
    }
    assert events[2].participants_count == 500
    # No region named: the regions of the row's agreement.
    assert [r.short_name for r in events[2].regions.all()] == ["г. Москва"]


@pytest.mark.parametrize(
    ("cell", "expected", "all_regions"),
    [
        ("Брянская, Калужская области", {"Брянская область", "Калужская область"}, False),
        (
            "Калужская, Самарская, Тверская, Ярославская Ленинградская, Белгородская области",
            {
                "Калужская область",
                "Самарская область",
                "Тверская область",
                "Ярославская область",
                "Ленинградская область",
                "Белгородская область",
            },
            False,
        ),
        ("г. Москва", {"г. Москва"}, False),
        ("Республика Крым", {"Республика Крым"}, False),
        ("Тверская область", {"Тверская область"}, False),
        ("Краснодарский, Красноярский края", {"Краснодарский край", "Красноярский край"}, False),
        ("Все субъекты РФ", set(), True),
        ("Субъекты будут определены в зависимости от результатов I этапа конкурса", set(), False),
    ],
)
def test_plan_regions_written_the_russian_way_are_matched(cell, expected, all_regions):
    document_import(data=plan_docx([Row(group=CULTURE), plan_row(1, cell)]), file_name="p.docx")
    event = PlannedEvent.objects.get(year=2023, half=1)
    assert {r.short_name for r in event.regions.all()} == expected
    assert event.all_regions is all_regions
    assert event.regions_text == cell


def test_unknown_values_are_reported_with_the_closest_known_one():
    rows = [
        Row(group="Департамент Смоленской области по культурре"),
        plan_row(1, "Брянская, Калужкая области"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        document_import(data=plan_docx(rows), file_name="p.docx")
    messages = [str(p) for p in rejected.value.problems]
    assert any("культурре" in m and f"Ближайшее известное: «{CULTURE}»" in m for m in messages)
    assert any(
        "строка 2" in m and "Калужкая область" in m and "Калужская область" in m for m in messages
    )
    assert not PlannedEvent.objects.exists()


def test_new_departments_and_agreements_are_created_only_when_confirmed():
    rows = [
        Row(group="Департамент Смоленской области по туризму"),
        report_row(
            1,
            "Соглашение между Администрацией Смоленской области и "
            "Правительством Республики Беларусь",
            "Форум",
        ),
    ]
    data = quarterly_docx(rows)
    with pytest.raises(ImportRejected):
        document_import(data=data, file_name="x.docx")
    assert not Department.objects.filter(name__contains="туризму").exists()
    create = {
        "Департамент Смоленской области по туризму",
        "Соглашение между Администрацией Смоленской области и Правительством Республики Беларусь",
    }
    preview = document_preview(data=data, file_name="x.docx", create=create)
    assert not preview.blocking and len(preview.notices) == 2
    document_import(data=data, file_name="x.docx", create=create)
    assert Department.objects.filter(name="Департамент Смоленской области по туризму").exists()
    assert Agreement.objects.filter(title__contains="Республики Беларусь").exists()


def test_bad_period_is_reported_by_row_and_column():
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Выставка", timing="31 февраля")]
    with pytest.raises(ImportRejected) as rejected:
        document_import(data=quarterly_docx(rows), file_name="x.docx")
    (problem,) = rejected.value.problems
    assert problem.row == 2 and problem.column == "Сроки проведения мероприятия"
    assert "31 февраля" in problem.message


def test_dry_run_stores_nothing():
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    result = document_import(data=data, file_name="x.docx", dry_run=True)
    assert result.created == 1
    assert not ReportedEvent.objects.exists() and not Submission.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_quarter_reported_in_the_portal_is_not_overwritten():
    from reports.services import submission_get_or_create

    submission_get_or_create(department=Department.objects.get(name=CULTURE), year=2023, quarter=2)
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    with pytest.raises(ImportRejected, match="уже есть отчёт в портале"):
        document_import(data=data, file_name="x.docx")


def test_kind_option_overrides_the_title():
    title = ("Сведения о мероприятиях", "за II квартал 2023 года")
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")], title=title)
    preview = document_preview(data=data, file_name="x.docx", kind="quarterly")
    assert (preview.layout.kind, preview.layout.year, preview.layout.quarter) == (
        "quarterly",
        2023,
        2,
    )


def _snapshot():
    return (
        sorted(ReportedEvent.objects.values_list("pk", "title", "updated_at")),
        sorted(PlannedEvent.objects.values_list("pk", "title", "updated_at")),
        sorted(RoadmapProgress.objects.values_list("pk", "text")),
        sorted(RoadmapItem.objects.values_list("pk", "title")),
        sorted(Submission.objects.values_list("pk", "status", "updated_at")),
        SubmissionHistory.objects.count(),
        Department.objects.count(),
        Agreement.objects.count(),
    )


def _wipe():
    ReportedEvent.objects.all().delete()
    PlannedEvent.objects.all().delete()
    Submission.objects.all().delete()
    Roadmap.objects.all().delete()


def _document(kind, demo_or_roadmap=None):
    arguments = {
        "plan": {"year": 2022, "half": 2},
        "quarterly": {"year": 2020, "quarter": 3},
        "roadmap": {"year": 2022, "roadmap": demo_or_roadmap},
    }[kind]
    return render_docx(build_report(kind, **arguments))


@pytest.mark.parametrize("kind", ["plan", "quarterly", "roadmap"])
def test_round_trip_export_import_export_gives_the_same_document(demo, kind):
    first = _document(kind, Roadmap.objects.first())
    _wipe()
    result = document_import(data=first, file_name=f"{kind}.docx")
    assert result.updated == 0 and result.unchanged == 0
    second = _document(kind, Roadmap.objects.first())
    assert read_docx(second) == read_docx(first)


@pytest.mark.parametrize("kind", ["plan", "quarterly", "roadmap"])
def test_importing_the_same_document_twice_changes_nothing(demo, kind):
    data = _document(kind, Roadmap.objects.first())
    _wipe()
    document_import(data=data, file_name="a.docx")
    before = _snapshot()
    result = document_import(data=data, file_name="a.docx")
    assert result.created == result.updated == 0
    assert _snapshot() == before


def test_import_document_command_reports_and_refuses(tmp_path, capsys):
    good = tmp_path / "good.docx"
    good.write_bytes(quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")]))
    call_command("import_document", str(good), "--dry-run")
    assert "ничего не сохранено" in capsys.readouterr().out
    assert not ReportedEvent.objects.exists()
    call_command("import_document", str(good))
    assert ReportedEvent.objects.count() == 1
    bad = tmp_path / "bad.docx"
    bad.write_bytes(plan_docx([Row(group="Неизвестный департамент"), plan_row(1, "г. Москва")]))
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="замечаний — 1"):
        call_command("import_document", str(bad))
    assert "Неизвестный департамент" in capsys.readouterr().err


def test_an_import_is_one_record_in_the_journal_not_a_revision_per_row():
    from reversion.models import Version

    from tests.factories import UserFactory

    user = UserFactory()
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    result = document_import(data=data, file_name="архив.docx", by=user)
    assert not Version.objects.get_for_object(ReportedEvent.objects.get()).exists()
    record = ImportRecord.objects.get()
    assert record == result.record and record.by == user
    assert record.changes["created"]["events.reportedevent"] == [ReportedEvent.objects.get().pk]
