from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = "Справочники"

    def ready(self):
        from cooperation.db import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="unicode_like")
