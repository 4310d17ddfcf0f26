"""Agreements of the reference data (fixtures/agreements.json)."""

from datetime import date

from cooperation.reference import read_fixture


def load_agreements(agreement_model, region_model):
    rows = read_fixture("agreements.json")
    for row in rows:
        agreement, _ = agreement_model.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "short_title": row["short_title"],
                "signed_on": date.fromisoformat(row["signed_on"]) if row["signed_on"] else None,
                "number": row["number"],
                "status": row["status"],
                "spheres": row["spheres"],
            },
        )
        regions = [region_model.objects.get(short_name=name) for name in row["regions"]]
        agreement.regions.set(regions)
    return len(rows)
