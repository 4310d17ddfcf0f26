from django.db import migrations

from cooperation.reference import load_departments, load_regions


def load(apps, schema_editor):
    load_regions(apps.get_model("cooperation", "Region"))
    load_departments(apps.get_model("cooperation", "Department"))


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
