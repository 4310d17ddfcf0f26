"""Department staff's writes to plans and quarterly reports.

Every function is keyword-only, checks that `by` is staff of the record's department, that the
row satisfies workspace.rules and that the period is still open (no quarter of it submitted or
approved), and writes in one transaction that is also a version in the admin's history.
The period check locks the department's existing submission rows, the same rows
reports.services locks on «Отправить на проверку», so an edit and a submit of the quarter
do not interleave: whichever comes second sees the other's result.

An update is based on the row's version the editor saw (`expected_version`, by default the
version of the object passed in): a row somebody else has saved since is not overwritten
(events.versions). Texts are stored as written: line breaks and non-breaking spaces stay.
"""

from contextlib import contextmanager
from functools import partial

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from cooperation.access import is_department_staff
from cooperation.periods import (
    half_of_quarter,
    half_range,
    half_title,
    previous_half,
    quarter_range,
    quarter_title,
)
from events.models import PlannedEvent, PlannedEventStatus, ReportedEvent, ReportedEventAgreement
from events.versions import claim_version
from workspace import rules
from workspace.selectors import plan_lock, quarter_closed_message


def _require_staff_of(by, department_id):
    if not is_department_staff(by) or by.department_id != department_id:
        raise PermissionDenied(
            "Изменять план и отчёт может только сотрудник департамента, которому они принадлежат."
        )


@contextmanager
def _revision(by, comment):
    """One transaction that is also a version in the admin's history, as reports.services does."""
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(comment)
        yield


def _open_plan(department_id, year, half):
    """The plan's lock, read under the lock; refuses when every quarter's report is in."""
    plan = plan_lock(department_id, year, half, lock=True)
    if plan.whole:
        raise ValidationError(plan.message, code="period_closed")
    return plan


def _require_row_open(plan, event):
    message = plan.row_message(event)
    if message:
        raise ValidationError(message, code="period_closed")


def _require_quarter_open(department_id, year, quarter):
    message = quarter_closed_message(department_id, year, quarter, lock=True)
    if message:
        raise ValidationError(message, code="period_closed")


def _set_timing(event, timing_text, parsed):
    event.set_timing(timing_text, parsed=parsed)
    # set_timing stores the phrase with its spaces collapsed, as imports compare it; the phrase
    # typed here keeps its non-breaking spaces («До 15 сентября» stays on one line).
    event.timing_text = rules.as_written(timing_text)


def _claim(model, row, expected_version, entered):
    expected = row.version if expected_version is None else expected_version
    claim_version(model, row.pk, expected, entered)


def _set_plan_status(planned_id, status):
    # The plan row's status is part of the row: a change of it is a new version (and only a
    # change, so editing a report row does not make an open plan form stale for nothing).
    PlannedEvent.objects.filter(pk=planned_id).exclude(status=status).update(
        status=status, version=F("version") + 1
    )


# --- Plan -----------------------------------------------------------------------------------


def _apply_plan(
    event,
    *,
    plan,
    title,
    timing_text,
    regions=(),
    all_regions=False,
    regions_note="",
    agreement=None,
    venue="",
    content="",
    participants="",
    timing_as_written=False,
):
    regions = [] if all_regions else list(regions)
    title = rules.as_written(title)
    rules.check_title(title)
    rules.check_text_lengths(
        PlannedEvent, title=title, venue=venue, content=content, participants=participants
    )
    rules.check_plan_regions(regions, all_regions, regions_note)
    rules.check_plan_agreement(agreement, regions, all_regions)
    regions_text = rules.plan_regions_text(regions, all_regions, regions_note)
    rules.check_regions_text_fits(
        regions_text, PlannedEvent._meta.get_field("regions_text").max_length
    )
    parsed = rules.parse_plan_timing(timing_text, year=event.year, half=event.half)
    rules.check_timing_recognised(timing_text, parsed, timing_as_written)
    closed = plan.dates_message(parsed.start, parsed.end)
    if closed:
        raise ValidationError({"timing_text": ValidationError(closed, code="period_closed")})
    event.title = title
    _set_timing(event, timing_text, parsed)
    event.all_regions = all_regions
    event.regions_text = regions_text
    event.agreement = agreement
    event.venue, event.content = rules.as_written(venue), rules.as_written(content)
    event.participants = rules.as_written(participants)
    event.save()
    event.regions.set(regions)
    return event


def planned_event_create(*, by, year, half, **fields):
    """Fields: title, timing_text, regions, all_regions, regions_note, agreement, venue, …"""
    half_range(year, half)
    with _revision(by, "Добавлено в план"):
        _require_staff_of(by, by.department_id)
        plan = _open_plan(by.department_id, year, half)
        rules.check_not_a_copy(
            PlannedEvent.objects.in_half(year, half).for_department(by.department_id),
            fields.get("title", ""),
            fields.get("timing_text", ""),
            f"плане на {half_title(year, half)}",
        )
        event = PlannedEvent(year=year, half=half, department_id=by.department_id)
        return _apply_plan(event, plan=plan, **fields)


