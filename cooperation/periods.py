"""Period phrases of Smolensk Oblast government documents turned into date ranges and back.

Plans and reports give the timing of an event as free Russian text: «август 2022 года»,
«III-IV квартал 2022 года», «5–6 сентября», «В течение всего периода». The portal stores a
date range next to the text, so the phrase is parsed once on import, and ranges built by the
portal itself are written back in the same canonical wording (format_period), which parses
to exactly the same range.

Pure Python on purpose: importers, models and reports share it, and it is tested without Django.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date

__all__ = [
    "HALF_CHOICES",
    "HALF_LABELS",
    "HALVES",
    "QUARTERS",
    "QUARTER_CHOICES",
    "QUARTER_LABELS",
    "REPORT_YEAR_MAX",
    "REPORT_YEAR_MIN",
    "DateRange",
    "ParsedPeriod",
    "PeriodError",
    "format_period",
    "is_known_wording",
    "half_of",
    "half_range",
    "half_of_quarter",
    "half_title",
    "check_report_year",
    "is_report_year",
    "last_finished_quarter",
    "next_half",
    "next_quarter",
    "previous_half",
    "previous_quarter",
    "quarters_of_half",
    "report_due_date",
    "parse_period",
    "quarter_of",
    "quarter_range",
    "quarter_title",
    "roman",
    "year_range",
]


class PeriodError(ValueError):
    """A period that cannot be understood or does not exist; the message is for people."""


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date

    def __post_init__(self):
        if self.start > self.end:
            raise PeriodError(
                f"Начало периода ({_dotted(self.start)}) позже его окончания ({_dotted(self.end)})"
            )


@dataclass(frozen=True)
class ParsedPeriod:
    text: str
    start: date
    end: date
    is_exact: bool

    def __post_init__(self):
        # Same guarantee as DateRange: no caller ever sees a reversed range.
        DateRange(self.start, self.end)


# --- Calendar units -------------------------------------------------------------------------

MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

_ROMAN_DIGITS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Roman numeral, as quarters and halves are numbered in Russian documents."""
    if not 1 <= n <= 3999:
        raise PeriodError(f"Римскими цифрами записываются числа от 1 до 3999, а не {n}")
    digits = []
    for value, letters in _ROMAN_DIGITS:
        count, n = divmod(n, value)
        digits.append(letters * count)
    return "".join(digits)


def _check_year(year: int) -> None:
    if not MINYEAR <= year <= MAXYEAR:
        raise PeriodError(f"Год {year} вне допустимого диапазона ({MINYEAR}–{MAXYEAR})")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def half_of(d: date) -> int:
    return 1 if d.month <= 6 else 2


def year_range(year: int) -> DateRange:
    _check_year(year)
    return DateRange(date(year, 1, 1), date(year, 12, 31))


def quarter_range(year: int, quarter: int) -> DateRange:
    if quarter not in (1, 2, 3, 4):
        raise PeriodError(f"Квартал должен быть от 1 до 4, а не {quarter}")
    _check_year(year)
    first = 3 * quarter - 2
    return DateRange(date(year, first, 1), _month_end(year, first + 2))


def half_range(year: int, half: int) -> DateRange:
    if half not in (1, 2):
        raise PeriodError(f"Полугодие должно быть первым или вторым, а не {half}")
    _check_year(year)
    first = 6 * half - 5
    return DateRange(date(year, first, 1), _month_end(year, first + 5))


def quarter_title(year: int, quarter: int) -> str:
    quarter_range(year, quarter)  # the same validation and message as for the range
    return f"{roman(quarter)} квартал {year} года"


def half_title(year: int, half: int) -> str:
    half_range(year, half)
    return f"{roman(half)} полугодие {year} года"


# --- Reporting periods of the portal ----------------------------------------------------------

# Years a plan, report or document of the portal may be about: one bound for forms, URLs,
# builders and imports alike.
REPORT_YEAR_MIN = 2000
REPORT_YEAR_MAX = 2100
QUARTERS = (1, 2, 3, 4)
HALVES = (1, 2)
# Model and form choices: the short Roman numerals (as in column captions) and the long labels.
QUARTER_CHOICES = [(q, roman(q)) for q in QUARTERS]
HALF_CHOICES = [(h, roman(h)) for h in HALVES]
QUARTER_LABELS = [(q, f"{roman(q)} квартал") for q in QUARTERS]
HALF_LABELS = [(h, f"{roman(h)} полугодие") for h in HALVES]


