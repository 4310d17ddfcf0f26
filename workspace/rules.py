"""What a plan or report row must satisfy, each rule with its message named once.

workspace.services enforces every rule on every write; workspace.forms calls the same functions
(or shows the same message for a missing field), so the page and a hand-made POST get one answer.
Each check raises ValidationError keyed by the form field it concerns.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import Truncator

from cooperation import text
from cooperation.periods import (
    PeriodError,
    half_range,
    half_title,
    is_known_wording,
    parse_period,
    quarter_range,
    quarter_title,
)
from cooperation.text import collapse_spaces
from events.models import PARTICIPANTS_COUNT_MAX, PlannedEventStatus

TITLE_REQUIRED = "Укажите наименование мероприятия."
REGIONS_REQUIRED = (
    "Выберите субъекты РФ, отметьте «Все субъекты РФ» или поясните, "
    "когда субъекты будут определены."
)
REGIONS_TOO_LONG = (
    "Перечень субъектов слишком длинный для графы плана: отметьте «Все субъекты РФ» "
    "или впишите краткое пояснение."
)
AGREEMENT_WITHOUT_REGIONS = "Сначала выберите субъекты РФ: соглашение заключается с субъектом."
AGREEMENTS_REQUIRED = "Выберите хотя бы одно соглашение, в рамках которого проведена работа."
REASON_REQUIRED = "Укажите причину, по которой мероприятие не проведено."
NOT_HELD_STATUS_REQUIRED = "Выберите: мероприятие отменено или перенесено."

NOT_HELD_STATUSES = (PlannedEventStatus.CANCELLED, PlannedEventStatus.POSTPONED)
TIMING_AS_WRITTEN = "Оставить как написано, отнести ко всему периоду"
TEXT_TOO_LONG = (
    "Не больше {limit} знаков (сейчас {length}): текст должен поместиться в графу документа. "
    "Сократите его; подробности можно изложить в другой графе."
)
_HEAD_COUNT_MAX_TEXT = f"{PARTICIPANTS_COUNT_MAX:_}".replace("_", " ")
HEAD_COUNT_TOO_BIG = f"Участников не может быть больше {_HEAD_COUNT_MAX_TEXT}: проверьте число."


def _error(field, message, code):
    return ValidationError({field: ValidationError(message, code=code)})


# --- Text -------------------------------------------------------------------------------------

_BLANK_RUN = re.compile(r"[ \t]+")


def as_written(value):
    """Text as staff typed it: line breaks (stored as "\\n") and non-breaking spaces are kept,
    so the documents print «г. Смоленск» unbroken and «август⏎2022 год» on two lines. Only
    typing slop goes: runs of ordinary spaces become one, and blanks at the ends of lines and
    blank lines around the text are dropped."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = (_BLANK_RUN.sub(" ", line).strip(" \t") for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


def check_title(title):
    if not (title or "").strip():
        raise _error("title", TITLE_REQUIRED, "required")


# --- Timing -----------------------------------------------------------------------------------


def _parse_timing(text, *, year, period):
    try:
        return parse_period(text, year=year, fallback=period)
    except PeriodError as error:
        raise _error("timing_text", str(error), "timing") from None


def parse_plan_timing(text, *, year, half):
    """The phrase's date range, which must lie inside the plan's half-year."""
    period = half_range(year, half)
    parsed = _parse_timing(text, year=year, period=period)
    if parsed.start < period.start or parsed.end > period.end:
        raise _error(
            "timing_text",
            f"Сроки {parsed.start:%d.%m.%Y} — {parsed.end:%d.%m.%Y} выходят "
            f"за пределы плана на {half_title(year, half)} "
            f"({period.start:%d.%m.%Y} — {period.end:%d.%m.%Y}). "
            "Мероприятия другого полугодия вносятся в его план.",
            "timing_outside",
        )
    return parsed


def timing_unrecognised_message(text):
    return (
        f"Сроки «{collapse_spaces(text)}» не распознаны: в них нет ни дат, ни привычных слов "
        "вроде «в течение полугодия» или «ежемесячно». Укажите даты или отметьте "
        f"«{TIMING_AS_WRITTEN.lower()}»."
    )


def timing_saved_as_written(event):
    """Whether a saved row's phrase was one the parser does not know (so it was confirmed)."""
    return not event.timing_is_exact and not is_known_wording(event.timing_text)


