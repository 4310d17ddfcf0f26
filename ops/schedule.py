"""Daily jobs of the task worker. Every worker node runs the same schedule; the row lock on
ScheduledRun lets exactly one of them run a job on a given day."""

import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ops.models import ScheduledRun

logger = logging.getLogger("ops.worker")


def daily_jobs():
    """job name → (local time it is due, what runs it)."""
    return {"send_reminders": (settings.REMINDERS_AT, lambda: call_command("send_reminders"))}


def _claim(job, today):
    """(True, the day it last ran) if this worker takes today's run; (False, None) if taken."""
    with transaction.atomic():
        ScheduledRun.objects.get_or_create(job=job)
        run = ScheduledRun.objects.select_for_update().get(job=job)
        if run.last_run_on is not None and run.last_run_on >= today:
            return False, None
        previous, run.last_run_on = run.last_run_on, today
        run.save(update_fields=["last_run_on"])
    return True, previous


def _release(job, previous):
    ScheduledRun.objects.filter(job=job).update(last_run_on=previous)


def run_due_jobs(now=None, jobs=None):
    """Run each job whose time has come today and that no worker has run today. A job that
    fails is released, to be tried again at a later tick (each of them is safe to repeat)."""
    local = timezone.localtime(now or timezone.now())
    done = []
    for job, (due, run) in (jobs or daily_jobs()).items():
        if local.time() < due:
            continue
        claimed, previous = _claim(job, local.date())
        if not claimed:
            continue
        try:
            run()
        except Exception:
            logger.exception("Ежедневная задача %s не выполнена; будет повторена", job)
            _release(job, previous)
            continue
        done.append(job)
    return done
