from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRecord(models.Model):
    """The journal of imported documents: who brought which file in, when, and what it changed."""

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

    class Meta:
        verbose_name = "импорт документа"
        verbose_name_plural = "импорт документов"
        ordering = ["-at"]

    def __str__(self):
        # Local time, as the admin shows the same moment beside it (UTC was three hours off).
        return f"{self.file_name} — {timezone.localtime(self.at):%d.%m.%Y %H:%M}"
