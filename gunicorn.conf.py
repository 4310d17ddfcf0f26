"""gunicorn settings; gunicorn reads ./gunicorn.conf.py by itself (the Dockerfile, docker
compose and `make loadtest` start it from the project directory).

Threads, not more processes: once documents are built once and kept in storage (reports.cache)
and large ones are built by the task worker, a web request mostly waits — on PostgreSQL, or on
the disk while a stored file streams out (sendfile) — and a thread waiting gives the processor
to the others. Measured with `make loadtest` (README, «Нагрузка»): 3 sync workers let 35
officials downloading occupy every worker while staff pages queued behind them; 3 processes ×
8 threads serve the same load with pages at a fraction of a second. One process per core plus
one keeps both cores busy while one process is in the GIL; more processes only add memory.
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
