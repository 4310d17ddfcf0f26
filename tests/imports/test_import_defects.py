"""Issue 10, «defects that damage data», and the import side of issues 9 and 15: each defect has
its test, written before the fix."""

import pytest
from django.core.management import CommandError, call_command

from agreements.models import Agreement, Roadmap, RoadmapItem
from cooperation.models import Department, DepartmentKind
from events.models import TITLE_MAX_LENGTH, PlannedEvent, ReportedEvent
from imports.names import (
    AGREEMENT,
    EXECUTIVE_BODY,
    HEADING,
    INSTITUTION,
    MUNICIPALITY,
    NOT_AGREEMENT,
    OTHER_EXECUTIVE,
    REPRESENTATIVE,
    looks_like_agreement,
    looks_like_department,
)
from imports.services import ImportRejected, document_import, document_preview
from reports.builders import build_report
from reports.documents import ROADMAP_COLUMNS
from reports.models import Submission, SubmissionStatus
from reports.renderers import render_docx
from reports.services import submission_get_or_create
from reports.tables import ReportTable, Row
from tests.imports.docs import CULTURE, MOSCOW, TRILATERAL, plan_docx, quarterly_docx, report_row

pytestmark = pytest.mark.django_db

ECONOMY = "Департамент экономического развития Смоленской области"
TOURISM = "Департамент Смоленской области по туризму"


def _plan_row(number, title, timing="март 2023 года", regions="г. Москва"):
    return Row(cells=(number, regions, title, timing, "г. Смоленск", "Содержание", "Участники"))


def _blocking(data, **options):
    with pytest.raises(ImportRejected) as rejected:
        document_import(data=data, file_name="x.docx", **options)
    return rejected.value.problems


# --- Rows without «№ п/п» -----------------------------------------------------------------------


def _unnumbered_plan():
    return plan_docx(
        [
            Row(group=CULTURE),
            _plan_row("", "Первое"),
            _plan_row("", "Второе"),
            Row(group=ECONOMY),
            _plan_row("", "Третье"),
            _plan_row("", "Четвёртое"),
        ]
    )


def test_plan_rows_without_numbers_take_the_positions_the_document_would_print():
    document_import(data=_unnumbered_plan(), file_name="p.docx")
    positions = dict(PlannedEvent.objects.values_list("title", "position"))
    assert positions == {"Первое": 1, "Второе": 2, "Третье": 3, "Четвёртое": 4}


def test_reimporting_the_export_of_an_unnumbered_plan_changes_nothing():
    document_import(data=_unnumbered_plan(), file_name="p.docx")
    exported = render_docx(build_report("plan", year=2023, half=1))
    result = document_import(data=exported, file_name="export.docx")
    assert (result.created, result.updated) == (0, 0)
    assert PlannedEvent.objects.count() == 4


def test_an_unnumbered_row_follows_the_number_above_it():
    rows = [Row(group=CULTURE), report_row(7, MOSCOW, "Седьмое"), report_row("", MOSCOW, "Next")]
    document_import(data=quarterly_docx(rows), file_name="x.docx")
    assert dict(ReportedEvent.objects.values_list("title", "position")) == {
        "Седьмое": 7,
        "Next": 8,
    }


def test_two_rows_of_one_department_with_the_same_number_are_a_problem_not_one_row():
    rows = [Row(group=CULTURE), _plan_row("1.", "Первое"), _plan_row("1.", "Второе")]
    problems = _blocking(plan_docx(rows))
    assert any(p.row == 3 and "Номер 1 уже стоит у строки 2" in p.message for p in problems)
    assert not PlannedEvent.objects.exists()


# --- An empty cell is not a merge ---------------------------------------------------------------


def test_a_merged_agreement_cell_repeats_the_agreements_above():
    rows = [
        Row(group=CULTURE),
        report_row(1, f"{MOSCOW}\n\n{TRILATERAL}", "Первое"),
        report_row(2, "", "Второе", merged=True),
    ]
    document_import(data=quarterly_docx(rows), file_name="x.docx")
    events = {e.position: e for e in ReportedEvent.objects.all()}
    assert events[2].ordered_agreements() == events[1].ordered_agreements()


def test_a_merged_agreement_cell_with_no_row_of_its_department_above_is_a_problem():
    rows = [Row(group=CULTURE), report_row(1, "", "Первое", merged=True)]
    (problem,) = _blocking(quarterly_docx(rows))
    assert problem.row == 2 and "выше нет строки этого департамента" in problem.message


