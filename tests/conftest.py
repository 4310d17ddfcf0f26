import pytest

from devtools.demo import demo_load


@pytest.fixture
def demo(db):
    """The three seed documents loaded as `make run` loads them."""
    return demo_load()


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Production serves hashed files after collectstatic; tests render pages without collecting.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
