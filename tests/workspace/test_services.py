"""Workspace writes: what staff may change, when, and what the records say afterwards."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from reversion.models import Version

from cooperation import roles
from cooperation.models import Region
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from reports.models import SubmissionStatus
from tests.factories import (
    AgreementFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    SubmissionFactory,
    UserFactory,
    region,
)
from workspace import services

pytestmark = pytest.mark.django_db


def _plan(staff, **fields):
    values = {
        "title": "Фестиваль «Смоленская крепость»",
        "timing_text": "5-6 сентября",
        "regions": [region("Тверская область"), region("Брянская область")],
    }
    values.update(fields)
    return services.planned_event_create(by=staff, year=2022, half=2, **values)


def _close(department, quarter, status=SubmissionStatus.SUBMITTED, year=2022):
    return SubmissionFactory(department=department, year=year, quarter=quarter, status=status)


# --- Plan -----------------------------------------------------------------------------------


def test_created_plan_row_has_parsed_dates_and_regions_text_in_plan_wording(staff):
    event = _plan(staff)
    assert event.department == staff.department
    assert (event.starts_on, event.ends_on, event.timing_is_exact) == (
        date(2022, 9, 5),
        date(2022, 9, 6),
        True,
    )
    assert event.regions_text == "Брянская, Тверская области"
    assert event.status == PlannedEventStatus.PLANNED


def test_all_regions_clears_the_list_and_says_so(staff):
    event = _plan(staff, all_regions=True)
    assert event.regions_text == "Все субъекты РФ"
    assert not event.regions.exists()


def test_a_typed_note_is_kept_instead_of_the_list(staff):
    event = _plan(staff, regions=[], regions_note="Субъекты будут определены  позднее")
    assert event.regions_text == "Субъекты будут определены позднее"


def test_a_phrase_without_dates_takes_the_whole_half_year(staff):
    event = _plan(staff, timing_text="В течение полугодия")
    assert (event.starts_on, event.ends_on) == (date(2022, 7, 1), date(2022, 12, 31))
    assert not event.timing_is_exact


def test_dates_outside_the_half_year_are_refused_on_the_timing_field(staff):
    with pytest.raises(ValidationError) as error:
        _plan(staff, timing_text="март 2022 года")
    assert "выходят за пределы плана на II полугодие 2022 года" in str(
        error.value.message_dict["timing_text"]
    )


def test_an_unreadable_phrase_gives_the_parsers_message(staff):
    with pytest.raises(ValidationError) as error:
        _plan(staff, timing_text="31 сентября")
    assert "Не удалось распознать сроки" in error.value.message_dict["timing_text"][0]


@pytest.mark.parametrize("phrase", ["бла-бла", "когда-нибудь потом"])
def test_a_phrase_the_parser_does_not_know_needs_as_written_and_then_takes_the_period(
    staff, phrase
):
    with pytest.raises(ValidationError) as error:
        _plan(staff, timing_text=phrase)
    message = error.value.message_dict["timing_text"][0]
    assert message.startswith(f"Сроки «{phrase}» не распознаны")
    assert "оставить как написано, отнести ко всему периоду" in message
    assert not PlannedEvent.objects.exists()
    event = _plan(staff, timing_text=phrase, timing_as_written=True)
    assert (event.timing_text, event.starts_on, event.ends_on, event.timing_is_exact) == (
        phrase,
        date(2022, 7, 1),
        date(2022, 12, 31),
        False,
    )


def test_an_identical_row_in_the_same_period_is_refused_as_a_copy(staff):
    _plan(staff)
    with pytest.raises(ValidationError) as error:
        _plan(staff, title=" Фестиваль  «Смоленская крепость» ")
    assert error.value.messages == [
        "В плане на II полугодие 2022 года уже есть мероприятие «Фестиваль «Смоленская "
        "крепость»» с теми же сроками (5-6 сентября): такое же второй раз не добавлено. Если "
        "это другое мероприятие, уточните название или сроки."
    ]
    _plan(staff, timing_text="10 октября")  # the same title on other dates is another event
    assert PlannedEvent.objects.count() == 2


def test_texts_longer_than_a_document_cell_are_refused_with_the_limit(staff):
    with pytest.raises(ValidationError) as error:
        _plan(staff, title="Ф" * 10_000, venue="м" * 1001)
    assert error.value.message_dict["title"][0].startswith("Не больше 1000 знаков (сейчас 10000)")
    assert error.value.message_dict["venue"][0].startswith("Не больше 1000 знаков (сейчас 1001)")
    assert not PlannedEvent.objects.exists()


def test_agreement_must_cover_one_of_the_chosen_regions(staff, tver):
    moscow_only = AgreementFactory(regions=[region("г. Москва")])
    with pytest.raises(ValidationError) as error:
        _plan(staff, regions=[tver], agreement=moscow_only)
    assert "agreement" in error.value.message_dict
    assert (
        _plan(staff, regions=[tver], agreement=AgreementFactory()).agreement.regions.get() == tver
    )


def test_plan_needs_regions_all_regions_or_a_note(staff):
    with pytest.raises(ValidationError) as error:
        _plan(staff, regions=[])
    assert "regions" in error.value.message_dict


def test_a_list_too_long_for_the_plan_column_asks_for_all_regions_or_a_note(staff):
    with pytest.raises(ValidationError) as error:
        _plan(staff, regions=list(Region.objects.partners()))
    assert "слишком длинный" in error.value.message_dict["regions"][0]


def test_coordinator_and_official_cannot_write_plans():
    for role in (roles.COORDINATOR, roles.OFFICIAL):
        with pytest.raises(PermissionDenied):
            _plan(UserFactory(role=role))


def test_staff_cannot_update_or_delete_another_departments_row(staff):
    event = PlannedEventFactory()
    with pytest.raises(PermissionDenied):
        services.planned_event_update(
            by=staff, planned_event=event, title="Чужое", timing_text="сентябрь", all_regions=True
        )
    with pytest.raises(PermissionDenied):
        services.planned_event_delete(by=staff, planned_event=event)
    assert PlannedEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])
def test_a_submitted_quarter_locks_the_plan_rows_it_covers(staff, status):
    september = _plan(staff)
    november = _plan(staff, title="Форум", timing_text="ноябрь")
    _close(staff.department, 3, status)
    with pytest.raises(ValidationError) as error:
        services.planned_event_update(
            by=staff,
            planned_event=september,
            title="Новое",
            timing_text="октябрь",
            all_regions=True,
        )
    assert "III квартал 2022 года" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.planned_event_delete(by=staff, planned_event=september)
    september.refresh_from_db()
    assert september.title == "Фестиваль «Смоленская крепость»"
    # The fourth quarter's rows stay open: changed, added, deleted.
    services.planned_event_update(
        by=staff,
        planned_event=november,
        title="Форум молодёжи",
        timing_text="5 декабря",
        all_regions=True,
    )
    added = _plan(staff, title="Ещё одно", timing_text="октябрь")
    services.planned_event_delete(by=staff, planned_event=added)
    assert PlannedEvent.objects.get(pk=november.pk).title == "Форум молодёжи"


def test_a_row_cannot_be_moved_into_or_added_to_a_submitted_quarter(staff):
    november = _plan(staff, title="Форум", timing_text="ноябрь")
    _close(staff.department, 3)
    for write in (
        lambda: _plan(staff, title="Задним числом", timing_text="сентябрь"),
        lambda: services.planned_event_update(
            by=staff,
            planned_event=november,
            title="Форум",
            timing_text="сентябрь",
            all_regions=True,
        ),
    ):
        with pytest.raises(ValidationError) as error:
            write()
        assert error.value.message_dict["timing_text"][0].startswith(
            "Сроки приходятся на III квартал 2022 года"
        )
    assert PlannedEvent.objects.get(pk=november.pk).timing_text == "ноябрь"


def test_the_plan_is_closed_when_both_quarters_are_in_and_cannot_be_copied_after_one(staff):
    PlannedEventFactory(
        department=staff.department,
        year=2022,
        half=1,
        starts_on=date(2022, 3, 1),
        ends_on=date(2022, 3, 2),
    )
    _close(staff.department, 3)
    with pytest.raises(ValidationError) as copy_error:
        services.planned_events_copy_half(by=staff, year=2022, half=2)
    assert copy_error.value.messages[0].startswith("Скопировать план нельзя")
    _close(staff.department, 4)
    with pytest.raises(ValidationError) as error:
        _plan(staff, title="Поздно", timing_text="декабрь")
    assert error.value.messages[0].startswith("План на II полугодие 2022 года изменить нельзя")


def test_a_returned_or_draft_quarter_keeps_the_plan_open(staff):
    event = _plan(staff)
    _close(staff.department, 3, SubmissionStatus.RETURNED)
    _close(staff.department, 4, SubmissionStatus.DRAFT)
    _close(staff.department, 1, SubmissionStatus.APPROVED)  # the other half-year
    updated = services.planned_event_update(
        by=staff, planned_event=event, title="Новое", timing_text="октябрь", all_regions=True
    )
    assert (updated.title, updated.starts_on, updated.regions_text) == (
        "Новое",
        date(2022, 10, 1),
        "Все субъекты РФ",
    )


def test_delete_removes_the_row_unless_a_report_refers_to_it(staff):
    event = _plan(staff)
    reported = _plan(staff, title="Уже в отчёте")
    ReportedEventFactory(department=staff.department, year=2022, quarter=3, planned_event=reported)
    services.planned_event_delete(by=staff, planned_event=event)
    assert not PlannedEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(ValidationError):
        services.planned_event_delete(by=staff, planned_event=reported)


def test_copy_takes_the_previous_half_year_once(staff, tver):
    agreement = AgreementFactory()
    source = PlannedEventFactory(
        department=staff.department, year=2022, half=2, agreement=agreement, regions_text="Тверская"
    )
    source.regions.set([tver])
    PlannedEventFactory(year=2022, half=2)  # another department's row stays where it is

    assert services.planned_events_copy_half(by=staff, year=2023, half=1) == 1
    copy = PlannedEvent.objects.in_half(2023, 1).get()
    assert copy.department == staff.department
    assert (copy.title, copy.agreement, list(copy.regions.all())) == (
        source.title,
        agreement,
        [tver],
    )
    assert (copy.timing_text, copy.starts_on, copy.ends_on) == (
        "I полугодие 2023 года",
        date(2023, 1, 1),
        date(2023, 6, 30),
    )
    assert services.planned_events_copy_half(by=staff, year=2023, half=1) == 0


# --- Report ---------------------------------------------------------------------------------


def _report(staff, **fields):
    values = {
        "title": "Выставка",
        "timing_text": "5-6 сентября",
        "agreements": [AgreementFactory()],
    }
    values.update(fields)
    return services.reported_event_create(by=staff, year=2022, quarter=3, **values)


def test_reported_event_from_a_plan_row_keeps_agreement_order_and_marks_the_row_held(staff):
    planned = _plan(staff)
    first, second = AgreementFactory(), AgreementFactory()
    event = _report(
        staff, planned_event=planned, agreements=[second, first], participants_count=120
    )
    event = ReportedEvent.objects.with_details().get(pk=event.pk)
    assert event.ordered_agreements() == [second, first]
    assert (event.held, event.participants_count, event.planned_event) == (True, 120, planned)
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.HELD


def test_reported_event_needs_an_agreement_and_dates_in_the_quarter(staff):
    with pytest.raises(ValidationError) as error:
        _report(staff, agreements=[])
    assert "agreements" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _report(staff, timing_text="5 ноября")
    assert "не приходятся на III квартал 2022 года" in error.value.message_dict["timing_text"][0]


def test_a_report_row_has_text_limits_a_sane_head_count_and_the_as_written_check(staff):
    with pytest.raises(ValidationError) as error:
        _report(staff, participants_count=1_000_001, note="п" * 2001, held=False)
    assert error.value.message_dict["participants_count"] == [
        "Участников не может быть больше 1 000 000: проверьте число."
    ]
    assert "Не больше 2000 знаков" in error.value.message_dict["note"][0]
    with pytest.raises(ValidationError) as error:
        _report(staff, timing_text="когда-нибудь")
    assert "не распознаны" in error.value.message_dict["timing_text"][0]
    assert _report(staff, participants_count=1_000_000).participants_count == 1_000_000
    assert not ReportedEvent.objects.filter(participants_count__gt=1_000_000).exists()


def test_an_identical_report_row_is_refused_as_a_copy(staff):
    _report(staff)
    with pytest.raises(ValidationError) as error:
        _report(staff)
    assert "В отчёте за III квартал 2022 года уже есть мероприятие" in error.value.messages[0]
    assert ReportedEvent.objects.count() == 1


def test_update_reorders_agreements(staff):
    first, second = AgreementFactory(), AgreementFactory()
    event = _report(staff, agreements=[first, second])
    services.reported_event_update(
        by=staff,
        reported_event=event,
        title="Выставка",
        timing_text="сентябрь",
        agreements=[second, first],
    )
    assert ReportedEvent.objects.with_details().get(pk=event.pk).ordered_agreements() == [
        second,
        first,
    ]


def test_submitted_quarter_refuses_every_report_write(staff):
    event = _report(staff)
    planned = _plan(staff)
    _close(staff.department, 3)
    for write in (
        lambda: _report(staff),
        lambda: services.reported_event_update(
            by=staff,
            reported_event=event,
            title="X",
            timing_text="сентябрь",
            agreements=[AgreementFactory()],
        ),
        lambda: services.reported_event_delete(by=staff, reported_event=event),
        lambda: services.planned_event_mark_not_held(
            by=staff,
            planned_event=planned,
            year=2022,
            quarter=3,
            reason="Нет средств",
            status=PlannedEventStatus.CANCELLED,
        ),
    ):
        with pytest.raises(ValidationError) as error:
            write()
        assert "III квартал 2022 года отправлен на проверку или принят" in error.value.messages[0]


def test_staff_cannot_touch_another_departments_reported_event(staff):
    event = ReportedEventFactory(year=2022, quarter=3)
    with pytest.raises(PermissionDenied):
        services.reported_event_delete(by=staff, reported_event=event)


def test_deleting_the_only_report_of_a_plan_row_makes_it_planned_again(staff):
    planned = _plan(staff)
    event = _report(staff, planned_event=planned)
    services.reported_event_delete(by=staff, reported_event=event)
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.PLANNED


def test_not_held_creates_a_report_row_with_the_reason_and_sets_the_plan_status(staff, tver):
    planned = _plan(staff, regions=[tver], agreement=AgreementFactory())
    event = services.planned_event_mark_not_held(
        by=staff,
        planned_event=planned,
        year=2022,
        quarter=3,
        reason="Перенесено организаторами на 2023 год",
        status=PlannedEventStatus.POSTPONED,
    )
    assert (event.held, event.note, event.title) == (
        False,
        "Перенесено организаторами на 2023 год",
        planned.title,
    )
    assert list(event.regions.all()) == [tver]
    assert event.agreements.get() == planned.agreement
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.POSTPONED
    with pytest.raises(ValidationError):
        services.planned_event_mark_not_held(
            by=staff,
            planned_event=planned,
            year=2022,
            quarter=3,
            reason="Ещё раз",
            status=PlannedEventStatus.CANCELLED,
        )


def test_not_held_needs_a_reason_and_a_not_held_status(staff):
    planned = _plan(staff)
    with pytest.raises(ValidationError) as error:
        services.planned_event_mark_not_held(
            by=staff,
            planned_event=planned,
            year=2022,
            quarter=3,
            reason=" ",
            status=PlannedEventStatus.CANCELLED,
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.planned_event_mark_not_held(
            by=staff,
            planned_event=planned,
            year=2022,
            quarter=3,
            reason="Нет",
            status=PlannedEventStatus.HELD,
        )
    assert "status" in error.value.message_dict


def test_not_held_refuses_a_quarter_of_another_half_year(staff):
    planned = _plan(staff)
    with pytest.raises(ValidationError):
        services.planned_event_mark_not_held(
            by=staff,
            planned_event=planned,
            year=2022,
            quarter=1,
            reason="Нет",
            status=PlannedEventStatus.CANCELLED,
        )


def test_each_write_is_a_version_in_the_admin_history(staff):
    event = _plan(staff)
    services.planned_event_update(
        by=staff, planned_event=event, title="Новое", timing_text="октябрь", all_regions=True
    )
    versions = Version.objects.get_for_object(event)
    assert [v.revision.get_comment() for v in versions] == ["Изменено в плане", "Добавлено в план"]
    assert {v.revision.user for v in versions} == {staff}


# --- Rows «не проведено» are edited like any other ------------------------------------------


def _not_held(staff, planned, status=PlannedEventStatus.CANCELLED, reason="Нет средств"):
    return services.planned_event_mark_not_held(
        by=staff, planned_event=planned, year=2022, quarter=3, reason=reason, status=status
    )


def test_a_not_held_row_is_edited_without_inventing_an_agreement(staff):
    planned = _plan(staff)  # a plan row without an agreement
    event = _not_held(staff, planned)
    assert not event.agreement_links.exists()
    updated = services.reported_event_update(
        by=staff,
        reported_event=event,
        title=event.title,
        timing_text="20 сентября",
        agreements=[],
        held=False,
        note="Перенесено организаторами на 2023 год",
        plan_status=PlannedEventStatus.POSTPONED,
    )
    updated.refresh_from_db()
    assert (updated.held, updated.note, updated.timing_text) == (
        False,
        "Перенесено организаторами на 2023 год",
        "20 сентября",
    )
    assert updated.starts_on == date(2022, 9, 20)
    assert not updated.agreement_links.exists()
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.POSTPONED


def test_a_not_held_plan_row_says_whether_it_was_cancelled_or_moved(staff):
    event = _not_held(staff, _plan(staff))
    with pytest.raises(ValidationError) as error:
        services.reported_event_update(
            by=staff,
            reported_event=event,
            title=event.title,
            timing_text="сентябрь",
            held=False,
            note="Нет средств",
            plan_status=None,
        )
    assert "plan_status" in error.value.message_dict


def test_a_row_marked_held_again_needs_an_agreement_and_marks_the_plan_row_held(staff):
    planned = _plan(staff)
    event = _not_held(staff, planned)
    with pytest.raises(ValidationError) as error:
        services.reported_event_update(
            by=staff,
            reported_event=event,
            title=event.title,
            timing_text="сентябрь",
            agreements=[],
            held=True,
        )
    assert "agreements" in error.value.message_dict
    services.reported_event_update(
        by=staff,
        reported_event=event,
        title=event.title,
        timing_text="сентябрь",
        agreements=[AgreementFactory()],
        held=True,
    )
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.HELD


# --- Text as written ---------------------------------------------------------------------------


def test_line_breaks_and_non_breaking_spaces_are_kept_as_typed(staff):
    planned = _plan(
        staff,
        title="Фестиваль\r\n«Смоленская крепость»  ",
        timing_text="сентябрь\xa02022 года",
        venue="г.\xa0Смоленск",
        participants="45\xa0человек",
        regions=[],
        regions_note="Субъекты\xa0ЦФО",
    )
    planned.refresh_from_db()
    assert planned.title == "Фестиваль\n«Смоленская крепость»"
    assert planned.timing_text == "сентябрь\xa02022 года"
    assert (planned.venue, planned.participants) == ("г.\xa0Смоленск", "45\xa0человек")
    assert planned.regions_text == "Субъекты\xa0ЦФО"
    reported = _report(
        staff,
        title="Дни\nкультуры",
        content="Первая строка\r\nвторая строка",
        held=False,
        note="До\xa015 сентября\nне проведено",
    )
    reported.refresh_from_db()
    assert reported.title == "Дни\nкультуры"
    assert reported.content == "Первая строка\nвторая строка"
    assert reported.note == "До\xa015 сентября\nне проведено"


def test_a_title_of_blanks_only_is_still_refused(staff):
    with pytest.raises(ValidationError) as error:
        _plan(staff, title=" \n\xa0 ")
    assert "title" in error.value.message_dict


# --- Concurrent edits --------------------------------------------------------------------------


def test_every_write_raises_the_rows_version(staff):
    planned = _plan(staff)
    assert planned.version == 1
    services.planned_event_update(
        by=staff, planned_event=planned, title="Новое", timing_text="октябрь", all_regions=True
    )
    assert PlannedEvent.objects.get(pk=planned.pk).version == 2
    _not_held(staff, PlannedEvent.objects.get(pk=planned.pk), reason="Отменено")
    assert PlannedEvent.objects.get(pk=planned.pk).version == 3


def test_a_save_based_on_a_stale_version_is_refused_with_what_changed(staff):
    planned = _plan(staff, venue="г. Тверь")
    colleague = UserFactory(
        role=roles.STAFF, department=staff.department, first_name="Анна", last_name="Петрова"
    )
    # Two sessions opened the same row.
    first = PlannedEvent.objects.get(pk=planned.pk)
    second = PlannedEvent.objects.get(pk=planned.pk)
    common = {"timing_text": "5-6 сентября", "regions": [region("Тверская область")]}
    services.planned_event_update(
        by=colleague,
        planned_event=first,
        title="Дни Смоленской области",
        venue="г. Смоленск",
        **common,
    )
    with pytest.raises(ValidationError) as refused:
        services.planned_event_update(
            by=staff, planned_event=second, title="Моё название", venue="г. Тверь", **common
        )
    assert refused.value.code == "stale_version"
    message = refused.value.messages[0]
    assert "Анна Петрова" in message
    assert (
        "Наименование мероприятия: «Фестиваль «Смоленская крепость»» → «Дни Смоленской области»"
        in message
    )
    assert "Место проведения: «г. Тверь» → «г. Смоленск»" in message
    assert "не сохранены" in message
    saved = PlannedEvent.objects.get(pk=planned.pk)
    assert (saved.title, saved.venue, saved.version) == ("Дни Смоленской области", "г. Смоленск", 2)
    # Seen and saved again on the current version: a deliberate overwrite.
    services.planned_event_update(
        by=staff, planned_event=second, expected_version=2, title="Моё название", **common
    )
    assert PlannedEvent.objects.get(pk=planned.pk).title == "Моё название"


def test_a_stale_report_row_is_not_overwritten(staff):
    agreement = AgreementFactory()
    event = _report(staff, agreements=[agreement], venue="г. Тверь")
    first = ReportedEvent.objects.get(pk=event.pk)
    second = ReportedEvent.objects.get(pk=event.pk)
    fields = {"title": "Выставка", "timing_text": "5-6 сентября", "agreements": [agreement]}
    services.reported_event_update(by=staff, reported_event=first, venue="г. Брянск", **fields)
    with pytest.raises(ValidationError, match="Место проведения: «г. Тверь» → «г. Брянск»"):
        services.reported_event_update(by=staff, reported_event=second, venue="г. Орёл", **fields)
    assert ReportedEvent.objects.get(pk=event.pk).venue == "г. Брянск"


def test_a_staff_edit_racing_the_approval_is_refused_and_changes_nothing(staff):
    from reports.services import submission_approve, submission_get_or_create, submission_submit

    agreement = AgreementFactory()
    event = _report(staff, agreements=[agreement], venue="г. Тверь")
    opened = ReportedEvent.objects.get(pk=event.pk)  # the edit form is open
    submission = submission_get_or_create(department=staff.department, year=2022, quarter=3)
    submission_submit(submission=submission, by=staff)
    submission_approve(submission=submission, by=UserFactory(role=roles.COORDINATOR))
    with pytest.raises(ValidationError, match="отправлен на проверку или принят"):
        services.reported_event_update(
            by=staff,
            reported_event=opened,
            title="Иначе",
            timing_text="сентябрь",
            agreements=[agreement],
            expected_version=opened.version,
        )
    saved = ReportedEvent.objects.get(pk=event.pk)
    assert (saved.title, saved.venue, saved.version) == ("Выставка", "г. Тверь", 1)
