from django.db import models


class WorkerHeartbeat(models.Model):
    """A worker process says it is alive every few seconds; /healthz reads the latest beat."""

    worker = models.CharField("процесс", max_length=200, unique=True, help_text="узел:pid")
    started_at = models.DateTimeField("запущен")
    beat_at = models.DateTimeField("последний сигнал", db_index=True)

    class Meta:
        verbose_name = "сигнал обработчика задач"
        verbose_name_plural = "сигналы обработчиков задач"
        ordering = ["-beat_at"]

    def __str__(self):
        return f"{self.worker} — {self.beat_at:%d.%m.%Y %H:%M:%S}"


class ScheduledRun(models.Model):
    """The day a daily job last ran: with several workers, the one that locks the row runs it."""

    job = models.CharField("задача", max_length=100, unique=True)
    last_run_on = models.DateField("последний запуск", null=True, blank=True)

    class Meta:
        verbose_name = "ежедневная задача"
        verbose_name_plural = "ежедневные задачи"

    def __str__(self):
        return self.job
