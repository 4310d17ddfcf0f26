"""Matching as a careful clerk would: bodies under the name of their time, regions as people
write them, partners abroad, agreements by their parties and subject, head-counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cooperation import roles
from cooperation.models import Department, DepartmentName, ForeignPartner, Region, RegionAlias
from cooperation.periods import DateRange
from cooperation.text import case_forms, extract_head_count, period_title_dative
from events.models import PlannedEvent, ReportedEvent
from imports.matching import Reference
from imports.services import ImportRejected, document_import, document_preview
from reports.builders import build_report, plan_report
from reports.renderers import render_docx
from reports.tables import Row
from tests.factories import PlannedEventFactory, UserFactory
from tests.imports.docs import CULTURE, MOSCOW, plan_docx, plan_row, quarterly_docx, report_row
from tests.reports.readers import read_docx

pytestmark = pytest.mark.django_db

TEREM = "СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»"
TOURISM = "АНО «Центр развития туризма Смоленской области»"
EDUCATION = "Департамент Смоленской области по образованию и науке"
MINISTRY_OF_EDUCATION = "Министерство образования и науки Смоленской области"


def _quarterly(rows, title="за II квартал 2023 года"):
    return quarterly_docx(
        rows, title=("Отчет о реализации соглашений в сфере межрегионального сотрудничества", title)
    )


def _plan(rows, half="I полугодие 2023 года"):
    return plan_docx(
        rows, title=f"План мероприятий в сфере межрегионального сотрудничества на {half}"
    )


def _names(regions):
    return [r.short_name for r in regions]


# --- Bodies renamed over the years ----------------------------------------------------------


def test_a_ministry_of_2025_is_the_department_it_was_renamed_from():
    rows = [Row(group=MINISTRY_OF_EDUCATION), report_row(1, MOSCOW, "Олимпиада школьников")]
    document_import(data=_quarterly(rows, "за I квартал 2025 года"), file_name="2025.docx")
    event = ReportedEvent.objects.get()
    assert event.department.name == EDUCATION
    assert event.department.name_on(date(2025, 3, 1)) == MINISTRY_OF_EDUCATION
    assert event.department.name_on(date(2022, 3, 1)) == EDUCATION
    assert Department.objects.filter(name__startswith="Министерство").count() == 0


def test_the_short_name_of_a_ministry_matches_too():
    rows = [Row(group="Министерство спорта"), report_row(1, MOSCOW, "Турнир")]
    document_import(data=_quarterly(rows, "за II квартал 2024 года"), file_name="x.docx")
    assert ReportedEvent.objects.get().department.name == (
        "Главное управление спорта Смоленской области"
    )


def test_a_body_liquidated_before_the_document_gives_way_to_its_successor():
    rows = [Row(group=TEREM), report_row(1, MOSCOW, "Туристический форум")]
    preview = document_preview(data=_quarterly(rows), file_name="x.docx")
    assert preview.events[0].department.name == TOURISM
    (notice,) = preview.notices
    assert "на даты документа не работал" in notice.message
    assert TOURISM in notice.message
    document_import(data=_quarterly(rows), file_name="x.docx")
    assert ReportedEvent.objects.get().department.name == TOURISM


def test_a_successor_named_in_an_older_document_is_the_body_of_that_time():
    rows = [Row(group=TOURISM), report_row(1, MOSCOW, "Выставка")]
    document_import(data=_quarterly(rows, "за II квартал 2021 года"), file_name="x.docx")
    assert ReportedEvent.objects.get().department.name == TEREM


def test_an_unrelated_department_is_never_taken_for_a_renamed_one():
    reference = Reference(period=DateRange(date(2025, 1, 1), date(2025, 3, 31)))
    culture, _, problem = reference.department(
        "Министерство культуры Смоленской области", 1, "Департамент", create_missing=False
    )
    assert culture.name == CULTURE and problem is None
    unknown, _, problem = reference.department(
        "Министерство туризма Смоленской области", 1, "Департамент", create_missing=False
    )
    assert unknown is None and problem.blocking and problem.create_helps


# --- Regions as people write them -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Якутия, Чувашия", ["Республика Саха (Якутия)", "Чувашская Республика"]),
        ("Югра", ["Ханты-Мансийский автономный округ"]),
        ("Кузбасс", ["Кемеровская область"]),
        ("Ленобласть, Подмосковье", ["Ленинградская область", "Московская область"]),
        ("СПб", ["г. Санкт-Петербург"]),
        ("г. Тверь", ["Тверская область"]),
        ("г. Курск, г. Орёл", ["Курская область", "Орловская область"]),
        ("Калуга и Брянская область", ["Калужская область", "Брянская область"]),
        ("Брянская Калужская области", ["Брянская область", "Калужская область"]),
        ("г. Смоленск, Тверская область", ["Тверская область"]),
    ],
)
def test_the_regions_column_knows_short_forms_and_administrative_centres(cell, expected):
    document_import(data=_plan([Row(group=CULTURE), plan_row(1, cell)]), file_name="p.docx")
    event = PlannedEvent.objects.get()
    assert set(_names(event.regions.all())) == set(expected)
    assert event.regions_text == cell
    assert not event.all_regions


@pytest.mark.parametrize(
    ("cell", "all_regions"),
    [("со всей России", True), ("Все регионы России", True), ("12 регионов России", False)],
)
def test_all_or_unnamed_regions_are_kept_as_a_note(cell, all_regions):
    document_import(data=_plan([Row(group=CULTURE), plan_row(1, cell)]), file_name="p.docx")
    event = PlannedEvent.objects.get()
    assert event.all_regions is all_regions
    assert not event.regions.exists()
    assert event.regions_text == cell


def test_cities_in_the_text_name_their_regions_in_any_case():
    participants = (
        "Делегации из Калуги, Якутии и Кузбасса; артисты, выступавшие в г. Курске; гости "
        "из Смоленска. Около 300 школьников."
    )
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Фестиваль", participants=participants)]
    document_import(data=_quarterly(rows), file_name="x.docx")
    event = ReportedEvent.objects.get()
    # Smolensk, the home region, is no partner.
    assert sorted(_names(event.regions.all())) == sorted(
        [
            "Калужская область",
            "Республика Саха (Якутия)",
            "Кемеровская область",
            "Курская область",
        ]
    )
    assert event.participants_count == 300


def test_a_city_name_without_a_preposition_or_mark_is_not_a_region():
    reference = Reference()
    text = "Концерт в ДК им. Кирова, песни о подвиге Владимира Высоцкого, «Полёт орла»"
    assert reference.regions_in_text(text) == []


# --- Foreign partners -----------------------------------------------------------------------


def test_a_belarusian_partner_in_the_regions_column_is_kept_and_never_blocks():
    cell = "Брянская область, Витебская область Республики Беларусь"
    document_import(data=_plan([Row(group=CULTURE), plan_row(1, cell)]), file_name="p.docx")
    event = PlannedEvent.objects.get()
    assert _names(event.regions.all()) == ["Брянская область"]
    assert [p.name for p in event.foreign_partners.all()] == [
        "Витебская область Республики Беларусь"
    ]
    assert event.regions_text == cell


def test_belarusian_oblasts_sharing_one_plural_noun_are_partners_abroad():
    cell = "Витебская и Могилёвская области Республики Беларусь"
    document_import(data=_plan([Row(group=CULTURE), plan_row(1, cell)]), file_name="p.docx")
    event = PlannedEvent.objects.get()
    assert not event.regions.exists()
    assert {p.name for p in event.foreign_partners.all()} == {
        "Витебская область Республики Беларусь",
        "Могилёвская область Республики Беларусь",
    }


def test_an_unlisted_place_in_belarus_is_kept_with_the_country_as_partner():
    cell = "Тверская область, Оршанский район Республики Беларусь"
    data = _plan([Row(group=CULTURE), plan_row(1, cell)])
    preview = document_preview(data=data, file_name="p.docx")
    assert not preview.blocking
    (notice,) = preview.notices
    assert "«Оршанский район» нет в справочнике зарубежных партнёров" in notice.message
    document_import(data=data, file_name="p.docx")
    event = PlannedEvent.objects.get()
    assert _names(event.regions.all()) == ["Тверская область"]
    assert [p.name for p in event.foreign_partners.all()] == ["Республика Беларусь"]
    assert event.regions_text == cell


def test_a_foreign_partner_is_printed_in_the_plan_as_written():
    cell = "г. Минск (Республика Беларусь)"
    document_import(data=_plan([Row(group=CULTURE), plan_row(1, cell)]), file_name="p.docx")
    assert [p.name for p in PlannedEvent.objects.get().foreign_partners.all()] == ["г. Минск"]
    _, _, rows = read_docx(render_docx(build_report("plan", year=2023, half=1)))
    assert [cells[1] for kind, cells in rows if kind == "row"] == [cell]


def test_foreign_partners_in_the_text_are_stored_beside_the_russian_regions():
    participants = "Делегации Брянской области и Гомельской области Республики Беларусь"
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Форум", participants=participants)]
    document_import(data=_quarterly(rows), file_name="x.docx")
    event = ReportedEvent.objects.get()
    assert _names(event.regions.all()) == ["Брянская область"]
    assert [p.name for p in event.foreign_partners.all()] == [
        "Гомельская область Республики Беларусь"
    ]


# --- Agreements by their parties and subject ------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        # Parties in the other order, «Администрация» for «Правительство».
        "Соглашение между Администрацией Тверской области и Администрацией Смоленской области "
        "о сотрудничестве",
        "Соглашение с Тверской областью",
        "Соглашение о правовом, торгово-экономическом, научно-техническом, социальном, "
        "культурном и ином сотрудничестве",
    ],
)
def test_an_agreement_written_another_way_is_found_by_partner_and_subject(cell):
    rows = [Row(group=CULTURE), report_row(1, cell, "Выставка")]
    preview = document_preview(data=_quarterly(rows), file_name="x.docx")
    assert not preview.blocking
    assert [a.slug for a in preview.events[0].agreements] == ["tver"]
    (notice,) = preview.notices
    assert "сопоставлено" in notice.message
    assert notice.candidates[0].agreement.slug == "tver"


def test_a_subject_shared_by_several_agreements_offers_them_without_choosing():
    cell = "Соглашение о торгово-экономическом, научно-техническом и культурном сотрудничестве"
    rows = [Row(group=CULTURE), report_row(1, cell, "Выставка")]
    preview = document_preview(data=_quarterly(rows), file_name="x.docx")
    (problem,) = preview.blocking
    slugs = [c.agreement.slug for c in problem.candidates]
    assert {"kostroma", "moscow"} <= set(slugs)
    assert problem.candidates[0].score >= problem.candidates[-1].score
    assert problem.create_helps


def test_an_agreement_with_another_region_is_never_suggested():
    cell = "Соглашение с Правительством Тверской области о сотрудничестве в сфере туризма"
    reference = Reference()
    for candidate in reference.agreement_candidates(cell):
        assert {r.short_name for r in candidate.agreement.regions.all()} >= {"Тверская область"}
    cell = "Соглашение с Правительством Республики Татарстан о торгово-экономическом сотрудничестве"
    assert reference.agreement_candidates(cell) == []
    agreements, (problem,) = reference.agreements(cell, 1, "Соглашение", create_missing=False)
    assert agreements == [] and not problem.candidates
    assert "нет соглашения с партнёром «Республика Татарстан»" in problem.message
    cell = "Соглашение с Витебской областью Республики Беларусь о сотрудничестве"
    agreements, (problem,) = reference.agreements(cell, 1, "Соглашение", create_missing=False)
    assert agreements == [] and not problem.candidates and not problem.suggestion
    assert "нет соглашения с партнёром «Витебская область Республики Беларусь»" in problem.message


def test_one_of_the_trilateral_partners_suggests_the_trilateral_agreement_only_as_a_candidate():
    reference = Reference()
    cell = "Соглашение с Калужской областью о единых подходах и стандартах"
    agreements, (problem,) = reference.agreements(cell, 1, "Соглашение", create_missing=False)
    assert agreements == []
    assert [c.agreement.slug for c in problem.candidates] == ["kaluga-bryansk"]


# --- Messages -------------------------------------------------------------------------------


def test_the_command_advises_create_only_when_it_would_help(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(_plan([Row(group=CULTURE), plan_row(1, "Неведомская область")]))
    with pytest.raises(CommandError) as error:
        call_command("import_document", str(path))
    assert "--create" not in str(error.value)
    path.write_bytes(
        _plan(
            [Row(group="Министерство туризма Смоленской области"), plan_row(1, "Тверская область")]
        )
    )
    with pytest.raises(CommandError) as error:
        call_command("import_document", str(path))
    assert "--create" in str(error.value)


def test_a_row_without_its_quarter_is_assigned_in_the_dative():
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Выставка", timing="В течение года")]
    preview = document_preview(
        data=_quarterly(rows, "за I полугодие 2023 года"), file_name="x.docx"
    )
    assert any("отнесено к I кварталу 2023 года" in p.message for p in preview.notices)


def test_rejected_import_stores_nothing_when_a_region_is_unknown():
    data = _plan([Row(group=CULTURE), plan_row(1, "Неведомская область")])
    with pytest.raises(ImportRejected):
        document_import(data=data, file_name="p.docx")
    assert not PlannedEvent.objects.exists()


# --- Unit: text helpers and reference data --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("свыше 40 делегатов", 40),
        ("около 300 школьников", 300),
        ("порядка 1000 зрителей", 1000),
        ("порядка 1 000 зрителей", 1000),
        ("более 50 спортсменов из 12 регионов", 50),
        ("из 12 регионов России приехали 80 участников", 80),
        ("в 2023 году — 8 команд", None),
        ("300 юных спортсменов", 300),
        ("Общее количество участников 279 человек", 279),
    ],
)
def test_head_count_is_the_first_number_that_counts_people(text, count):
    assert extract_head_count(text) == count


def test_case_forms_of_place_names():
    assert {"Курске", "Курска"} <= set(case_forms("Курск"))
    assert {"Калуги", "Калуге"} <= set(case_forms("Калуга"))
    assert {"Твери"} <= set(case_forms("Тверь"))
    assert "Ханты-Мансийске" in case_forms("Ханты-Мансийск")
    assert case_forms("СПб") == ["СПб"]
    assert case_forms("Улан-Удэ") == ["Улан-Удэ"]


def test_period_title_in_the_dative():
    assert period_title_dative("III квартал 2024 года") == "III кварталу 2024 года"
    assert period_title_dative("I полугодие 2023 года") == "I полугодию 2023 года"


def test_every_region_has_its_administrative_centre_in_the_reference():
    centres = set(RegionAlias.objects.filter(kind="centre").values_list("region", flat=True))
    cities = set(Region.objects.filter(kind="federal_city").values_list("pk", flat=True))
    assert centres | cities == set(Region.objects.values_list("pk", flat=True))


def test_renamed_bodies_and_belarusian_partners_are_reference_data():
    assert DepartmentName.objects.get(name=MINISTRY_OF_EDUCATION).department.name == EDUCATION
    assert ForeignPartner.objects.filter(country="Республика Беларусь").count() == 8
    before = (RegionAlias.objects.count(), DepartmentName.objects.count())
    call_command("load_reference", verbosity=0)
    assert (RegionAlias.objects.count(), DepartmentName.objects.count()) == before


def test_the_preview_offers_the_candidates_and_the_checkbox_only_when_it_helps(client):
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    upload = reverse("admin:imports_importrecord_upload")
    cell = "Соглашение о торгово-экономическом, научно-техническом и культурном сотрудничестве"
    data = _quarterly([Row(group=CULTURE), report_row(1, cell, "Выставка")])
    html = client.post(
        upload, {"file": SimpleUploadedFile("a.docx", data), "kind": ""}, follow=True
    ).content.decode()
    assert "Подходящие:" in html and "Правительством Москвы" in html
    assert "отметив каждое наименование ниже" in html
    bad_date = report_row(1, MOSCOW, "Выставка", timing="32 мая")
    data = _quarterly([Row(group=CULTURE), bad_date])
    html = client.post(
        upload, {"file": SimpleUploadedFile("b.docx", data), "kind": ""}, follow=True
    ).content.decode()
    assert "Замечаний, которые нужно исправить: 1" in html
    assert "отметив каждое наименование ниже" not in html


def test_coordinators_keep_the_new_reference_tables_and_officials_read_them():
    from django.contrib.auth.models import Group

    coordinator = Group.objects.get(name=roles.COORDINATOR).permissions
    official = Group.objects.get(name=roles.OFFICIAL).permissions
    for model in ("foreignpartner", "regionalias", "departmentname"):
        assert coordinator.filter(codename=f"change_{model}").exists()
        assert official.filter(codename=f"view_{model}").exists()
        assert not official.filter(codename=f"change_{model}").exists()


def test_a_plan_row_without_its_text_prints_partners_abroad_after_the_regions():
    event = PlannedEventFactory(regions_text="")
    event.regions.set([Region.objects.get(short_name="Брянская область")])
    event.foreign_partners.set([ForeignPartner.objects.get(name="г. Минск")])
    (row,) = [r for r in plan_report(year=2022, half=2).rows if r.cells]
    assert row.cells[1] == "Брянская область, г. Минск"


def test_a_body_that_worked_during_part_of_the_documents_span_is_kept():
    # A roadmap of 2021–2023 names the bodies of its approval; the liquidated one keeps its
    # rows and its footnote.
    reference = Reference(period=DateRange(date(2021, 1, 1), date(2023, 12, 31)))
    terem, _, problem = reference.department(TEREM, 1, "Ответственные", create_missing=False)
    assert terem.name == TEREM and problem is None
