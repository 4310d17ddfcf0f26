import pytest

from cooperation.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lookup", "value", "expected"),
    [
        ("short_name__icontains", "твер", ["Тверская область"]),
        ("short_name__istartswith", "г. МОСК", ["г. Москва"]),
        ("short_name__iexact", "тверская ОБЛАСТЬ", ["Тверская область"]),
        ("short_name__icontains", "100%", []),
        ("short_name__icontains", "_", []),
    ],
)
def test_case_insensitive_lookups_fold_cyrillic(lookup, value, expected):
    assert list(Region.objects.filter(**{lookup: value}).values_list("short_name", flat=True)) == (
        expected
    )