def check_timing_recognised(text, parsed, as_written):
    """A phrase the parser does not know («бла-бла») goes into the official document only when
    staff confirm it; it then stands for the whole period."""
    if parsed.is_exact or as_written or is_known_wording(text):
        return
    raise _error("timing_text", timing_unrecognised_message(text), "timing_unrecognised")


def parse_report_timing(text, *, year, quarter):
    """The phrase's date range, which must touch the report's quarter."""
    period = quarter_range(year, quarter)
    parsed = _parse_timing(text, year=year, period=period)
    if parsed.end < period.start or parsed.start > period.end:
        raise _error(
            "timing_text",
            f"Сроки {parsed.start:%d.%m.%Y} — {parsed.end:%d.%m.%Y} не "
            f"приходятся на {quarter_title(year, quarter)} "
            f"({period.start:%d.%m.%Y} — {period.end:%d.%m.%Y}). "
            "Мероприятие другого квартала вносится в отчёт за тот квартал.",
            "timing_outside",
        )
    return parsed


# --- Plan row ---------------------------------------------------------------------------------


def check_plan_regions(regions, all_regions, regions_note):
    """A plan row says with whom: chosen regions, «all regions», or why they are not known yet."""
    if not regions and not all_regions and not collapse_spaces(regions_note):
        raise _error("regions", REGIONS_REQUIRED, "regions_required")


def check_plan_agreement(agreement, regions, all_regions):
    """A plan row names an agreement only with a region it covers (any, for «Все субъекты»)."""
    if agreement is None or all_regions:
        return
    region_ids = {region.pk for region in regions}
    if not region_ids:
        raise _error("agreement", AGREEMENT_WITHOUT_REGIONS, "agreement_without_regions")
    if not agreement.regions.filter(pk__in=region_ids).exists():
        raise _error(
            "agreement",
            f"Соглашение «{agreement}» не заключено ни с одним из выбранных субъектов.",
            "agreement_regions",
        )


def plan_regions_text(regions, all_regions, note):
    """The plan's «Субъекты РФ» column; the chosen regions listed in their register order, or
    the note as written (its non-breaking spaces kept)."""
    note = as_written(note)
    if note.strip():
        return note
    return text.plan_regions_text(
        sorted(regions, key=lambda region: region.number), all_regions, note
    )


def check_regions_text_fits(regions_text, max_length):
    if len(regions_text) > max_length:
        raise _error("regions", REGIONS_TOO_LONG, "regions_too_long")


# --- Report row -------------------------------------------------------------------------------


def check_reason_given(held, reason, *, field="note"):
    """A row that was not held says why: the reason goes to the report's «Примечание»."""
    if not held and not (reason or "").strip():
        raise _error(field, REASON_REQUIRED, "required")


def check_agreements_given(held, agreements):
    """A row that was held names the agreements it was held under; a row not held needs none
    (a cancelled plan row may never have had one)."""
    if held and not agreements:
        raise _error("agreements", AGREEMENTS_REQUIRED, "required")


def check_not_held_status(status, *, field="status"):
    """A plan row that was not held was either cancelled or moved to another time."""
    if status not in NOT_HELD_STATUSES:
        raise _error(field, NOT_HELD_STATUS_REQUIRED, "status")


# --- Duplicates ---------------------------------------------------------------------------------


def check_not_a_copy(existing_rows, title, timing_text, where):
    """A new row is not one the period already has word for word (title and dates as written):
    the second save of a form that was saved already, as a rule."""
    title, timing_text = as_written(title), as_written(timing_text)
    if existing_rows.filter(title=title, timing_text=timing_text).exists():
        raise ValidationError(
            f"В {where} уже есть мероприятие «{Truncator(title).chars(120)}» с теми же сроками "
            f"({timing_text}): такое же второй раз не добавлено. Если это другое мероприятие, "
            "уточните название или сроки.",
            code="duplicate",
        )


# --- Limits -----------------------------------------------------------------------------------


def check_text_lengths(model, **texts):
    """Each text fits its column of the document: the model field's max_length."""
    errors = {}
    for name, value in texts.items():
        limit = model._meta.get_field(name).max_length
        if value and len(value) > limit:
            message = TEXT_TOO_LONG.format(limit=limit, length=len(value))
            errors[name] = ValidationError(message, code="max_length")
    if errors:
        raise ValidationError(errors)


def check_head_count(count):
    if count is not None and count > PARTICIPANTS_COUNT_MAX:
        raise _error("participants_count", HEAD_COUNT_TOO_BIG, "max_value")
