"""Who may do what, answered by cooperation.access for every role."""

import pytest

from cooperation import access, roles
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _users():
    return {
        "staff": StaffFactory(),
        "staff without a department": UserFactory(role=roles.STAFF),
        "coordinator": UserFactory(role=roles.COORDINATOR, is_staff=True),
        "official": UserFactory(role=roles.OFFICIAL, is_staff=True),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


CHECKS = {
    #                        staff  no dept coord  official super
    "is_department_staff": (True, False, False, False, False),
    "sees_all_departments": (False, False, True, True, True),
    "can_review_submissions": (False, False, True, False, True),
    "can_import": (False, False, True, False, True),
    "reads_approved_only": (False, True, False, True, False),
}


@pytest.mark.parametrize("check", CHECKS)
def test_each_role_gets_its_answer(check):
    answers = tuple(getattr(access, check)(user) for user in _users().values())
    assert answers == CHECKS[check]