def planned_event_update(*, by, planned_event, expected_version=None, **fields):
    _require_staff_of(by, planned_event.department_id)
    with _revision(by, "Изменено в плане"):
        plan = _open_plan(planned_event.department_id, planned_event.year, planned_event.half)
        _claim(PlannedEvent, planned_event, expected_version, fields)
        event = PlannedEvent.objects.select_for_update().get(pk=planned_event.pk)
        _require_row_open(plan, event)
        event = _apply_plan(event, plan=plan, **fields)
    planned_event.version = event.version  # the caller's copy is based on the new version now
    return event


def planned_event_delete(*, by, planned_event):
    _require_staff_of(by, planned_event.department_id)
    with _revision(by, "Удалено из плана"):
        plan = _open_plan(planned_event.department_id, planned_event.year, planned_event.half)
        _require_row_open(plan, planned_event)
        if planned_event.reported_events.exists():
            raise ValidationError(
                "О мероприятии уже есть запись в отчёте: сначала удалите её из отчёта.",
                code="has_reports",
            )
        planned_event.delete()


def planned_events_copy_half(*, by, year, half):
    """Copy the previous half-year's rows; their dates become the whole new half-year.

    Rows whose title is already in the target plan are skipped, so a second click adds nothing.
    Returns the number of rows copied.
    """
    period = half_range(year, half)
    source_year, source_half = previous_half(year, half)
    with _revision(by, "Скопировано из плана на предыдущее полугодие"):
        _require_staff_of(by, by.department_id)
        plan = plan_lock(by.department_id, year, half, lock=True)
        if plan.copy_message:
            raise ValidationError(plan.copy_message, code="period_closed")
        target = PlannedEvent.objects.in_half(year, half).for_department(by.department_id)
        existing = set(target.values_list("title", flat=True))
        sources = (
            PlannedEvent.objects.in_half(source_year, source_half)
            .for_department(by.department_id)
            .prefetch_related("regions")
            .order_by("position", "starts_on", "pk")
        )
        copied = 0
        for source in sources:
            if source.title in existing:
                continue
            event = PlannedEvent(
                year=year,
                half=half,
                department_id=by.department_id,
                title=source.title,
                venue=source.venue,
                content=source.content,
                participants=source.participants,
                regions_text=source.regions_text,
                all_regions=source.all_regions,
                agreement_id=source.agreement_id,
                roadmap_item_id=source.roadmap_item_id,
            )
            # The old dates belong to the old half-year; staff set the new ones when known.
            event.set_timing(half_title(year, half), year=year, fallback=period)
            event.save()
            event.regions.set(source.regions.all())
            existing.add(source.title)
            copied += 1
    return copied


# --- Report ---------------------------------------------------------------------------------


def _apply_report(
    event,
    *,
    title,
    timing_text,
    agreements=(),
    regions=(),
    venue="",
    participants="",
    participants_count=None,
    content="",
    held=True,
    note="",
    plan_status=None,
    timing_as_written=False,
):
    """Write the row; a row reporting on a plan row also sets that row's status: held, or
    `plan_status` (cancelled or moved) when it was not held."""
    title = rules.as_written(title)
    note = rules.as_written(note)
    agreements = list(dict.fromkeys(agreements))
    errors = {}
    checks = [
        (rules.check_title, title),
        (rules.check_agreements_given, held, agreements),
        (rules.check_reason_given, held, note),
        (
            partial(
                rules.check_text_lengths,
                ReportedEvent,
                title=title,
                venue=venue,
                participants=participants,
                content=content,
                note=note,
            ),
        ),
        (rules.check_head_count, participants_count),
    ]
    if not held and event.planned_event_id is not None:
        checks.append((partial(rules.check_not_held_status, field="plan_status"), plan_status))
    for check, *args in checks:
        try:
            check(*args)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    parsed = rules.parse_report_timing(timing_text, year=event.year, quarter=event.quarter)
    rules.check_timing_recognised(timing_text, parsed, timing_as_written)
    event.title = title
    _set_timing(event, timing_text, parsed)
    event.venue, event.content = rules.as_written(venue), rules.as_written(content)
    event.participants = rules.as_written(participants)
    event.participants_count = participants_count
    event.held, event.note = held, note
    event.save()
    event.regions.set(regions)
    event.agreement_links.all().delete()
    ReportedEventAgreement.objects.bulk_create(
        ReportedEventAgreement(event=event, agreement=agreement, position=position)
        for position, agreement in enumerate(agreements)
    )
    if event.planned_event_id is not None:
        _set_plan_status(event.planned_event_id, PlannedEventStatus.HELD if held else plan_status)
    return event


