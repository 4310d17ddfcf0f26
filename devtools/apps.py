from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, synthetic data and the bench: tools for developers, on top of every app."""

    name = "devtools"
    verbose_name = "Инструменты разработчика"
