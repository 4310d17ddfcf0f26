import pytest
from django.test import Client

from cooperation import roles
from reports.models import SubmissionStatus
from tests.factories import DepartmentFactory, StaffFactory, SubmissionFactory, UserFactory


@pytest.fixture
def coordinator_user(db):
    return UserFactory(role=roles.COORDINATOR, is_staff=True)


@pytest.fixture
def official_user(db):
    return UserFactory(role=roles.OFFICIAL, is_staff=True)


@pytest.fixture
def department(db):
    return DepartmentFactory()


@pytest.fixture
def other_department(db):
    return DepartmentFactory()


@pytest.fixture
def staff_user(department):
    return StaffFactory(department=department)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(coordinator_user):
    return _client(coordinator_user)


@pytest.fixture
def official(official_user):
    return _client(official_user)


@pytest.fixture
def staff(staff_user):
    return _client(staff_user)


@pytest.fixture
def approve():
    """Mark a department's report for a quarter approved (officials see only those rows)."""

    def approve(department, year, quarter):
        return SubmissionFactory(
            department=department, year=year, quarter=quarter, status=SubmissionStatus.APPROVED
        )

    return approve
