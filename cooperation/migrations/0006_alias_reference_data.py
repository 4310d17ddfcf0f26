from django.db import migrations

from cooperation.reference import (
    load_department_names,
    load_foreign_partners,
    load_region_aliases,
)


def load(apps, schema_editor):
    load_region_aliases(
        apps.get_model("cooperation", "RegionAlias"), apps.get_model("cooperation", "Region")
    )
    load_department_names(
        apps.get_model("cooperation", "DepartmentName"),
        apps.get_model("cooperation", "Department"),
    )
    load_foreign_partners(apps.get_model("cooperation", "ForeignPartner"))


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0005_reference_aliases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
