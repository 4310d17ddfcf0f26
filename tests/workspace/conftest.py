import pytest

from tests.factories import StaffFactory, region


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def tver():
    return region("Тверская область")
