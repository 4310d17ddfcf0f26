import pytest

from devtools.demo import demo_load


@pytest.fixture
def demo(db):
    """The three seed documents loaded as `make run` loads them."""
    return demo_load()


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Production serves hashed files after collectstatic; tests render pages without collecting.
    # Stored documents live in memory, one empty storage per test.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    # Spreadsheets waiting for confirmation go to the test's own directory, not to media/.
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads"},
        },
    }


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Production queues tasks in the database for the worker; a test runs each one when queued.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def reference_data(transactional_db):
    """The reference data that migrations load, again if an earlier live-server test's flush
    left the database without it (the loaders are idempotent)."""
    from django.contrib.auth.models import Group, Permission

    from agreements.models import Agreement
    from agreements.reference import load_agreements
    from cooperation.models import Department, DepartmentName, ForeignPartner, Region, RegionAlias
    from cooperation.reference import (
        load_department_names,
        load_departments,
        load_foreign_partners,
        load_region_aliases,
        load_regions,
    )
    from cooperation.roles import sync_role_groups

    if not Department.objects.exists():
        load_regions(Region)
        load_departments(Department)
        load_department_names(DepartmentName, Department)
        load_region_aliases(RegionAlias, Region)
        load_foreign_partners(ForeignPartner)
        load_agreements(Agreement, Region)
        sync_role_groups(Group, Permission)
