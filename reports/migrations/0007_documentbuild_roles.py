from django.contrib.auth.management import create_permissions
from django.db import migrations

from cooperation.roles import sync_role_groups


def grant_roles(apps, schema_editor):
    # Coordinators and officials get the stored documents' permissions the way 0002 gave the
    # others: the admin lists every domain model to them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_reminderlog_department_protect")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
