"""Event and submission pages: own department, coordinators and officials see them; others 404."""

import pytest
from django.urls import reverse

from cooperation import roles
from cooperation.models import Department
from events.models import PlannedEvent, ReportedEvent
from reports.models import Submission
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _culture():
    return Department.objects.get(name="Департамент Смоленской области по культуре")


@pytest.fixture
def pages(demo):
    culture = _culture()
    return [
        PlannedEvent.objects.filter(department=culture).first().get_absolute_url(),
        ReportedEvent.objects.filter(department=culture).first().get_absolute_url(),
        Submission.objects.get(department=culture, year=2020, quarter=3).get_absolute_url(),
    ]


def test_anonymous_visitor_is_sent_to_log_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_staff_of_the_department_sees_its_records(client, pages):
    client.force_login(StaffFactory(department=_culture()))
    for url in pages:
        assert client.get(url).status_code == 200


def test_staff_of_another_department_gets_404(client, pages):
    sport = Department.objects.get(name="Главное управление спорта Смоленской области")
    client.force_login(StaffFactory(department=sport))
    for url in pages:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [roles.COORDINATOR, roles.OFFICIAL])
def test_coordinators_and_officials_see_every_department(client, pages, role):
    client.force_login(UserFactory(role=role))
    for url in pages:
        assert client.get(url).status_code == 200


def test_reference_pages_open_for_any_logged_in_user(client, demo):
    client.force_login(StaffFactory(department=_culture()))
    roadmap = demo["roadmap"]
    for url in [
        reverse("cooperation:home"),
        reverse("cooperation:region_list"),
        reverse("agreements:agreement_list"),
        roadmap.get_absolute_url(),
        roadmap.region.get_absolute_url(),
        _culture().get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("agreements:agreement_detail", args=["moscow"]))
    assert "Правительством Москвы" in page.content.decode()
