"""The portal's roles are Django groups; this module names them and grants their permissions."""

STAFF = "Сотрудник департамента"
COORDINATOR = "Координатор"
OFFICIAL = "Руководство"

DOMAIN_APPS = ("cooperation", "agreements", "events", "reports", "imports")
# Coordinators read these and nobody changes them: the audit log.
COORDINATOR_READ_APPS = ("audit",)


def sync_role_groups(group_model, permission_model):
    """Coordinators manage everything of the domain; officials read it; staff work outside admin."""
    domain = permission_model.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    coordinator, _ = group_model.objects.get_or_create(name=COORDINATOR)
    journals = permission_model.objects.filter(
        content_type__app_label__in=COORDINATOR_READ_APPS, codename__startswith="view_"
    )
    coordinator.permissions.set(domain.exclude(content_type__model="user") | journals)
    official, _ = group_model.objects.get_or_create(name=OFFICIAL)
    official.permissions.set(
        domain.filter(codename__startswith="view_").exclude(content_type__model="user")
    )
    group_model.objects.get_or_create(name=STAFF)
