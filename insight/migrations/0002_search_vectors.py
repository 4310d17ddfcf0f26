"""Full-text search on PostgreSQL: a stored tsvector on each searched table, with a GIN index.

The vector is a generated column, so every way a row is written (forms, admin, spreadsheet import,
Word import, bulk upserts) keeps it current without code in those paths. Django's models do not
declare it; insight.search reads it by name. SQLite has no russian text search configuration:
there the migration does nothing and the search falls back to LIKE on word stems.

A later migration that changes the type of one of these text columns must drop the generated
column first and add it back afterwards (PostgreSQL refuses to alter a column it depends on):
reverse and re-apply this migration's SQL for that table.
"""

from django.db import migrations

COLUMN = "search_vector"

# table: (column, weight) — A for titles, B for names of partners, C for the rest of the text.
SEARCHED = {
    "events_plannedevent": [
        ("title", "A"),
        ("regions_text", "B"),
        ("venue", "C"),
        ("content", "C"),
        ("participants", "C"),
    ],
    "events_reportedevent": [
        ("title", "A"),
        ("venue", "C"),
        ("participants", "C"),
        ("content", "C"),
        ("note", "C"),
    ],
    "agreements_agreement": [("short_title", "A"), ("title", "A"), ("number", "B")],
    "agreements_roadmapitem": [("title", "A"), ("timeline_text", "C")],
}


def _vector_sql(columns):
    return " || ".join(
        f"setweight(to_tsvector('pg_catalog.russian'::regconfig, coalesce(\"{column}\", '')), "
        f"'{weight}')"
        for column, weight in columns
    )


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "{COLUMN}" tsvector '
            f"GENERATED ALWAYS AS ({_vector_sql(columns)}) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_search_gin" ON "{table}" USING gin ("{COLUMN}")'
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{COLUMN}"')


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0001_initial"),
        ("events", "0001_initial"),
        ("agreements", "0003_reference_data"),
    ]

    operations = [migrations.RunPython(add_vectors, drop_vectors, elidable=False)]
