from django.db import migrations

from agreements.reference import load_agreements


def load(apps, schema_editor):
    load_agreements(
        apps.get_model("agreements", "Agreement"), apps.get_model("cooperation", "Region")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_initial"),
        ("cooperation", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
