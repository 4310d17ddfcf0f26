"""Reference data from fixtures/: loaded by data migrations and by `load_reference`.

The loaders take model classes so migrations can pass their historical models: they write plain
field values only and rely on no method of the current models.
"""

import json
from datetime import date
from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


def read_fixture(name):
    return json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))


def _date(value):
    return date.fromisoformat(value) if value else None


def load_regions(region_model):
    rows = read_fixture("regions.json")
    for row in rows:
        region_model.objects.update_or_create(
            number=row["number"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "name_genitive": row["name_genitive"],
                "iso_code": row["iso_code"] or "",
                "federal_district": row["federal_district"],
                "kind": row["kind"],
                "is_home": row["is_home"],
            },
        )
    return len(rows)


def load_departments(department_model):
    rows = read_fixture("departments.json")
    by_name = {}
    for row in rows:
        by_name[row["name"]], _ = department_model.objects.update_or_create(
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "kind": row["kind"],
                "sort_order": row["sort_order"],
                "active_from": _date(row["active_from"]),
                "active_until": _date(row["active_until"]),
            },
        )
    # Links go in a second pass: a successor may be listed after the body it replaces.
    for row in rows:
        department = by_name[row["name"]]
        department.parent = by_name[row["parent"]] if row["parent"] else None
        department.successor = by_name[row["successor"]] if row["successor"] else None
        department.save(update_fields=["parent", "successor"])
    return len(rows)
