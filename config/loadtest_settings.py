"""Production settings for `make loadtest` (devtools/loadtest). config/settings.py queues tasks
in the database (django-tasks-db), so large documents are built by the worker, as in
production, not inside a web request; this module adds nothing to it."""

from config.settings import *  # noqa: F403
