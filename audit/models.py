from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.actions import Action


class AuditEntryQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related("user", "department")


class AuditEntry(models.Model):
    """One thing that happened. Written by audit.record, read in the admin, never changed."""

    at = models.DateTimeField("когда", default=timezone.now, db_index=True)
    action = models.CharField("действие", max_length=20, choices=Action.choices, db_index=True)
    # The user and department stay readable if the account is removed: the name is kept too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("логин", max_length=150, blank=True, db_index=True)
    department = models.ForeignKey(
        "cooperation.Department",
        verbose_name="департамент",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    object_type = models.CharField("вид записи", max_length=100, blank=True)
    object_id = models.CharField("номер записи", max_length=64, blank=True)
    object_repr = models.CharField("запись", max_length=200, blank=True)
    path = models.CharField("адрес страницы", max_length=500, blank=True)
    details = models.TextField("подробности", blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "запись журнала аудита"
        verbose_name_plural = "журнал аудита"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        who = self.username or "аноним"
        return f"{self.at:%d.%m.%Y %H:%M:%S} {who}: {self.get_action_display()}"

    @property
    def object_type_label(self):
        if not self.object_type:
            return ""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except LookupError:
            return self.object_type
