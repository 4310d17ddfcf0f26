"""Plan and report rows in the admin: a change form saved on a stale version overwrites nothing,
and the rows of an approved quarter change only after the report is reopened."""

import pytest
from django.test import Client
from django.urls import reverse

from cooperation import roles
from events.models import PlannedEvent, ReportedEvent
from reports.models import SubmissionStatus
from reports.services import (
    submission_approve,
    submission_get_or_create,
    submission_reopen,
    submission_submit,
)
from tests.factories import (
    AgreementFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    StaffFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _coordinator(**names):
    client = Client()
    client.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True, **names))
    return client


def _form_data(response):
    """What the browser posts back: every field of the form and its inlines, as shown."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return {
        bound.html_name: bound.value()
        for form in forms
        for bound in form
        if bound.value() is not None and bound.value() is not False
    }


def _change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_two_coordinators_editing_one_plan_row_the_second_is_refused_with_what_changed():
    event = PlannedEventFactory(venue="г. Тверь")
    first, second = _coordinator(first_name="Ольга", last_name="Иванова"), _coordinator()
    first_data = _form_data(first.get(_change_url(event)))
    second_data = _form_data(second.get(_change_url(event)))
    assert first_data["row_version"] == second_data["row_version"] == 1
    saved = first.post(_change_url(event), {**first_data, "venue": "г. Смоленск"})
    assert saved.status_code == 302
    refused = second.post(_change_url(event), {**second_data, "title": "Иное название"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Ольга Иванова" in page
    # A factory row has no version history to compare with: the page names what differs now.
    assert "сейчас в записи: " in page and "Место проведения: «г. Смоленск»" in page
    event.refresh_from_db()
    assert (event.venue, event.title, event.version) == ("г. Смоленск", event.title, 2)
    assert event.title != "Иное название"
    # The page now carries the current version: saving it again is a deliberate overwrite.
    again = _form_data(refused)
    assert again["row_version"] == 2 and again["title"] == "Иное название"
    assert second.post(_change_url(event), again).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.version) == ("Иное название", 3)


def test_a_workspace_edit_after_the_admin_form_was_opened_refuses_the_admin_save(client):
    from workspace import services

    staff = StaffFactory()
    event = PlannedEventFactory(department=staff.department, regions_text="Тверская область")
    coordinator = _coordinator()
    data = _form_data(coordinator.get(_change_url(event)))
    services.planned_event_update(
        by=staff,
        planned_event=event,
        title="Изменено в рабочем месте",
        timing_text="сентябрь",
        all_regions=True,
    )
    response = coordinator.post(_change_url(event), {**data, "venue": "Из админки"})
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title == "Изменено в рабочем месте" and event.venue == ""


def _approved_row():
    staff = StaffFactory()
    agreement = AgreementFactory()
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3)
    event.agreement_links.create(agreement=agreement, position=0)
    submission = submission_get_or_create(department=staff.department, year=2022, quarter=3)
    submission_submit(submission=submission, by=staff)
    submission_approve(submission=submission, by=UserFactory(role=roles.COORDINATOR))
    return event, submission


def test_a_row_of_an_approved_quarter_is_read_only_in_the_admin_until_reopened():
    event, submission = _approved_row()
    coordinator = _coordinator()
    page = coordinator.get(_change_url(event))
    assert page.status_code == 200
    text = page.content.decode()
    assert "принят: его мероприятия меняются только после того" in text
    assert 'name="_save"' not in text
    assert coordinator.post(_change_url(event), {"title": "Иначе"}).status_code == 403
    delete = reverse("admin:events_reportedevent_delete", args=[event.pk])
    assert coordinator.post(delete, {"post": "yes"}).status_code == 403
    assert ReportedEvent.objects.filter(pk=event.pk, title=event.title).exists()
    submission_reopen(
        submission=submission, by=UserFactory(role=roles.COORDINATOR), comment="Поправить"
    )
    data = _form_data(coordinator.get(_change_url(event)))
    assert coordinator.post(_change_url(event), {**data, "venue": "Брянск"}).status_code == 302
    event.refresh_from_db()
    assert event.venue == "Брянск"


def test_no_row_is_added_or_moved_into_an_approved_quarter_in_the_admin():
    event, _ = _approved_row()
    other = ReportedEventFactory(department=event.department, year=2022, quarter=2)
    coordinator = _coordinator()
    data = _form_data(coordinator.get(_change_url(other)))
    response = coordinator.post(_change_url(other), {**data, "quarter": 3})
    assert response.status_code == 200
    assert "III квартал 2022 года принят" in response.content.decode()
    other.refresh_from_db()
    assert other.quarter == 2


def test_a_coordinators_edit_racing_the_approval_of_the_quarter_is_refused():
    staff = StaffFactory()
    event = ReportedEventFactory(department=staff.department, year=2022, quarter=3)
    SubmissionFactory(
        department=staff.department, year=2022, quarter=3, status=SubmissionStatus.SUBMITTED
    )
    coordinator = _coordinator()
    data = _form_data(coordinator.get(_change_url(event)))  # opened while on review
    submission = submission_get_or_create(department=staff.department, year=2022, quarter=3)
    submission_approve(submission=submission, by=UserFactory(role=roles.COORDINATOR))
    response = coordinator.post(_change_url(event), {**data, "venue": "Поздняя правка"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.venue != "Поздняя правка"


def test_the_admin_save_raises_the_version():
    event = PlannedEventFactory()
    coordinator = _coordinator()
    data = _form_data(coordinator.get(_change_url(event)))
    coordinator.post(_change_url(event), {**data, "venue": "Смоленск"})
    assert PlannedEvent.objects.get(pk=event.pk).version == 2
