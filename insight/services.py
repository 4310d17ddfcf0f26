"""Writes of the overview: a coordinator's decision on a proposed plan ↔ report match."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cooperation.periods import half_of_quarter, half_title
from events.models import PlannedEvent, ReportedEvent
from insight.access import can_decide_matches
from insight.models import MatchDecision, MatchDecisionKind

RESET = "reset"


def match_decide(*, by, planned_event, reported_event, decision):
    """Confirm or reject that the report row is what became of the plan row; `reset` forgets
    an earlier decision. Staff's own link (ReportedEvent.planned_event) is never overridden."""
    if not can_decide_matches(by):
        raise PermissionDenied("Сопоставлять план и отчёты могут только координаторы.")
    if decision not in (*MatchDecisionKind.values, RESET):
        raise ValidationError("Выберите: подтвердить или отклонить.", code="decision")
    with transaction.atomic():
        planned = PlannedEvent.objects.select_for_update().get(pk=planned_event.pk)
        reported = ReportedEvent.objects.select_for_update().get(pk=reported_event.pk)
        if decision == RESET:
            MatchDecision.objects.filter(planned_event=planned, reported_event=reported).delete()
            return None
        _check_pair(planned, reported)
        if decision == MatchDecisionKind.CONFIRMED:
            other = (
                MatchDecision.objects.filter(
                    reported_event=reported, decision=MatchDecisionKind.CONFIRMED
                )
                .exclude(planned_event=planned)
                .select_related("planned_event")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    f"Мероприятие отчёта уже сопоставлено с мероприятием плана "
                    f"«{other.planned_event.title}».",
                    code="already_confirmed",
                )
        match, _ = MatchDecision.objects.update_or_create(
            planned_event=planned,
            reported_event=reported,
            defaults={"decision": decision, "decided_by": by},
        )
    return match


def _check_pair(planned, reported):
    if reported.planned_event_id is not None:
        raise ValidationError(
            "Департамент уже указал, к какому мероприятию плана относится это мероприятие "
            "отчёта; изменить связь может только он.",
            code="linked_by_staff",
        )
    if reported.department_id != planned.department_id:
        raise ValidationError(
            "Мероприятие плана и мероприятие отчёта — разных департаментов.", code="department"
        )
    if reported.year != planned.year or half_of_quarter(reported.quarter) != planned.half:
        raise ValidationError(
            "Мероприятие отчёта не входит в отчёты за "
            f"{half_title(planned.year, planned.half)}, на которое запланировано мероприятие.",
            code="period",
        )