def is_report_year(year) -> bool:
    return isinstance(year, int) and REPORT_YEAR_MIN <= year <= REPORT_YEAR_MAX


def check_report_year(year) -> None:
    if not is_report_year(year):
        raise PeriodError(f"Укажите год от {REPORT_YEAR_MIN} до {REPORT_YEAR_MAX}.")


def quarters_of_half(half: int) -> tuple[int, int]:
    if half not in HALVES:
        raise PeriodError(f"Полугодие должно быть первым или вторым, а не {half}")
    return (2 * half - 1, 2 * half)


def half_of_quarter(quarter: int) -> int:
    return 1 if quarter <= 2 else 2


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_half(year: int, half: int) -> tuple[int, int]:
    return (year - 1, 2) if half == 1 else (year, 1)


def next_half(year: int, half: int) -> tuple[int, int]:
    return (year + 1, 1) if half == 2 else (year, 2)


def last_finished_quarter(day: date) -> tuple[int, int]:
    """The quarter whose report is being collected on `day`: the one before day's quarter."""
    return previous_quarter(day.year, quarter_of(day))


def report_due_date(year: int, quarter: int, due_day: int) -> date:
    """The due_day-th of the month after the quarter (IV quarter: January of the next year)."""
    end = quarter_range(year, quarter).end
    return date(year + 1, 1, due_day) if end.month == 12 else date(year, end.month + 1, due_day)


# --- Formatting -----------------------------------------------------------------------------


def _dotted(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def _day_month(d: date) -> str:
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]}"


def format_period(start: date, end: date) -> str:
    """The shortest canonical Russian wording of the range; parse_period reads it back exactly."""
    DateRange(start, end)
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if whole_months and start.month == 1 and end.month == 12:
        if start.year == end.year:
            return f"{start.year} год"
        return f"{start.year}-{end.year} годы"
    if start.year != end.year:
        if whole_months:
            return (
                f"{MONTHS_NOMINATIVE[start.month - 1]} {start.year} года – "
                f"{MONTHS_NOMINATIVE[end.month - 1]} {end.year} года"
            )
        return f"{_day_month(start)} {start.year} года – {_day_month(end)} {end.year} года"

    year = start.year
    if whole_months:
        if (start.month, end.month) in ((1, 6), (7, 12)):
            return half_title(year, half_of(start))
        if start.month % 3 == 1 and end.month % 3 == 0:
            first, last = quarter_of(start), quarter_of(end)
            if first == last:
                return quarter_title(year, first)
            return f"{roman(first)}-{roman(last)} квартал {year} года"
        months = MONTHS_NOMINATIVE[start.month - 1]
        if end.month != start.month:
            months += f"-{MONTHS_NOMINATIVE[end.month - 1]}"
        return f"{months} {year} года"
    if start == end:
        return f"{_day_month(start)} {year} года"
    if start.month == end.month:
        return f"{start.day}-{end.day} {MONTHS_GENITIVE[start.month - 1]} {year} года"
    return f"{_day_month(start)} – {_day_month(end)} {year} года"


# --- Parsing: words ---------------------------------------------------------------------------


def _month_words() -> dict[str, int]:
    words = {}
    soft_stems = {
        "январ": 1,
        "феврал": 2,
        "апрел": 4,
        "июн": 6,
        "июл": 7,
        "сентябр": 9,
        "октябр": 10,
        "ноябр": 11,
        "декабр": 12,
    }
    # Every case form, because documents say «в январе», «январём», «января», not just «январь».
    for stem, month in soft_stems.items():
        for ending in ("ь", "я", "е", "ю", "ем"):
            words[stem + ending] = month
    for stem, month in (("март", 3), ("август", 8)):
        for ending in ("", "а", "е", "у", "ом"):
            words[stem + ending] = month
    for word in ("май", "мая", "мае", "маю", "маем"):
        words[word] = 5
    # Abbreviations are common in table cells: «сент. 2022 г.».
    abbreviations = {
        "янв": 1,
        "фев": 2,
        "февр": 2,
        "мар": 3,
        "апр": 4,
        "июн": 6,
        "июл": 7,
        "авг": 8,
        "сен": 9,
        "сент": 9,
        "окт": 10,
        "ноя": 11,
        "нояб": 11,
        "дек": 12,
    }
    words.update(abbreviations)
    return words


