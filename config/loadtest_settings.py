"""Production settings for `make loadtest` (devtools/loadtest), plus the task queue in the
database while config/settings.py does not configure one yet (the document import's issue
brings it): large documents are then built by `manage.py db_worker`, as in production, not
inside a web request. Once settings.py has the queue, this module adds nothing."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

if "django_tasks_db" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
