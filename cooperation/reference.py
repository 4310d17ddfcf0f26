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


def load_region_aliases(alias_model, region_model):
    """Short and informal names of regions and their administrative centres; an alias no longer
    in the fixture is removed, so the file is the whole list."""
    rows = read_fixture("region_aliases.json")
    regions = {r.short_name: r for r in region_model.objects.all()}
    for row in rows:
        alias_model.objects.update_or_create(
            alias=row["alias"],
            defaults={
                "region": regions[row["region"]],
                "kind": row["kind"],
                "forms": row["forms"],
            },
        )
    alias_model.objects.exclude(alias__in=[row["alias"] for row in rows]).delete()
    return len(rows)


def load_department_names(name_model, department_model):
    """Names a body bore in other years (renames of 2023–2024), by the body's portal name."""
    rows = read_fixture("department_names.json")
    for row in rows:
        name_model.objects.update_or_create(
            name=row["name"],
            defaults={
                "department": department_model.objects.get(name=row["department"]),
                "short_name": row["short_name"],
                "valid_from": _date(row["valid_from"]),
                "valid_until": _date(row["valid_until"]),
            },
        )
    return len(rows)


def load_foreign_partners(partner_model):
    rows = read_fixture("foreign_partners.json")
    for row in rows:
        partner_model.objects.update_or_create(
            name=row["name"],
            defaults={
                "country": row["country"],
                "aliases": "\n".join(row["aliases"]),
                "sort_order": row["sort_order"],
            },
        )
    return len(rows)