def _ordinal_words() -> dict[str, int]:
    endings = {
        "перв": (1, ("ый", "ого", "ом", "ое", "ая", "ую", "ой")),
        "втор": (2, ("ой", "ого", "ом", "ое", "ая", "ую")),
        "трет": (3, ("ий", "ьего", "ьем", "ье", "ья", "ью", "ьей")),
        "четверт": (4, ("ый", "ого", "ом", "ое", "ая", "ую", "ой")),
    }
    return {stem + ending: n for stem, (n, forms) in endings.items() for ending in forms}


_MONTH_WORDS = _month_words()
_ORDINAL_WORDS = _ordinal_words()
_QUARTER_WORD = re.compile(r"кв|квартал[а-я]*")
_HALF_WORD = re.compile(r"полуг|полугод[а-я]*")
_MONTH_COUNT_WORD = re.compile(r"мес|месяц[а-я]*")
# Words that carry no information once the numbers and units are found.
_FILLER_WORDS = frozenset(
    {
        "с",
        "со",
        "в",
        "во",
        "на",
        "за",
        "период",
        "периода",
        "периоде",
        "течение",
        "течении",
        "весь",
        "всего",
        "включительно",
        "г",
        "гг",
        "год",
        "года",
        "году",
        "годы",
        "годов",
        "годах",
        "годом",
    }
)
# «с 21 по 23 сентября», «с 1 до 5 июня»: the second preposition is the range separator.
_SEPARATOR_WORDS = frozenset({"по", "до"})
# Documents typed on mixed keyboards carry Latin look-alikes inside Russian words («cентября»).
_LATIN_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
# Quarters are numbered with Latin I/V/X, sometimes typed as Cyrillic Х or Belarusian І.
_ROMAN_LOOKALIKES = str.maketrans("хі", "xi")


def _roman_value(word: str) -> int | None:
    word = word.translate(_ROMAN_LOOKALIKES)
    if not re.fullmatch(r"[ivx]+", word):
        return None
    total = 0
    rest = word.upper()
    for value, letters in _ROMAN_DIGITS:
        while rest.startswith(letters):
            total += value
            rest = rest[len(letters) :]
    # Only canonical numerals: «IIII» or «VX» are typos, not quarters.
    if rest or total == 0 or roman(total) != word.upper():
        return None
    return total


# --- Parsing: tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str
    value: object = None


_NUMERAL_KINDS = ("num", "roman", "ordinal")

_TOKEN = re.compile(
    r"(?P<date>(?<!\d)\d{1,2}\.\d{1,2}(?:\.(?:\d{4}|\d{2}))?(?!\d))"
    r"|(?P<num>\d+)"
    r"|(?P<word>[a-zа-яі]+)"
    r"|(?P<dash>-)"
)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# «1-й квартал», «2-е полугодие», «в 1-м квартале»: the suffix is not a range separator.
_ORDINAL_SUFFIX = re.compile(r"(\d)\s*-\s*(?:ы?й|ий|о?й|о?го|о?м|о?е|ая|ую|х)(?![а-я])")
_PARENTHESES = re.compile(r"\([^()]*\)")
_RECURRING = re.compile(
    r"\bеже(?:годн|месячн|квартальн|недельн|дневн)"
    r"|\bкажд(?:ый|ого|ом|ую|ая|ое|ой)\b"
    r"|\bраза?\s+в\b"
)
# A deadline («до 15 сентября») says when work must be done by, not when it happens.
_DEADLINE = re.compile(r"^(?:в\s+)?(?:срок\s+)?(?:до|по|к|не\s+позднее|не\s+позже)\b")


def _normalise(text: str) -> str:
    text = text.translate(_INVISIBLE).casefold().replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip()


def _tokens(text: str) -> list[_Token]:
    text = _PARENTHESES.sub(" ", text)
    text = _ISO_DATE.sub(r"\3.\2.\1", text)
    text = text.translate(_DASHES)
    text = _ORDINAL_SUFFIX.sub(r"\1 ", text)
    tokens = []
    # Characters outside the pattern (punctuation, quotes) are skipped: they never change dates.
    for match in _TOKEN.finditer(text):
        kind, raw = match.lastgroup, match.group()
        if kind == "date":
            tokens.append(_Token("date", _date_parts(raw)))
        elif kind == "num":
            tokens.append(_Token("year" if len(raw) == 4 else "num", int(raw)))
        elif kind == "dash":
            tokens.append(_Token("dash"))
        else:
            token = _word_token(raw)
            if token is not None:
                tokens.append(token)
    return tokens


