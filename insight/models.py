"""A coordinator's decision on a proposed match between a plan row and a report row."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from events.models import PlannedEvent, ReportedEvent


class MatchDecisionKind(models.TextChoices):
    CONFIRMED = "confirmed", "подтверждено"
    REJECTED = "rejected", "отклонено"


class MatchDecision(models.Model):
    """Staff link a report row to its plan row themselves; this records what a coordinator
    decided about a link the portal proposed when they did not."""

    planned_event = models.ForeignKey(
        PlannedEvent,
        verbose_name="мероприятие плана",
        on_delete=models.CASCADE,
        related_name="match_decisions",
    )
    reported_event = models.ForeignKey(
        ReportedEvent,
        verbose_name="мероприятие отчёта",
        on_delete=models.CASCADE,
        related_name="match_decisions",
    )
    decision = models.CharField("решение", max_length=10, choices=MatchDecisionKind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто решил",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("когда", auto_now=True)

    class Meta:
        verbose_name = "решение о соответствии плана и отчёта"
        verbose_name_plural = "решения о соответствии плана и отчёта"
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["planned_event", "reported_event"], name="match_decision_once_per_pair"
            ),
            models.UniqueConstraint(
                fields=["reported_event"],
                condition=Q(decision="confirmed"),
                name="match_confirmed_once_per_report_row",
                violation_error_message="Мероприятие отчёта уже сопоставлено с другим "
                "мероприятием плана.",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.planned_event_id} ↔ {self.reported_event_id}"