def test_an_empty_unmerged_agreement_cell_is_a_problem_of_its_row():
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Первое"), report_row(2, "", "Второе")]
    problems = _blocking(quarterly_docx(rows))
    (problem,) = problems
    assert problem.row == 3 and "Не указано соглашение" in problem.message
    assert "не объединена" in problem.message
    assert not ReportedEvent.objects.exists()


# --- New names: created one by one, each confirmed ------------------------------------------


def _plan_with_groups(*groups):
    rows = []
    for number, group in enumerate(groups, start=1):
        rows += [Row(group=group), _plan_row(f"{number}.", f"Мероприятие {number}")]
    return plan_docx(rows)


def test_the_preview_lists_each_new_name_with_what_it_looks_like():
    data = _plan_with_groups(
        TOURISM,
        "Мероприятия в сфере культуры и туризма",
        "Смоленская областная Дума",
        "Администрация города Смоленска",
    )
    preview = document_preview(data=data, file_name="p.docx")
    assert [tuple(n) for n in preview.new_names] == [
        (TOURISM, EXECUTIVE_BODY, [1]),
        ("Мероприятия в сфере культуры и туризма", HEADING, [3]),
        ("Смоленская областная Дума", REPRESENTATIVE, [5]),
        ("Администрация города Смоленска", MUNICIPALITY, [7]),
    ]
    messages = [str(p) for p in preview.blocking]
    assert any("Смоленская областная Дума" in m and REPRESENTATIVE in m for m in messages)


@pytest.mark.parametrize(
    ("name", "looks_like"),
    [
        ("Главное управление Смоленской области по делам архивов", EXECUTIVE_BODY),
        ("Министерство культуры Калужской области", OTHER_EXECUTIVE),
        ("СОГБУ «Смоленский областной центр народного творчества»", INSTITUTION),
        ("Администрация муниципального образования «Вяземский район»", MUNICIPALITY),
        ("Администрация г. Смоленска", MUNICIPALITY),
        ("Смоленская областная Дума", REPRESENTATIVE),
        ("II. Мероприятия в сфере образования", HEADING),
    ],
)
def test_what_a_new_department_name_looks_like(name, looks_like):
    assert looks_like_department(name) == looks_like


def test_what_a_new_agreement_title_looks_like():
    assert looks_like_agreement("Трехстороннее соглашение о сотрудничестве") == AGREEMENT
    assert looks_like_agreement("Фестиваль «Смоленская весна»") == NOT_AGREEMENT


def test_only_the_names_confirmed_are_created():
    data = _plan_with_groups(TOURISM, "Мероприятия в сфере культуры и туризма")
    problems = _blocking(data, create={TOURISM})
    assert [p.row for p in problems] == [3]
    assert not Department.objects.filter(name=TOURISM).exists()
    document_import(data=_plan_with_groups(TOURISM), file_name="p.docx", create={TOURISM})
    assert Department.objects.filter(name=TOURISM).exists()
    assert not Department.objects.filter(name__startswith="Мероприятия").exists()


def test_a_new_organisation_is_created_as_an_institution():
    name = "СОГБУ «Смоленский областной центр народного творчества»"
    document_import(data=_plan_with_groups(name), file_name="p.docx", create={name})
    assert Department.objects.get(name=name).kind == DepartmentKind.INSTITUTION


def test_an_empty_row_across_the_table_is_a_spacer_not_a_nameless_department():
    rows = [Row(group=CULTURE), _plan_row("1.", "Первое"), Row(group=""), _plan_row("2.", "Второе")]
    document_import(data=plan_docx(rows), file_name="p.docx")
    assert PlannedEvent.objects.filter(department__name=CULTURE).count() == 2


def test_a_new_agreement_is_created_only_when_named():
    title = (
        "Соглашение между Администрацией Смоленской области и Правительством Республики Беларусь"
    )
    rows = [Row(group=CULTURE), report_row(1, title, "Форум")]
    problems = _blocking(quarterly_docx(rows))
    assert "не найдено" in problems[0].message
    preview = document_preview(data=quarterly_docx(rows), file_name="x.docx", create={title})
    assert not preview.blocking and preview.new_names[0].reference == "соглашение"
    document_import(data=quarterly_docx(rows), file_name="x.docx", create={title})
    assert Agreement.objects.filter(title=title).exists()


