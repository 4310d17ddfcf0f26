"""/healthz: the database and the task worker's heartbeat; the worker's beat and daily jobs."""

import json
import logging
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from ops import health
from ops.models import ScheduledRun, WorkerHeartbeat
from ops.schedule import run_due_jobs

pytestmark = pytest.mark.django_db

URL = reverse("healthz")


def _beat(seconds_ago):
    health.beat(
        "web-1:42", started_at=timezone.now(), now=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_healthy_when_the_database_answers_and_the_worker_beat_recently(client):
    _beat(5)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_unhealthy_when_no_worker_ever_beat(client):
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "error": "обработчик задач ни разу не подал сигнал",
    }


def test_unhealthy_when_the_last_beat_is_too_old(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 120
    _beat(121)
    worker = client.get(URL).json()["checks"]["worker"]
    assert worker["ok"] is False and worker["last_beat_seconds_ago"] >= 121


def test_unhealthy_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = client.get(URL)
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {
        "database": {"ok": False, "error": "OperationalError"},
        "worker": {"ok": False},
    }


def test_the_health_check_needs_no_login_and_says_nothing_about_the_data(client):
    _beat(1)
    body = client.get(URL).content.decode()
    assert set(json.loads(body)) == {"status", "checks"}


def test_a_beat_updates_the_workers_row_and_forgets_workers_gone_for_a_day():
    now = timezone.now()
    health.beat("old:1", started_at=now, now=now - timedelta(days=2))
    health.beat("web-1:42", started_at=now, now=now - timedelta(seconds=30))
    health.beat("web-1:42", started_at=now, now=now)
    assert list(WorkerHeartbeat.objects.values_list("worker", "beat_at")) == [("web-1:42", now)]


# --- The worker's daily jobs -----------------------------------------------------------------


def _moscow(hour, minute=0, day=3):
    return timezone.make_aware(datetime(2025, 10, day, hour, minute))


def test_a_daily_job_runs_once_a_day_after_its_time(settings):
    runs = []
    jobs = {"job": (settings.REMINDERS_AT, lambda: runs.append(1))}
    assert run_due_jobs(_moscow(8, 59), jobs) == []
    assert run_due_jobs(_moscow(9, 0), jobs) == ["job"]
    assert run_due_jobs(_moscow(18, 0), jobs) == []  # another worker node, the same day
    assert run_due_jobs(_moscow(9, 30, day=4), jobs) == ["job"]
    assert len(runs) == 2


def test_a_failed_daily_job_is_tried_again_at_the_next_tick(settings, caplog):
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionRefusedError("SMTP")

    jobs = {"job": (settings.REMINDERS_AT, flaky)}
    with caplog.at_level(logging.ERROR, logger="ops.worker"):
        assert run_due_jobs(_moscow(9), jobs) == []
    assert "не выполнена" in caplog.text
    assert ScheduledRun.objects.get(job="job").last_run_on is None
    assert run_due_jobs(_moscow(9, 1), jobs) == ["job"]
    assert len(attempts) == 2


def test_the_worker_beats_and_sends_the_reminders_due(settings, monkeypatch, client):
    from tests.factories import StaffFactory

    StaffFactory(email="staff@example.org")
    settings.REMINDERS_AT = (timezone.localtime() - timedelta(minutes=1)).time()
    if timezone.localtime().time() < settings.REMINDERS_AT:  # just after midnight
        settings.REMINDERS_AT = timezone.localtime().time().replace(second=0, microsecond=0)
    monkeypatch.setattr("reports.deadlines.today", lambda: datetime(2025, 10, 3).date())
    call_command("run_worker", once=True)
    assert client.get(URL).status_code == 200
    assert ScheduledRun.objects.get(job="send_reminders").last_run_on == timezone.localdate()
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]


def test_the_web_scope_checks_the_database_only(client):
    response = client.get(URL, {"scope": "web"})
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": {"ok": True}}
