"""What /healthz checks: the database answers, and a task worker has beaten recently."""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from ops.models import WorkerHeartbeat


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(worker, *, started_at, now=None):
    """Record that `worker` is alive; beats older than a day (of workers long gone) are removed."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"beat_at": now, "started_at": started_at}
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def check_worker(now=None):
    now = now or timezone.now()
    max_age = timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    try:
        last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        last = last.first()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    if last is None:
        return {"ok": False, "error": "обработчик задач ни разу не подал сигнал"}
    age = (now - last).total_seconds()
    result = {"ok": age <= max_age.total_seconds(), "last_beat_seconds_ago": round(age)}
    if not result["ok"]:
        result["error"] = "обработчик задач давно не подавал сигнал"
    return result


def health(*, worker=True):
    """(healthy, what each check found). Without `worker` only this web node's own needs are
    checked: a load balancer must not take every web node out because the worker is down."""
    checks = {"database": check_database()}
    if worker:
        checks["worker"] = check_worker() if checks["database"]["ok"] else {"ok": False}
    return all(check["ok"] for check in checks.values()), checks