def _require_plan_in_quarter(planned_event, department_id, year, quarter):
    if planned_event.department_id != department_id:
        raise PermissionDenied("Мероприятие плана принадлежит другому департаменту.")
    if planned_event.year != year or planned_event.half != half_of_quarter(quarter):
        raise ValidationError(
            f"Мероприятие плана на {half_title(planned_event.year, planned_event.half)} "
            f"не относится к отчёту за {quarter_title(year, quarter)}.",
            code="plan_outside_quarter",
        )


def reported_event_create(*, by, year, quarter, planned_event=None, **fields):
    """Fields: title, timing_text, agreements (in report order), regions, venue, participants, …

    With planned_event, the plan row is marked held, or — held=False — `plan_status`.
    """
    quarter_range(year, quarter)
    with _revision(by, "Добавлено в отчёт"):
        _require_staff_of(by, by.department_id)
        _require_quarter_open(by.department_id, year, quarter)
        rules.check_not_a_copy(
            ReportedEvent.objects.in_quarter(year, quarter).for_department(by.department_id),
            fields.get("title", ""),
            fields.get("timing_text", ""),
            f"отчёте за {quarter_title(year, quarter)}",
        )
        event = ReportedEvent(year=year, quarter=quarter, department_id=by.department_id)
        if planned_event is not None:
            _require_plan_in_quarter(planned_event, by.department_id, year, quarter)
            event.planned_event = planned_event
        return _apply_report(event, **fields)


def reported_event_update(*, by, reported_event, expected_version=None, **fields):
    """Also the way a row «не проведено» is corrected: its reason, dates and the plan row's
    status (cancelled or moved) change here, and it needs no agreement."""
    _require_staff_of(by, reported_event.department_id)
    with _revision(by, "Изменено в отчёте"):
        _require_quarter_open(
            reported_event.department_id, reported_event.year, reported_event.quarter
        )
        _claim(ReportedEvent, reported_event, expected_version, fields)
        event = ReportedEvent.objects.select_for_update().get(pk=reported_event.pk)
        event = _apply_report(event, **fields)
    reported_event.version = event.version
    return event


def reported_event_delete(*, by, reported_event):
    """The plan row it reported on goes back to «запланировано» if nothing else reports it."""
    _require_staff_of(by, reported_event.department_id)
    with _revision(by, "Удалено из отчёта"):
        _require_quarter_open(
            reported_event.department_id, reported_event.year, reported_event.quarter
        )
        planned_id = reported_event.planned_event_id
        reported_event.delete()
        if (
            planned_id is not None
            and not ReportedEvent.objects.filter(planned_event_id=planned_id).exists()
        ):
            _set_plan_status(planned_id, PlannedEventStatus.PLANNED)


def planned_event_mark_not_held(*, by, planned_event, year, quarter, reason, status):
    """Report a plan row as not held: a ReportedEvent with held=False and the reason as its note."""
    rules.check_not_held_status(status)
    rules.check_reason_given(False, reason, field="reason")
    reason = rules.as_written(reason)
    _require_staff_of(by, planned_event.department_id)
    with _revision(by, "Отмечено как не проведённое"):
        _require_quarter_open(planned_event.department_id, year, quarter)
        _require_plan_in_quarter(planned_event, by.department_id, year, quarter)
        planned = PlannedEvent.objects.select_for_update().get(pk=planned_event.pk)
        if planned.reported_events.filter(year=year, quarter=quarter).exists():
            raise ValidationError(
                f"О мероприятии уже есть запись в отчёте за {quarter_title(year, quarter)}.",
                code="already_reported",
            )
        period = quarter_range(year, quarter)
        start, end = max(planned.starts_on, period.start), min(planned.ends_on, period.end)
        if start > end:
            start, end = period.start, period.end
        event = ReportedEvent(
            year=year,
            quarter=quarter,
            department_id=planned.department_id,
            planned_event=planned,
            title=planned.title,
            timing_text=planned.timing_text,
            starts_on=start,
            ends_on=end,
            timing_is_exact=planned.timing_is_exact,
            venue=planned.venue,
            participants=planned.participants,
            held=False,
            note=reason,
        )
        event.save()
        event.regions.set(planned.regions.all())
        if planned.agreement_id:
            ReportedEventAgreement.objects.create(
                event=event, agreement_id=planned.agreement_id, position=0
            )
        planned.status, planned.version = status, planned.version + 1
        planned.save(update_fields=["status", "version", "updated_at"])
    return event
