from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRecord(models.Model):
    """The journal of imported documents: who brought which file in, when, and what it changed.

    `changes` keeps what the import added and the previous values of what it changed (see
    imports.writers.Changes), so that the whole import can be undone while nothing it wrote has
    been changed since."""

    file_name = models.CharField("файл", max_length=255)
    sha256 = models.CharField("контрольная сумма", max_length=64, db_index=True)
    kind = models.CharField("вид документа", max_length=20)
    title = models.TextField("заголовок документа")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="загрузил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    created = models.PositiveIntegerField("добавлено записей", default=0)
    updated = models.PositiveIntegerField("изменено записей", default=0)
    unchanged = models.PositiveIntegerField("без изменений", default=0)
    changes = models.JSONField("что изменено", default=dict, blank=True, editable=False)
    undone_at = models.DateTimeField("загрузка отменена", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="отменил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "импорт документа"
        verbose_name_plural = "импорт документов"
        ordering = ["-at"]

    def __str__(self):
        # Local time, as the admin shows the same moment beside it (UTC was three hours off).
        return f"{self.file_name} — {timezone.localtime(self.at):%d.%m.%Y %H:%M}"


# A worker picks a queued job up within seconds; after this the page says it may be down.
WAITING_LONG = timedelta(minutes=2)


class ImportJobState(models.TextChoices):
    QUEUED = "queued", "в очереди на проверку"
    READING = "reading", "документ читается"
    PREVIEW = "preview", "проверен, ждёт подтверждения"
    CONFIRMED = "confirmed", "подтверждён, в очереди на запись"
    WRITING = "writing", "записывается"
    DONE = "done", "загружен"
    FAILED = "failed", "не загружен"


class ImportJob(models.Model):
    """One upload in the admin on its way through the task worker: checked (the preview), then,
    once confirmed, written. The page of the upload polls it for the state and counters."""

    token = models.CharField("метка", max_length=32, unique=True)
    file_name = models.CharField("файл", max_length=255)
    kind = models.CharField("вид документа", max_length=20, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="загрузил",
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        "состояние", max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    rows_read = models.PositiveIntegerField("строк прочитано", default=0)
    rows_matched = models.PositiveIntegerField("строк сверено", default=0)
    rows_written = models.PositiveIntegerField("строк записано", default=0)
    # The checked document as the preview page shows it (layout, problems, rows).
    preview = models.JSONField("проверка", default=dict, blank=True)
    create = models.JSONField("добавить в справочники", default=list, blank=True)
    error = models.TextField("ошибка", blank=True)
    record = models.ForeignKey(
        ImportRecord,
        verbose_name="импорт",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "загрузка документа"
        verbose_name_plural = "загрузки документов"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def waiting_too_long(self, now=None):
        """Queued for longer than a worker takes to pick a job up: the page says the worker may
        not be running."""
        waiting = (ImportJobState.QUEUED, ImportJobState.CONFIRMED)
        return self.state in waiting and (now or timezone.now()) - self.updated_at > WAITING_LONG

    @property
    def running(self):
        return self.state in (
            ImportJobState.QUEUED,
            ImportJobState.READING,
            ImportJobState.CONFIRMED,
            ImportJobState.WRITING,
        )
