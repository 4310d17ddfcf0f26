import logging
import signal
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from ops.health import beat, worker_name
from ops.schedule import run_due_jobs

logger = logging.getLogger("ops.worker")


class Command(BaseCommand):
    help = (
        "Обработчик задач: каждые WORKER_HEARTBEAT_SECONDS секунд сообщает /healthz, что жив, "
        "и раз в день в REMINDERS_AT рассылает напоминания об отчётах (send_reminders); если "
        "установлен django-tasks-db, выполняет и фоновые задачи (db_worker). Узлов может быть "
        "несколько: ежедневную задачу выполняет один из них."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="подать сигнал и выполнить назревшие ежедневные задачи один раз, затем выйти",
        )

    def handle(self, *args, **options):
        self.worker = worker_name()
        self.started_at = timezone.now()
        if options["once"]:
            self.tick()
            return
        stop = threading.Event()
        if apps.is_installed("django_tasks_db"):
            # db_worker owns the main thread and its signals; the beat runs beside it.
            threading.Thread(target=self.loop, args=(stop,), daemon=True).start()
            try:
                call_command("db_worker", queue_name="*", reload=False)
            finally:
                stop.set()
            return
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        logger.info("Обработчик задач %s запущен", self.worker)
        self.loop(stop)
        logger.info("Обработчик задач %s остановлен", self.worker)

    def loop(self, stop):
        try:
            while not stop.is_set():
                started = time.monotonic()
                close_old_connections()
                self.tick()
                stop.wait(
                    max(0.0, settings.WORKER_HEARTBEAT_SECONDS - (time.monotonic() - started))
                )
        finally:
            connection.close()

    def tick(self):
        try:
            beat(self.worker, started_at=self.started_at)
            for job in run_due_jobs():
                logger.info("Ежедневная задача %s выполнена", job)
        except DatabaseError:
            # The database may be restarting; /healthz reports it, the next tick tries again.
            logger.exception("Обработчик задач %s не достучался до базы данных", self.worker)