def _date_parts(raw: str) -> tuple[int, int, int | None]:
    day, month, *year = (int(part) for part in raw.split("."))
    if not year:
        return day, month, None
    # «12.01.22»: two-digit years in these documents are always this century.
    return day, month, year[0] + 2000 if year[0] < 100 else year[0]


def _word_token(word: str) -> _Token | None:
    roman_value = _roman_value(word)
    if roman_value is not None:
        return _Token("roman", roman_value)
    word = word.translate(_LATIN_LOOKALIKES)
    if word in _FILLER_WORDS:
        return None
    if word in _SEPARATOR_WORDS:
        return _Token("dash")
    if word in _MONTH_WORDS:
        return _Token("month", _MONTH_WORDS[word])
    if word in _ORDINAL_WORDS:
        return _Token("ordinal", _ORDINAL_WORDS[word])
    if _QUARTER_WORD.fullmatch(word):
        return _Token("quarter")
    if _HALF_WORD.fullmatch(word):
        return _Token("half")
    if _MONTH_COUNT_WORD.fullmatch(word):
        return _Token("months")
    return _Token("word", word)


def _names_dates(tokens: list[_Token]) -> bool:
    """Whether the phrase mentions a calendar date at all, as opposed to «раз в квартал»."""
    previous = None
    for token in tokens:
        if token.kind in ("date", "year", "month"):
            return True
        if token.kind in ("quarter", "half") and previous in _NUMERAL_KINDS:
            return True
        previous = token.kind
    return False


# --- Parsing: grammar -----------------------------------------------------------------------


class _Unparsed(Exception):
    """Raised inside the parser; parse_period turns it into a PeriodError naming the phrase."""

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason


class _NoYear(Exception):
    pass


@dataclass(frozen=True)
class _Bound:
    """One side of a range as written: a day, month, quarter, half, year or a bare numeral."""

    unit: str
    number: int | None = None
    month: int | None = None
    year: int | None = None
    numeral: str | None = None


def _bound(tokens: list[_Token]) -> _Bound:
    year = None
    if len(tokens) > 1 and tokens[-1].kind == "year":
        year = tokens[-1].value
        tokens = tokens[:-1]
    match tokens:
        case [_Token("date", (day, month, date_year))] if year is None or date_year is None:
            return _Bound("day", day, month, date_year if year is None else year)
        case [_Token("num", day), _Token("month", month)]:
            return _Bound("day", day, month, year)
        case [_Token("month", month)]:
            return _Bound("month", month=month, year=year)
        case [_Token("num" | "roman" | "ordinal", number), _Token("quarter")]:
            return _Bound("quarter", number, year=year)
        case [_Token("num" | "roman" | "ordinal", number), _Token("half")]:
            return _Bound("half", number, year=year)
        # «9 месяцев 2022 года» is a reporting period only with its year; without one it is a
        # duration («в течение 3 месяцев») and stays unrecognised.
        case [_Token("num", count), _Token("months")] if year is not None:
            return _Bound("months", count, year=year)
        case [_Token("year", only_year)]:
            return _Bound("year", year=only_year)
        case [_Token("num" | "roman" | "ordinal" as kind, number)]:
            return _Bound("bare", number, numeral=kind)
    raise _Unparsed()


def _complete_left(left: _Bound, right: _Bound) -> _Bound:
    """«11-17 июля», «III-IV квартал»: a bare left numeral takes the unit of the right side."""
    if right.unit == "day" and left.numeral == "num":
        return _Bound("day", left.number, right.month)
    if right.unit in ("quarter", "half"):
        return _Bound(right.unit, left.number)
    raise _Unparsed()


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unparsed(f"даты {day:02d}.{month:02d}.{year} не существует") from None


def _bound_range(bound: _Bound, year: int) -> DateRange:
    if not MINYEAR <= year <= MAXYEAR:
        raise _Unparsed(f"год {year} вне допустимого диапазона")
    match bound.unit:
        case "day":
            day = _make_date(year, bound.month, bound.number)
            return DateRange(day, day)
        case "month":
            return DateRange(date(year, bound.month, 1), _month_end(year, bound.month))
        case "quarter":
            if bound.number not in (1, 2, 3, 4):
                raise _Unparsed("в году четыре квартала")
            return quarter_range(year, bound.number)
        case "half":
            if bound.number not in (1, 2):
                raise _Unparsed("в году два полугодия")
            return half_range(year, bound.number)
        case "months":
            if not 1 <= bound.number <= 12:
                raise _Unparsed("в году двенадцать месяцев")
            return DateRange(date(year, 1, 1), _month_end(year, bound.number))
        case _:
            return year_range(year)