def test_the_command_creates_the_names_given_with_create(tmp_path, capsys):
    path = tmp_path / "p.docx"
    path.write_bytes(_plan_with_groups(TOURISM, "Смоленская областная Дума"))
    with pytest.raises(CommandError, match="Новые наименования") as error:
        call_command("import_document", str(path))
    assert f'--create "{TOURISM}"' in str(error.value)
    # The Duma is not a department: named with what it looks like, --create is not advised.
    assert f"«Смоленская областная Дума» — {REPRESENTATIVE}" in str(error.value)
    assert '--create "Смоленская областная Дума"' not in str(error.value)
    with pytest.raises(CommandError):
        call_command("import_document", str(path), "--create", TOURISM)
    assert not Department.objects.filter(name=TOURISM).exists()
    path.write_bytes(_plan_with_groups(TOURISM))
    call_command("import_document", str(path), "--create", TOURISM)
    assert Department.objects.filter(name=TOURISM).exists()


def test_the_old_create_missing_switch_explains_what_to_use_instead(tmp_path):
    path = tmp_path / "p.docx"
    path.write_bytes(_plan_with_groups(TOURISM))
    with pytest.raises(CommandError, match="--create-missing больше не действует"):
        call_command("import_document", str(path), "--create-missing")
    assert not Department.objects.filter(name=TOURISM).exists()


def test_the_command_does_not_advise_create_when_it_cannot_help(tmp_path):
    path = tmp_path / "x.docx"
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Выставка", timing="31 февраля")]
    path.write_bytes(quarterly_docx(rows))
    with pytest.raises(CommandError) as error:
        call_command("import_document", str(path))
    assert "--create" not in str(error.value)


# --- Roadmaps: why a title is refused, an item without a responsible body ----------------------


def _roadmap_docx(title_lines, rows):
    table = ReportTable(
        kind="roadmap",
        title_lines=title_lines,
        columns=ROADMAP_COLUMNS,
        rows=rows,
        filename="r",
    )
    return render_docx(table)


ROADMAP_ROWS = [
    Row(group="1. Экономика"),
    Row(cells=("1.1.", "Форум", "2022 год", ECONOMY, "Проведён")),
    Row(cells=("1.2.", "Выставка", "2022 год", "", "Проведена")),
]


def _roadmap_title(middle):
    return [
        "Отчет об исполнении в 2022 году",
        f"Плана мероприятий «Дорожной карты» по развитию сотрудничества {middle}",
    ]


def test_a_roadmap_title_without_years_is_refused_saying_so():
    title = _roadmap_title("между Санкт-Петербургом и Смоленской областью")
    problems = _blocking(_roadmap_docx(title, ROADMAP_ROWS))
    (problem,) = [p for p in problems if p.column == "Заголовок"]
    assert "не может быть создана" in problem.message
    assert "стороны" in problem.message or "сторон" in problem.message


def test_a_roadmap_title_with_an_unknown_partner_is_refused_naming_it():
    title = _roadmap_title("между Атлантидой и Смоленской областью на 2021-2023 годы")
    problems = _blocking(_roadmap_docx(title, ROADMAP_ROWS))
    (problem,) = [p for p in problems if p.column == "Заголовок"]
    assert "«Атлантидой» не найден" in problem.message


def test_a_roadmap_title_for_other_years_is_refused_saying_which():
    title = _roadmap_title("между Санкт-Петербургом и Смоленской областью на 2024-2026 годы")
    problems = _blocking(_roadmap_docx(title, ROADMAP_ROWS))
    (problem,) = [p for p in problems if p.column == "Заголовок"]
    assert "2024–2026" in problem.message and "2022 год" in problem.message


def test_a_roadmap_item_without_a_responsible_body_is_flagged_and_loaded():
    title = _roadmap_title("между Санкт-Петербургом и Смоленской областью на 2021-2023 годы")
    result = document_import(data=_roadmap_docx(title, ROADMAP_ROWS), file_name="r.docx")
    (notice,) = [n for n in result.preview.notices if n.row == 3]
    assert "не указан ответственный исполнитель" in notice.message
    assert RoadmapItem.objects.get(number="1.2.").responsible_departments.count() == 0
    assert Roadmap.objects.count() == 1


# --- Issue 15: closed periods and column limits -----------------------------------------------


def _close(department_name, quarter, status, year=2023):
    submission = submission_get_or_create(
        department=Department.objects.get(name=department_name), year=year, quarter=quarter
    )
    Submission.objects.filter(pk=submission.pk).update(status=status)


@pytest.mark.parametrize(
    ("status", "verb"),
    [(SubmissionStatus.SUBMITTED, "отправлен на проверку"), (SubmissionStatus.APPROVED, "принят")],
)
def test_a_report_into_a_submitted_or_approved_quarter_is_refused(status, verb):
    _close(CULTURE, 2, status)
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    preview = document_preview(data=data, file_name="x.docx")
    (problem,) = preview.blocking
    assert CULTURE in problem.message and "II квартал 2023 года" in problem.message
    assert verb in problem.message and "период закрыт" in problem.message
    _blocking(data)
    assert not ReportedEvent.objects.exists()


