"""Workspace forms: Bootstrap markup from the project's form renderer, and the rules' messages
shown the same on the page as a service gives them."""

import pytest
from django.core.exceptions import ValidationError

from events.models import PlannedEventStatus
from tests.factories import PlannedEventFactory
from workspace import rules, services
from workspace.forms import NotHeldForm, PlannedEventForm, ReportedEventForm

pytestmark = pytest.mark.django_db


def test_each_widget_gets_the_bootstrap_class_for_its_kind():
    form = PlannedEventForm(year=2022, half=2)
    assert 'class="form-control"' in str(form["title"])
    assert 'class="form-select"' in str(form["regions"])
    assert 'class="form-select"' in str(form["agreement"])
    assert 'class="form-check-input"' in str(form["all_regions"])
    radios = NotHeldForm()["status"]
    assert all('class="form-check-input"' in radio.tag() for radio in radios)


def test_a_field_group_is_laid_out_by_the_project_field_template():
    html = PlannedEventForm(year=2022, half=2)["regions_note"].as_field_group()
    assert 'data-field="regions_note"' in html
    assert '<label class="form-label" for="id_regions_note">' in html
    assert 'class="form-text" id="id_regions_note_helptext"' in html
    checkbox = PlannedEventForm(year=2022, half=2)["all_regions"].as_field_group()
    assert checkbox.startswith('<div class="form-check mb-3">')


def test_missing_title_and_reason_read_the_same_on_the_page_and_from_the_service(staff):
    form = ReportedEventForm(
        {"title": "", "timing_text": "сентябрь", "held": ""}, year=2022, quarter=3
    )
    assert not form.is_valid()
    assert form.errors["title"] == [rules.TITLE_REQUIRED]
    assert form.errors["note"] == [rules.REASON_REQUIRED]
    assert "agreements" not in form.errors  # a row not held needs no agreement
    with pytest.raises(ValidationError) as error:
        services.reported_event_create(
            by=staff,
            year=2022,
            quarter=3,
            title=" ",
            timing_text="сентябрь",
            agreements=[],
            held=False,
            note="",
        )
    assert error.value.message_dict == {
        "title": [rules.TITLE_REQUIRED],
        "note": [rules.REASON_REQUIRED],
    }


def test_a_held_row_needs_an_agreement_on_the_page_and_in_the_service(staff):
    form = ReportedEventForm(
        {"title": "Выставка", "timing_text": "сентябрь", "held": "on"}, year=2022, quarter=3
    )
    assert form.errors["agreements"] == [rules.AGREEMENTS_REQUIRED]
    with pytest.raises(ValidationError) as error:
        services.reported_event_create(
            by=staff, year=2022, quarter=3, title="Выставка", timing_text="сентябрь", agreements=[]
        )
    assert error.value.message_dict == {"agreements": [rules.AGREEMENTS_REQUIRED]}


def test_not_held_form_and_service_refuse_an_empty_reason_in_the_same_words(staff):
    form = NotHeldForm({"status": PlannedEventStatus.CANCELLED, "reason": " "})
    assert form.errors["reason"] == [rules.REASON_REQUIRED]
    planned = PlannedEventFactory(department=staff.department)
    with pytest.raises(ValidationError) as error:
        services.planned_event_mark_not_held(
            by=staff,
            planned_event=planned,
            year=2022,
            quarter=3,
            reason=" ",
            status=PlannedEventStatus.CANCELLED,
        )
    assert error.value.message_dict == {"reason": [rules.REASON_REQUIRED]}


def test_plan_form_asks_for_regions_with_the_services_message(staff):
    data = {"title": "Дни культуры", "timing_text": "сентябрь"}
    form = PlannedEventForm(data, year=2022, half=2)
    assert form.errors["regions"] == [rules.REGIONS_REQUIRED]
    with pytest.raises(ValidationError) as error:
        services.planned_event_create(by=staff, year=2022, half=2, **data)
    assert error.value.message_dict == {"regions": [rules.REGIONS_REQUIRED]}