def _split(tokens: list[_Token]) -> list[list[_Token]]:
    sides: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == "dash":
            sides.append([])
        else:
            sides[-1].append(token)
    if len(sides) > 2 or not all(sides):
        raise _Unparsed()
    return sides


def _exact_range(tokens: list[_Token], document_year: int | None) -> DateRange:
    if any(token.kind == "word" for token in tokens):
        raise _Unparsed()
    bounds = [_bound(side) for side in _split(tokens)]
    left, right = bounds[0], bounds[-1]
    if right.unit == "bare":
        raise _Unparsed()
    if left.unit == "bare":
        left = _complete_left(left, right)
    # The phrase's own year beats the document's: «1 октября 2021 – 30 ноября» is all in 2021.
    right_year = next((y for y in (right.year, left.year, document_year) if y is not None), None)
    left_year = left.year if left.year is not None else right_year
    if left_year is None or right_year is None:
        raise _NoYear()
    start = _bound_range(left, left_year).start
    end = _bound_range(right, right_year).end
    if start > end:
        raise _Unparsed(f"начало ({_dotted(start)}) позже окончания ({_dotted(end)})")
    return DateRange(start, end)


# Words of the usual phrases that name no dates but mean the whole period: «Постоянно», «По мере
# необходимости», «В рабочем порядке», «По согласованию», «В течение полугодия» (the units and
# filler words are tokens already). Anything else without dates («бла-бла», «когда-нибудь
# потом») is a phrase the parser does not know.
_WHOLE_PERIOD_WORDS = frozenset(
    {
        "постоянно",
        "регулярно",
        "систематически",
        "ежегодно",
        "мере",
        "необходимости",
        "рабочем",
        "порядке",
        "согласованию",
        "отдельному",
        "плану",
        "графику",
        "всех",
        "отчетного",
        "отчетный",
        "отчетном",
        "текущего",
        "текущий",
        "текущем",
    }
)


def is_known_wording(text: str) -> bool:
    """Whether a phrase is one the parser understands: it names dates, or it is a usual way of
    saying «the whole period» («В течение всего периода», «Ежемесячно», «По мере
    необходимости»). For other phrases parse_period still takes the fallback range, and callers
    that print the phrase into a document ask the person to confirm it."""
    normalised = _normalise(text)
    tokens = _tokens(normalised)
    if _RECURRING.search(normalised) or _DEADLINE.match(normalised) or _names_dates(tokens):
        return True
    # Units without numbers («в течение квартала») are fine; a lone number or numeral is not.
    return bool(re.search(r"[а-яa-z]", normalised)) and all(
        token.kind in ("quarter", "half", "months", "dash")
        or (token.kind == "word" and token.value in _WHOLE_PERIOD_WORDS)
        for token in tokens
    )


def parse_period(
    text: str, *, year: int | None = None, fallback: DateRange | None = None
) -> ParsedPeriod:
    """Read a period phrase; phrases naming no range («Ежемесячно») take the fallback range.

    `year` is the document's year, used when the phrase gives a day or month without one.
    """
    shown = re.sub(r"\s+", " ", text).strip()
    normalised = _normalise(text)
    tokens = _tokens(normalised)
    recurring = _RECURRING.search(normalised) or _DEADLINE.match(normalised)
    if recurring or not _names_dates(tokens):
        if fallback is not None:
            return ParsedPeriod(text, fallback.start, fallback.end, is_exact=False)
        if not shown:
            raise PeriodError("Сроки не указаны; укажите отчётный период")
        if recurring:
            raise PeriodError(
                f"Сроки «{shown}» задают срок или периодичность, а не период; "
                "укажите отчётный период"
            )
        raise PeriodError(f"Сроки «{shown}» не содержат дат; укажите отчётный период")
    try:
        found = _exact_range(tokens, year)
    except _NoYear:
        raise PeriodError(f"В сроках «{shown}» не указан год, а год документа неизвестен") from None
    except _Unparsed as exc:
        message = f"Не удалось распознать сроки: «{shown}»"
        if exc.reason:
            message += f" — {exc.reason}"
        raise PeriodError(message) from None
    return ParsedPeriod(text, found.start, found.end, is_exact=True)
