"""Workspace pages: what each role sees and may do, and what the pages say when they refuse."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation import roles
from cooperation.periods import half_of, quarter_of
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent
from reports.deadlines import report_due_date
from reports.models import Submission, SubmissionAction, SubmissionStatus
from tests.factories import (
    AgreementFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    SubmissionFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, staff):
    client.force_login(staff)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _plan_post(**fields):
    data = {
        "title": "Дни Смоленской области",
        "regions": [region("Тверская область").pk],
        "timing_text": "5-6 сентября",
        "venue": "г. Тверь",
    }
    data.update(fields)
    return data


# --- Plan -----------------------------------------------------------------------------------


def test_plan_list_shows_only_the_departments_rows_and_paginates(logged_in, staff):
    PlannedEventFactory.create_batch(21, department=staff.department)
    PlannedEventFactory(title="Чужое мероприятие")
    url = reverse("workspace:planned_event_list", args=[2022, 2])
    page = logged_in.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "План на II полугодие 2022 года" in text
    assert "Чужое мероприятие" not in text
    assert len(page.context["page_obj"]) == 20
    assert len(logged_in.get(url + "?page=2").context["page_obj"]) == 1


def test_plan_pages_are_for_department_staff_only(client):
    url = reverse("workspace:planned_event_list", args=[2022, 2])
    assert client.get(url).url.startswith(reverse("login"))
    for role in (roles.COORDINATOR, roles.OFFICIAL):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 403


def test_current_plan_and_report_redirect_to_today(logged_in):
    today = timezone.localdate()
    plan = logged_in.get(reverse("workspace:plan_current"))
    assert plan.url == reverse("workspace:planned_event_list", args=[today.year, half_of(today)])
    report = logged_in.get(reverse("workspace:report_current"))
    assert report.url == reverse(
        "workspace:reported_event_list", args=[today.year, quarter_of(today)]
    )


def test_staff_adds_a_plan_row(logged_in, staff):
    response = logged_in.post(
        reverse("workspace:planned_event_create", args=[2022, 2]), _plan_post()
    )
    event = PlannedEvent.objects.get()
    assert response.url == event.get_absolute_url()
    assert (event.department, event.regions_text, event.starts_on) == (
        staff.department,
        "Тверская область",
        date(2022, 9, 5),
    )
    assert "Мероприятие добавлено в план на II полугодие 2022 года." in _messages(response)


def test_timing_errors_are_shown_on_the_field(logged_in):
    url = reverse("workspace:planned_event_create", args=[2022, 2])
    page = logged_in.post(url, _plan_post(timing_text="5 марта"))
    assert page.status_code == 200
    assert "выходят за пределы плана" in page.context["form"].errors["timing_text"][0]
    page = logged_in.post(url, _plan_post(timing_text="31 сентября"))
    assert "даты 31.09.2022 не существует" in page.context["form"].errors["timing_text"][0]
    assert not PlannedEvent.objects.exists()


def test_parsed_range_is_shown_back_when_the_form_is_returned(logged_in):
    page = logged_in.post(
        reverse("workspace:planned_event_create", args=[2022, 2]), _plan_post(title="")
    )
    assert "05.09.2022 — 06.09.2022" in page.content.decode()


def test_agreement_choice_carries_regions_and_the_server_checks_it(logged_in):
    moscow = AgreementFactory(regions=[region("г. Москва")])
    url = reverse("workspace:planned_event_create", args=[2022, 2])
    page = logged_in.get(url)
    assert f'data-regions="{region("г. Москва").pk}"' in page.content.decode()
    page = logged_in.post(url, _plan_post(agreement=moscow.pk))
    assert (
        "не заключено ни с одним из выбранных субъектов"
        in page.context["form"].errors["agreement"][0]
    )
    assert not PlannedEvent.objects.exists()


def test_all_regions_checkbox_and_note_fill_the_regions_text(logged_in):
    url = reverse("workspace:planned_event_create", args=[2022, 2])
    logged_in.post(url, _plan_post(regions=[], all_regions="on", title="Все"))
    logged_in.post(url, _plan_post(regions=[], regions_note="Субъекты будут определены", title="Н"))
    assert dict(PlannedEvent.objects.values_list("title", "regions_text")) == {
        "Все": "Все субъекты РФ",
        "Н": "Субъекты будут определены",
    }


def test_edit_form_is_prefilled_and_saves(logged_in, staff):
    event = PlannedEventFactory(department=staff.department, regions_text="Тверская область")
    event.regions.set([region("Тверская область")])
    url = reverse("workspace:planned_event_update", args=[event.pk])
    form = logged_in.get(url).context["form"]
    assert form.initial["title"] == event.title
    assert form.initial["regions_note"] == ""
    response = logged_in.post(url, _plan_post(title="Новое название"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Новое название"


def test_staff_of_another_department_gets_404_on_every_plan_row_page(logged_in):
    event = PlannedEventFactory()
    for name in ("planned_event_detail", "planned_event_update", "planned_event_delete"):
        url = reverse(f"workspace:{name}", args=[event.pk])
        assert logged_in.get(url).status_code == 404
        assert logged_in.post(url, _plan_post(title="Чужое")).status_code == 404
    assert PlannedEvent.objects.get(pk=event.pk).title != "Чужое"


@pytest.mark.parametrize("role", [roles.COORDINATOR, roles.OFFICIAL])
def test_coordinator_and_official_read_a_plan_row_but_cannot_edit_it(client, role):
    event = PlannedEventFactory()
    client.force_login(UserFactory(role=role))
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert reverse("workspace:planned_event_update", args=[event.pk]) not in page.content.decode()
    update = reverse("workspace:planned_event_update", args=[event.pk])
    assert client.get(update).status_code == 403
    assert client.post(update, _plan_post(title="Иначе")).status_code == 403
    delete = reverse("workspace:planned_event_delete", args=[event.pk])
    assert client.post(delete).status_code == 403
    assert PlannedEvent.objects.filter(pk=event.pk).exists()


def test_a_submitted_quarter_locks_its_plan_rows_and_leaves_the_other_quarter_open(
    logged_in, staff
):
    september = PlannedEventFactory(department=staff.department, title="Сентябрьское")
    november = PlannedEventFactory(
        department=staff.department,
        title="Ноябрьское",
        starts_on=date(2022, 11, 1),
        ends_on=date(2022, 11, 30),
    )
    SubmissionFactory(
        department=staff.department, year=2022, quarter=3, status=SubmissionStatus.SUBMITTED
    )
    response = logged_in.post(
        reverse("workspace:planned_event_update", args=[september.pk]), _plan_post(title="Позже")
    )
    assert response.url == september.get_absolute_url()
    assert _messages(response) == [
        "Мероприятие приходится на III квартал 2022 года, а отчёт за этот квартал отправлен "
        "на проверку или принят: изменить или удалить мероприятие нельзя."
    ]
    september.refresh_from_db()
    assert september.title != "Позже"
    page = logged_in.get(september.get_absolute_url()).content.decode()
    assert reverse("workspace:planned_event_update", args=[september.pk]) not in page
    listing = logged_in.get(
        reverse("workspace:planned_event_list", args=[2022, 2])
    ).content.decode()
    assert "Добавить мероприятие" in listing
    assert "можно добавлять, изменять и удалять" in listing
    assert reverse("workspace:planned_event_update", args=[september.pk]) not in listing
    assert reverse("workspace:planned_event_update", args=[november.pk]) in listing
    moved = logged_in.post(
        reverse("workspace:planned_event_update", args=[november.pk]),
        _plan_post(title="Ноябрьское", timing_text="5 декабря"),
    )
    assert moved.status_code == 302
    november.refresh_from_db()
    assert november.starts_on == date(2022, 12, 5)


def test_the_submit_confirmation_says_what_will_lock(logged_in, staff):
    # Both plan rows are accounted for (held), so the quarter can be submitted.
    for planned in PlannedEventFactory.create_batch(2, department=staff.department):
        ReportedEventFactory(
            department=staff.department,
            year=2022,
            quarter=3,
            planned_event=planned,
            starts_on=planned.starts_on,
            ends_on=planned.ends_on,
        )
    page = logged_in.get(reverse("workspace:reported_event_list", args=[2022, 3])).content.decode()
    assert (
        "нельзя будет изменить отчёт и мероприятия плана, приходящиеся на III квартал 2022 года "
        "(2). Мероприятия плана, приходящиеся только на другой квартал, останутся доступны."
    ) in page


def test_delete_asks_first_then_deletes(logged_in, staff):
    event = PlannedEventFactory(department=staff.department)
    url = reverse("workspace:planned_event_delete", args=[event.pk])
    page = logged_in.get(url)
    assert "Удалить мероприятие из плана на II полугодие 2022 года?" in page.content.decode()
    assert PlannedEvent.objects.filter(pk=event.pk).exists()
    response = logged_in.post(url)
    assert response.url == reverse("workspace:planned_event_list", args=[2022, 2])
    assert not PlannedEvent.objects.filter(pk=event.pk).exists()


def test_copy_page_lists_the_previous_half_year_and_copies_on_post(logged_in, staff):
    PlannedEventFactory(department=staff.department, title="Ежегодный фестиваль")
    url = reverse("workspace:planned_events_copy", args=[2023, 1])
    assert "Ежегодный фестиваль" in logged_in.get(url).content.decode()
    response = logged_in.post(url)
    assert response.url == reverse("workspace:planned_event_list", args=[2023, 1])
    assert PlannedEvent.objects.in_half(2023, 1).get().title == "Ежегодный фестиваль"
    assert "Скопировано мероприятий: 1." in _messages(response)[0]


def test_saving_the_same_form_twice_makes_one_row_and_opens_it(logged_in, staff):
    url = reverse("workspace:planned_event_create", args=[2022, 2])
    token = logged_in.get(url).context["form"]["form_token"].value()
    assert len(token) == 32
    first = logged_in.post(url, _plan_post(form_token=token))
    # «Назад» in the browser and «Сохранить» again: the same token comes back.
    again = logged_in.post(url, _plan_post(form_token=token))
    event = PlannedEvent.objects.get()
    assert first.url == again.url == event.get_absolute_url()
    assert _messages(again)[-1].startswith("Эта форма уже сохранена")
    # A new form (the page fetched again after «Назад») with the same words: the identical row
    # is refused with a message; the same title on other dates is another event.
    other = logged_in.get(url).context["form"]["form_token"].value()
    refused = logged_in.post(url, _plan_post(form_token=other))
    assert "такое же второй раз не добавлено" in refused.content.decode()
    logged_in.post(url, _plan_post(form_token=other, timing_text="10 октября"))
    assert PlannedEvent.objects.count() == 2


def test_a_report_form_is_saved_once_too(logged_in):
    url = reverse("workspace:reported_event_create", args=[2022, 3])
    token = logged_in.get(url).context["form"]["form_token"].value()
    for _ in range(2):
        logged_in.post(url, _report_post([AgreementFactory()], form_token=token))
    assert ReportedEvent.objects.count() == 1


def test_an_unrecognised_phrase_needs_as_written_on_the_page(logged_in):
    url = reverse("workspace:planned_event_create", args=[2022, 2])
    page = logged_in.post(url, _plan_post(timing_text="бла-бла"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "не распознаны" in page.context["form"].errors["timing_text"][0]
    assert "Сроки не распознаны" in text  # the preview under the field
    assert "data-timing-as-written hidden" not in text  # the tick is shown
    assert not PlannedEvent.objects.exists()
    saved = logged_in.post(url, _plan_post(timing_text="бла-бла", timing_as_written="on"))
    assert saved.status_code == 302
    event = PlannedEvent.objects.get()
    assert (event.timing_text, event.timing_is_exact) == ("бла-бла", False)
    edit = logged_in.get(reverse("workspace:planned_event_update", args=[event.pk]))
    assert edit.context["form"].initial["timing_as_written"] is True


def test_limits_are_checked_on_the_page_with_the_limit_in_the_message(logged_in):
    url = reverse("workspace:planned_event_create", args=[2022, 2])
    page = logged_in.get(url).content.decode()
    assert 'maxlength="1000"' in page
    page = logged_in.post(url, _plan_post(title="Ф" * 10_000))
    assert (
        page.context["form"].errors["title"][0].startswith("Не больше 1000 знаков (сейчас 10000)")
    )
    report = logged_in.post(
        reverse("workspace:reported_event_create", args=[2022, 3]),
        _report_post([AgreementFactory()], participants_count="5000000"),
    )
    assert report.context["form"].errors["participants_count"] == [
        "Участников не может быть больше 1 000 000: проверьте число."
    ]
    assert not PlannedEvent.objects.exists() and not ReportedEvent.objects.exists()


def test_region_options_carry_the_other_names_the_picker_searches(logged_in):
    page = logged_in.get(reverse("workspace:planned_event_create", args=[2022, 2]))
    text = page.content.decode()
    bryansk = region("Брянская область")
    assert f'value="{bryansk.pk}" data-names="{bryansk.name_genitive} Брянщина Брянск"' in text
    spb = region("г. Санкт-Петербург")
    names = "Санкт-Петербург Санкт-Петербурга СПб Петербург Питер"
    assert f'value="{spb.pk}" data-names="{names}"' in text
    tver = region("Тверская область")
    names = "Тверской области Тверь"
    assert f'value="{tver.pk}" data-names="{names}"' in text


def test_timing_preview_answers_with_the_range_or_the_reason(logged_in):
    url = reverse("workspace:timing_preview")
    ok = logged_in.get(url, {"timing_text": "III квартал", "year": 2022, "half": 2})
    assert "01.07.2022 — 30.09.2022" in ok.content.decode()
    whole = logged_in.get(url, {"timing_text": "ежемесячно", "year": 2022, "quarter": 3})
    assert "взят весь период" in whole.content.decode()
    bad = logged_in.get(url, {"timing_text": "май", "year": 2022, "half": 2})
    assert "выходят за пределы плана" in bad.content.decode()
    unknown = logged_in.get(url, {"timing_text": "бла-бла", "year": 2022, "half": 2})
    assert "data-timing-unrecognised" in unknown.content.decode()
    assert "✓" not in unknown.content.decode()
    known = logged_in.get(url, {"timing_text": "По мере необходимости", "year": 2022, "half": 2})
    assert "data-timing-unrecognised" not in known.content.decode()


# --- Report ---------------------------------------------------------------------------------


def _report_post(agreements, **fields):
    data = {
        "title": "Выставка",
        "timing_text": "5-6 сентября",
        "agreements": [a.pk for a in agreements],
        "participants_count": "45",
        "held": "on",
    }
    data.update(fields)
    return data


def test_report_page_lists_reported_and_planned_rows_with_the_due_date(logged_in, staff):
    planned = PlannedEventFactory(department=staff.department, title="Плановое")
    ReportedEventFactory(department=staff.department, year=2022, quarter=3, title="Отчётное")
    ReportedEventFactory(year=2022, quarter=3, title="Чужое")
    page = logged_in.get(reverse("workspace:reported_event_list", args=[2022, 3]))
    text = page.content.decode()
    assert "Отчётное" in text and "Плановое" in text and "Чужое" not in text
    assert f"?planned={planned.pk}" in text
    assert "до 05.10.2022" in text
    assert "Отправить на проверку" in text


def test_recording_a_plan_row_prefills_the_form_and_keeps_agreement_order(logged_in, staff):
    first, second = AgreementFactory(), AgreementFactory()
    planned = PlannedEventFactory(department=staff.department, agreement=first, venue="Смоленск")
    url = reverse("workspace:reported_event_create", args=[2022, 3])
    form = logged_in.get(url, {"planned": planned.pk}).context["form"]
    assert (form.initial["title"], form.initial["venue"], form.initial["agreements"]) == (
        planned.title,
        "Смоленск",
        [first],
    )
    response = logged_in.post(url, _report_post([second, first], planned=planned.pk))
    assert response.url == reverse("workspace:reported_event_list", args=[2022, 3])
    event = ReportedEvent.objects.with_details().get()
    assert (event.planned_event, event.participants_count) == (planned, 45)
    assert event.ordered_agreements() == [second, first]
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.HELD


def test_edit_form_lists_chosen_agreements_first_in_their_order(logged_in, staff):
    first, second = (
        AgreementFactory(short_title="Я-первое"),
        AgreementFactory(short_title="А-второе"),
    )
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3)
    event.agreement_links.create(agreement=first, position=0)
    event.agreement_links.create(agreement=second, position=1)
    page = logged_in.get(
        reverse("workspace:reported_event_update", args=[event.pk])
    ).content.decode()
    assert page.index("Я-первое") < page.index("А-второе")


def test_report_row_needs_an_agreement(logged_in):
    page = logged_in.post(
        reverse("workspace:reported_event_create", args=[2022, 3]), _report_post([])
    )
    assert "Выберите хотя бы одно соглашение" in page.context["form"].errors["agreements"][0]


def test_plan_row_of_another_department_cannot_be_recorded(logged_in):
    foreign = PlannedEventFactory()
    url = reverse("workspace:reported_event_create", args=[2022, 3])
    assert logged_in.get(url, {"planned": foreign.pk}).status_code == 404
    not_held = reverse("workspace:planned_event_not_held", args=[2022, 3, foreign.pk])
    assert logged_in.get(not_held).status_code == 404


def test_not_held_form_records_the_reason(logged_in, staff):
    planned = PlannedEventFactory(department=staff.department)
    url = reverse("workspace:planned_event_not_held", args=[2022, 3, planned.pk])
    response = logged_in.post(url, {"status": "cancelled", "reason": "Отменено организаторами"})
    assert response.status_code == 302
    event = ReportedEvent.objects.get()
    assert (event.held, event.note) == (False, "Отменено организаторами")
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.CANCELLED


def test_submitting_twice_records_one_submission_and_explains_the_second(logged_in, staff):
    url = reverse("workspace:quarter_submit", args=[2022, 3])
    first = logged_in.post(url)
    second = logged_in.post(url)
    submission = Submission.objects.get(department=staff.department, year=2022, quarter=3)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.history.filter(action=SubmissionAction.SUBMITTED).count() == 1
    assert "отправлен на проверку" in _messages(first)[0]
    assert _messages(second)[-1] == "Отчёт уже отправлен на проверку или принят."


def test_submit_is_post_only_and_staff_only(client, logged_in):
    url = reverse("workspace:quarter_submit", args=[2022, 3])
    assert logged_in.get(url).status_code == 405
    client.force_login(UserFactory(role=roles.OFFICIAL))
    assert client.post(url).status_code == 403
    assert not Submission.objects.exists()


def test_submitted_quarter_is_read_only_for_staff(logged_in, staff):
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3)
    SubmissionFactory(
        department=staff.department, year=2022, quarter=3, status=SubmissionStatus.APPROVED
    )
    page = logged_in.get(reverse("workspace:reported_event_list", args=[2022, 3])).content.decode()
    assert "Отправить на проверку" not in page
    assert reverse("workspace:reported_event_update", args=[event.pk]) not in page
    response = logged_in.post(
        reverse("workspace:reported_event_update", args=[event.pk]),
        _report_post([AgreementFactory()], title="Исправлено"),
    )
    assert response.url == event.get_absolute_url()
    assert _messages(response) == [
        "Отчёт за III квартал 2022 года отправлен на проверку или принят: изменения недоступны."
    ]
    event.refresh_from_db()
    assert event.title != "Исправлено"
    add = logged_in.post(
        reverse("workspace:reported_event_create", args=[2022, 3]),
        _report_post([AgreementFactory()]),
    )
    assert add.status_code == 302 and ReportedEvent.objects.count() == 1


def test_returned_quarter_shows_the_comment_and_is_editable_again(logged_in, staff):
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3)
    SubmissionFactory(
        department=staff.department,
        year=2022,
        quarter=3,
        status=SubmissionStatus.RETURNED,
        review_comment="Укажите количество участников",
    )
    page = logged_in.get(reverse("workspace:reported_event_list", args=[2022, 3])).content.decode()
    assert "Отчёт возвращён на доработку" in page
    assert "Укажите количество участников" in page
    assert reverse("workspace:reported_event_update", args=[event.pk]) in page
    assert "Отправить на проверку" in page


def test_reported_event_of_another_department_is_404_and_official_gets_403(client, logged_in):
    foreign = ReportedEventFactory(year=2022, quarter=3)
    SubmissionFactory(
        department=foreign.department, year=2022, quarter=3, status=SubmissionStatus.APPROVED
    )
    for name in ("reported_event_detail", "reported_event_update", "reported_event_delete"):
        assert logged_in.get(reverse(f"workspace:{name}", args=[foreign.pk])).status_code == 404
    client.force_login(UserFactory(role=roles.OFFICIAL))
    assert client.get(foreign.get_absolute_url()).status_code == 200
    delete = reverse("workspace:reported_event_delete", args=[foreign.pk])
    assert client.post(delete).status_code == 403
    assert ReportedEvent.objects.filter(pk=foreign.pk).exists()


def test_reported_event_delete_confirms_then_deletes(logged_in, staff):
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3)
    url = reverse("workspace:reported_event_delete", args=[event.pk])
    assert "Удалить мероприятие из отчёта" in logged_in.get(url).content.decode()
    assert logged_in.post(url).url == reverse("workspace:reported_event_list", args=[2022, 3])
    assert not ReportedEvent.objects.exists()


# --- Dashboard and password reset -----------------------------------------------------------


def test_dashboard_shows_staff_their_plan_report_deadline_and_returned_comments(logged_in, staff):
    today = timezone.localdate()
    year, half, quarter = today.year, half_of(today), quarter_of(today)
    PlannedEventFactory.create_batch(
        3, department=staff.department, year=year, half=half, starts_on=today, ends_on=today
    )
    SubmissionFactory(
        department=staff.department,
        year=2021,
        quarter=2,
        status=SubmissionStatus.RETURNED,
        review_comment="Нет соглашений",
    )
    page = logged_in.get(reverse("cooperation:home"))
    assert [p["total"] for p in page.context["plans"]] == [3, 0]
    text = page.content.decode()
    assert f"до {report_due_date(year, quarter):%d.%m.%Y}" in text
    assert "Нет соглашений" in text
    assert reverse("workspace:reported_event_list", args=[year, quarter]) in text


def test_dashboard_and_report_page_say_overdue_after_the_due_date(logged_in, staff, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2022, 10, 6))
    monkeypatch.setattr("reports.deadlines.today", lambda: date(2022, 10, 6))
    home = logged_in.get(reverse("cooperation:home")).content.decode()
    assert "Отчёт за III квартал 2022 года не отправлен" in home
    assert "просрочен" in home and "до 05.10.2022" in home
    report = logged_in.get(reverse("workspace:reported_event_list", args=[2022, 3]))
    assert "просрочен" in report.content.decode()
    SubmissionFactory(
        department=staff.department, year=2022, quarter=3, status=SubmissionStatus.SUBMITTED
    )
    home = logged_in.get(reverse("cooperation:home")).content.decode()
    assert "Отчёт за III квартал 2022 года не отправлен" not in home
    assert (
        "просрочен"
        not in logged_in.get(
            reverse("workspace:reported_event_list", args=[2022, 3])
        ).content.decode()
    )


def test_dashboard_for_coordinator_links_to_admin_reports_and_agreements(client):
    SubmissionFactory(status=SubmissionStatus.SUBMITTED)
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    page = client.get(reverse("cooperation:home"))
    text = page.content.decode()
    for url in (
        reverse("admin:index"),
        reverse("reports:report_index"),
        reverse("agreements:agreement_list"),
    ):
        assert url in text
    assert "Ждут проверки: 1" in text
    assert "plans" not in page.context


def test_password_reset_sends_a_russian_letter(client, staff):
    staff.email = "staff@example.ru"
    staff.save()
    page = client.get(reverse("password_reset"))
    assert "Восстановление пароля" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": "staff@example.ru"})
    assert response.url == reverse("password_reset_done")
    assert "Проверьте почту" in client.get(response.url).content.decode()
    (letter,) = mail.outbox
    assert letter.subject.startswith("Смена пароля на портале")
    assert "Чтобы задать новый пароль, перейдите по ссылке" in letter.body
    link = next(line for line in letter.body.splitlines() if "/accounts/reset/" in line)
    confirm = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Новый пароль" in confirm.content.decode()


def test_list_pages_run_the_same_number_of_queries_for_few_and_many_rows(logged_in, staff):
    agreement = AgreementFactory()

    def add_rows(count):
        for _ in range(count):
            planned = PlannedEventFactory(department=staff.department, agreement=agreement)
            planned.regions.set([region("Тверская область")])
            reported = ReportedEventFactory(
                department=staff.department, year=2022, quarter=3, planned_event=planned
            )
            reported.agreement_links.create(agreement=agreement, position=0)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert logged_in.get(url).status_code == 200
        return len(captured)

    urls = [
        reverse("workspace:planned_event_list", args=[2022, 2]),
        reverse("workspace:reported_event_list", args=[2022, 3]),
    ]
    add_rows(2)
    few = [queries(url) for url in urls]
    add_rows(6)
    assert [queries(url) for url in urls] == few


@pytest.mark.parametrize(
    ("role", "workspace_links", "reports_link"),
    [(roles.STAFF, True, False), (roles.COORDINATOR, False, True), (roles.OFFICIAL, False, True)],
)
def test_the_menu_offers_a_section_only_to_those_its_pages_open_for(
    client, staff, role, workspace_links, reports_link
):
    user = staff if role == roles.STAFF else UserFactory(role=role)
    client.force_login(user)
    text = client.get(reverse("agreements:agreement_list")).content.decode()
    assert (f'href="{reverse("workspace:plan_current")}"' in text) is workspace_links
    assert (f'href="{reverse("reports:report_index")}"' in text) is reports_link


# --- Officials read approved rows only -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (None, 404),
        (SubmissionStatus.DRAFT, 404),
        (SubmissionStatus.SUBMITTED, 404),
        (SubmissionStatus.RETURNED, 404),
        (SubmissionStatus.APPROVED, 200),
    ],
)
def test_an_official_reads_a_report_row_only_once_its_quarter_is_approved(client, status, answer):
    event = ReportedEventFactory(year=2022, quarter=3, title="Строка отчёта")
    if status is not None:
        SubmissionFactory(department=event.department, year=2022, quarter=3, status=status)
    client.force_login(UserFactory(role=roles.OFFICIAL))
    assert client.get(event.get_absolute_url()).status_code == answer
    client.force_login(UserFactory(role=roles.COORDINATOR))
    assert client.get(event.get_absolute_url()).status_code == 200


# --- Planned events nobody accounted for ------------------------------------------------------


def test_report_page_lists_unmarked_plan_rows_and_submitting_is_refused_with_them(logged_in, staff):
    planned = PlannedEventFactory(department=staff.department, title="Дни культуры в Твери")
    url = reverse("workspace:reported_event_list", args=[2022, 3])
    page = logged_in.get(url).content.decode()
    assert "Перед отправкой отметьте мероприятия плана на квартал (1)" in page
    assert f'href="#plan-{planned.pk}"' in page
    assert 'disabled aria-describedby="unmarked-plan"' in page
    assert reverse("workspace:quarter_submit", args=[2022, 3]) not in page
    response = logged_in.post(reverse("workspace:quarter_submit", args=[2022, 3]))
    [message] = _messages(response)
    assert "Отчёт не отправлен: не отмечены мероприятия плана на квартал (1)" in message
    assert "«Дни культуры в Твери»" in message
    assert not Submission.objects.filter(status=SubmissionStatus.SUBMITTED).exists()
    logged_in.post(
        reverse("workspace:planned_event_not_held", args=[2022, 3, planned.pk]),
        {"status": "postponed", "reason": "Перенесено на октябрь"},
    )
    page = logged_in.get(url).content.decode()
    assert "Перед отправкой отметьте" not in page
    logged_in.post(reverse("workspace:quarter_submit", args=[2022, 3]))
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


# --- Not-held rows can be edited --------------------------------------------------------------


def test_a_not_held_row_is_edited_on_its_page_without_an_agreement(logged_in, staff):
    planned = PlannedEventFactory(department=staff.department)
    logged_in.post(
        reverse("workspace:planned_event_not_held", args=[2022, 3, planned.pk]),
        {"status": "cancelled", "reason": "Нет средств"},
    )
    event = ReportedEvent.objects.get()
    url = reverse("workspace:reported_event_update", args=[event.pk])
    form = logged_in.get(url).context["form"]
    assert form.initial["plan_status"] == "cancelled"
    assert 'name="plan_status"' in logged_in.get(url).content.decode()
    response = logged_in.post(
        url,
        {
            "title": event.title,
            "timing_text": "20 сентября",
            "note": "Перенесено организаторами на 2023 год",
            "plan_status": "postponed",
            "version": event.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert (event.note, event.timing_text, event.held) == (
        "Перенесено организаторами на 2023 год",
        "20 сентября",
        False,
    )
    planned.refresh_from_db()
    assert planned.status == PlannedEventStatus.POSTPONED


def test_a_row_outside_the_plan_has_no_plan_status_to_choose(logged_in, staff):
    page = logged_in.get(reverse("workspace:reported_event_create", args=[2022, 3]))
    assert 'name="plan_status"' not in page.content.decode()


# --- Text as written --------------------------------------------------------------------------


def test_the_form_keeps_line_breaks_and_non_breaking_spaces(logged_in, staff):
    logged_in.post(
        reverse("workspace:planned_event_create", args=[2022, 2]),
        _plan_post(
            title="Фестиваль\r\n«Смоленская крепость»",
            venue="г.\xa0Смоленск",
            timing_text="сентябрь\xa02022 года",
        ),
    )
    event = PlannedEvent.objects.get()
    assert (event.title, event.venue, event.timing_text) == (
        "Фестиваль\n«Смоленская крепость»",
        "г.\xa0Смоленск",
        "сентябрь\xa02022 года",
    )


# --- Two sessions editing one row -------------------------------------------------------------


def test_two_sessions_editing_one_row_the_second_sees_what_changed_and_keeps_its_input(
    client, staff
):
    from django.test import Client

    event = PlannedEventFactory(department=staff.department, regions_text="Тверская область")
    event.regions.set([region("Тверская область")])
    url = reverse("workspace:planned_event_update", args=[event.pk])
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(staff)
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version
    saved = first.post(url, _plan_post(title="Дни Смоленской области", version=version))
    assert saved.status_code == 302
    refused = second.post(url, _plan_post(title="Фестиваль «Днепр»", version=version))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "пока вы её редактировали" in page
    assert "«Дни Смоленской области»" in page
    assert "Фестиваль «Днепр»" in page  # the second session's input is still on the page
    event.refresh_from_db()
    assert event.title == "Дни Смоленской области"
    # Saving the page again is a deliberate write over the new version.
    again = refused.context["form"]
    assert again["version"].value() == event.version
    assert (
        second.post(url, _plan_post(title="Фестиваль «Днепр»", version=event.version)).status_code
        == 302
    )
    event.refresh_from_db()
    assert event.title == "Фестиваль «Днепр»"


def test_a_staff_edit_racing_the_coordinators_approval_is_refused(logged_in, staff):
    from reports.services import submission_approve, submission_get_or_create, submission_submit

    agreement = AgreementFactory()
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3, venue="Тверь")
    event.agreement_links.create(agreement=agreement, position=0)
    url = reverse("workspace:reported_event_update", args=[event.pk])
    version = logged_in.get(url).context["form"].initial["version"]
    submission = submission_get_or_create(department=staff.department, year=2022, quarter=3)
    submission_submit(submission=submission, by=staff)
    submission_approve(submission=submission, by=UserFactory(role=roles.COORDINATOR))
    response = logged_in.post(url, _report_post([agreement], venue="Брянск", version=version))
    assert _messages(response) == [
        "Отчёт за III квартал 2022 года отправлен на проверку или принят: изменения недоступны."
    ]
    event.refresh_from_db()
    assert (event.venue, event.version) == ("Тверь", 1)


# --- A reopened report says why ---------------------------------------------------------------


def test_staff_see_why_an_approved_report_was_reopened(logged_in, staff):
    from reports.services import (
        submission_approve,
        submission_get_or_create,
        submission_reopen,
        submission_submit,
    )

    coordinator = UserFactory(role=roles.COORDINATOR, first_name="Ольга", last_name="Иванова")
    submission = submission_get_or_create(department=staff.department, year=2022, quarter=3)
    submission_submit(submission=submission, by=staff)
    submission_approve(submission=submission, by=coordinator)
    submission_reopen(submission=submission, by=coordinator, comment="Добавьте число участников")
    page = logged_in.get(reverse("workspace:reported_event_list", args=[2022, 3])).content.decode()
    assert "Принятый отчёт открыт для изменений" in page
    assert "Добавьте число участников" in page and "Ольга Иванова" in page
    assert reverse("workspace:quarter_submit", args=[2022, 3]) in page
    detail = logged_in.get(submission.get_absolute_url()).content.decode()
    assert "открыт для изменений" in detail and "Добавьте число участников" in detail
