from django.contrib.auth.management import create_permissions
from django.db import migrations

from cooperation.roles import sync_role_groups


def grant_roles(apps, schema_editor):
    # Coordinators get the log's view permission the way reports 0003 gave the reminders'.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("reports", "0003_reminderlog"),
        ("imports", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