def test_a_quarter_written_only_by_imports_may_be_imported_again():
    data = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка")])
    document_import(data=data, file_name="x.docx")
    changed = quarterly_docx([Row(group=CULTURE), report_row(1, MOSCOW, "Выставка картин")])
    assert document_import(data=changed, file_name="x.docx").updated == 1


def test_plan_rows_in_a_closed_quarter_are_refused_naming_department_and_period():
    _close(CULTURE, 1, SubmissionStatus.APPROVED)
    rows = [
        Row(group=CULTURE),
        _plan_row("1.", "В марте", timing="март 2023 года"),
        _plan_row("2.", "В мае", timing="май 2023 года"),
    ]
    problems = _blocking(plan_docx(rows))
    (problem,) = problems
    assert problem.row == 2
    assert CULTURE in problem.message and "I квартал 2023 года" in problem.message
    assert "I полугодие 2023 года" in problem.message
    assert not PlannedEvent.objects.exists()


def test_an_unchanged_plan_row_in_a_closed_quarter_may_be_imported_again():
    rows = [Row(group=CULTURE), _plan_row("1.", "В марте", timing="март 2023 года")]
    document_import(data=plan_docx(rows), file_name="p.docx")
    _close(CULTURE, 1, SubmissionStatus.SUBMITTED)
    result = document_import(data=plan_docx(rows), file_name="p.docx")
    assert result.unchanged == 1
    changed = [Row(group=CULTURE), _plan_row("1.", "В марте!", timing="март 2023 года")]
    (problem,) = _blocking(plan_docx(changed))
    assert "отправлен на проверку" in problem.message


def test_text_longer_than_its_column_is_a_problem_of_that_row_and_column():
    title = "Очень длинное наименование " * (TITLE_MAX_LENGTH // 20)
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Хорошее"), report_row(2, MOSCOW, title)]
    (problem,) = _blocking(quarterly_docx(rows))
    assert problem.row == 3 and problem.column == "Наименование мероприятия"
    assert f"длиннее {TITLE_MAX_LENGTH} знаков" in problem.message
    assert not ReportedEvent.objects.exists()


def test_a_head_count_above_the_bound_is_a_problem_of_the_participants_column():
    participants = "Общее количество участников 5 000 000 человек"
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, "Форум", participants=participants)]
    (problem,) = _blocking(quarterly_docx(rows))
    assert problem.row == 2 and problem.column.startswith("Участники мероприятия")
    assert "больше допустимого" in problem.message


# --- Issue 9: text as written ---------------------------------------------------------------


def test_stored_text_keeps_line_breaks_and_no_break_spaces():
    title = "Выставка\xa0«Дизайн»\nв\xa0Смоленске"
    participants = "Студенты\nи\xa0преподаватели"
    rows = [Row(group=CULTURE), report_row(1, MOSCOW, title, participants=participants)]
    document_import(data=quarterly_docx(rows), file_name="x.docx")
    event = ReportedEvent.objects.get()
    assert event.title == title
    assert event.participants == participants


def test_plan_text_keeps_no_break_spaces_and_line_breaks():
    row = Row(
        cells=(
            "1.",
            "г. Москва",
            "Форум\xa0№\xa01",
            "до\xa015 марта\n2023 года",
            "г.\xa0Смоленск",
            "Первая строка\nвторая строка",
            "Участники",
        )
    )
    document_import(data=plan_docx([Row(group=CULTURE), row]), file_name="p.docx")
    event = PlannedEvent.objects.get()
    assert event.title == "Форум\xa0№\xa01"
    assert event.venue == "г.\xa0Смоленск"
    assert event.content == "Первая строка\nвторая строка"
    assert event.timing_text == "до\xa015 марта\n2023 года"


def test_a_department_note_keeps_its_line_break_and_no_break_spaces():
    heading = f"{CULTURE} (в\xa0рамках\nсоглашений)"
    document_import(
        data=quarterly_docx([Row(group=heading), report_row(1, MOSCOW, "Форум")]),
        file_name="x.docx",
    )
    assert Submission.objects.get().heading_note == "(в\xa0рамках\nсоглашений)"


def test_a_roadmap_section_title_is_stored_as_written():
    title = _roadmap_title("между Санкт-Петербургом и Смоленской областью на 2021-2023 годы")
    rows = [Row(group="1. Экономика\xa0и\nторговля"), *ROADMAP_ROWS[1:]]
    document_import(data=_roadmap_docx(title, rows), file_name="r.docx")
    assert RoadmapItem.objects.get(number="1.1.").section.title == "Экономика\xa0и\nторговля"
