"""gunicorn settings; gunicorn reads ./gunicorn.conf.py by itself (the Dockerfile, docker
compose and `make loadtest` start it from the project directory).

Threads, not more processes: once documents are built once and kept in storage (reports.cache)
and large ones are built by the task worker, a web request mostly waits — on PostgreSQL, or on
the disk while a stored file streams out (sendfile) — and a waiting thread leaves the processor
to the others. A sync process is held whole by each request, so pages queue behind downloads:
in `make loadtest` scenario a (README, «Нагрузка») 3 sync processes gave pages p95 2.5 s and
status polls p95 1.5 s, 3 processes × 8 threads 1.5 s and 0.5 s on the same busy machine.
One process per core plus one keeps both cores busy while a process holds the GIL; more
processes only add memory and database connections (each thread keeps one: 24 here).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", 8))
# A request that builds a small document in place takes a couple of seconds at most; large
# documents are built by the task worker, so no request needs longer than this.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Processes are renewed now and then, so memory that a long life collects is given back.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"

# Workers' heartbeat files in memory: a slow disk in a container must not look like a hang.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Access and error logs: JSON lines on stdout, like the application's own (ops.logs); the access
# log's fields come from gunicorn's request atoms, so a path with quotes cannot break a line.
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "access": {"()": "ops.logs.AccessJsonFormatter"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "access",
        },
    },
    "root": {"handlers": ["error"], "level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
