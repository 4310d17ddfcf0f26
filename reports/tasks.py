"""Work for the task worker (django.tasks; `manage.py db_worker` with django-tasks-db)."""

from django.tasks import task

from reports.cache import run_build


@task
def build_document(build_id):
    """A large document of approved data, built and stored (reports.cache.order_build)."""
    run_build(build_id)
