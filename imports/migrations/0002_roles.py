from django.contrib.auth.management import create_permissions
from django.db import migrations

from cooperation.roles import sync_role_groups


def grant(apps, schema_editor):
    # Permissions of models added after the roles were created (the import journal, the
    # reminder log) are granted to the roles here.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("reports", "0003_reminderlog"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
