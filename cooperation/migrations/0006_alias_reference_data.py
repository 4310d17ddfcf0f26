from django.contrib.auth.management import create_permissions
from django.db import migrations

from cooperation.reference import (
    load_department_names,
    load_foreign_partners,
    load_region_aliases,
)
from cooperation.roles import sync_role_groups


def load(apps, schema_editor):
    load_region_aliases(
        apps.get_model("cooperation", "RegionAlias"), apps.get_model("cooperation", "Region")
    )
    load_department_names(
        apps.get_model("cooperation", "DepartmentName"),
        apps.get_model("cooperation", "Department"),
    )
    load_foreign_partners(apps.get_model("cooperation", "ForeignPartner"))


def grant_roles(apps, schema_editor):
    # Coordinators keep the new reference tables, officials read them, as 0002 of reports and
    # imports granted the others.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0005_reference_aliases"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
