"""How much room a text takes when set in a table cell: the wrapped-line estimate behind the
XLSX row heights, the DOCX "taller than a page" test and the header widths.

A greedy line filler over the real advance widths of Times New Roman (see font_widths.py). Lines
break at spaces and after hyphens and dashes, never at a no-break space; a manual line break
always starts a line; a word longer than the line is cut where it overflows. `wrap` can also
model Russian hyphenation roughly; `line_count` (the fast path every cell of a 50,000-row export
goes through) does not, so it errs on the generous side where a suite hyphenates.

Speed: a text's width is summed in C: each character is translated to a byte holding its width
in units of 4 thousandths of an em, and the bytes are added up.
"""

import codecs
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, repeat
from math import ceil
from operator import add

from reports.renderers.font_widths import LINE_HEIGHT_EM, WIDTHS

PT_PER_CM = 72 / 2.54
_UNKNOWN_WIDTH = 500  # thousandths of an em: a middling letter
# A break may follow a space (which then hangs outside the line) or a hyphen or dash, but not a
# hyphen before a digit ("2021-2023", as Unicode line breaking has it).
_PIECES = re.compile(r"(?:[^ \-‐–—]|[\-‐–—](?=\d))*(?:[\-‐–—]+| +|$)")
_WORDS = re.compile(r"[^ ]*(?: +|$)")


_UNIT = 5  # thousandths of an em in one width unit: the widest glyph (1000+) fits a byte
# Russian official text is within Windows-1251 (Cyrillic, Latin, «», –, —, №, no-break space):
# one byte a character, so the widths can be looked up by bytes.translate.
_CODEPAGE = "cp1251"
_STAND_IN = "n"  # for a character outside the code page: a middling letter (half an em)


def _outside_codepage(error):
    return _STAND_IN * (error.end - error.start), error.end


codecs.register_error("reports-glyph-width", _outside_codepage)


@lru_cache(maxsize=2)
def _table(bold):
    """A bytes.translate table: code page byte → its glyph's width in units."""
    widths = {char: width for width, chars in WIDTHS[bold].items() for char in chars}
    table = bytearray(256)
    for byte in range(256):
        char = bytes([byte]).decode(_CODEPAGE, "replace")
        table[byte] = round(widths.get(char, _UNKNOWN_WIDTH) / _UNIT)
    return bytes(table)


def _units(text, bold):
    """The width of each character of `text`, as bytes of width units."""
    return text.encode(_CODEPAGE, "reports-glyph-width").translate(_table(bold))


def text_width(text, size=12, *, bold=False):
    """Width of a single line of `text` in points."""
    return _WORD_WIDTHS[bold][text] * _UNIT * size / 1000


def line_height(size=12):
    return LINE_HEIGHT_EM * size


def _pieces(paragraph, at_hyphens=True):
    return [piece for piece in (_PIECES if at_hyphens else _WORDS).findall(paragraph) if piece]


_VOWELS = frozenset("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
_SIGNS = frozenset("ьъйЬЪЙ")


def _syllable_breaks(word):
    """Where a suite hyphenating Russian may break a word, roughly: ма-ма, пар-та, боль-шой,
    при-ятие; two letters or more and a vowel on each side."""
    if not word.isalpha():
        return
    vowel = [char in _VOWELS for char in word]
    if True not in vowel:
        return
    first, last = vowel.index(True), len(word) - 1 - vowel[::-1].index(True)
    for i in range(max(2, first + 1), min(len(word) - 1, last + 1)):
        if word[i] in _SIGNS:
            continue
        if vowel[i - 1]:
            good = vowel[i] or vowel[i + 1]
        else:
            good = not vowel[i] and (word[i - 1] in _SIGNS or word[i - 2] not in _SIGNS)
        if good:
            yield i


def _hyphenated_head(word, room, size, bold):
    """The longest head of `word` that fits in `room` points with a hyphen after it."""
    best = 0
    for i in _syllable_breaks(word):
        if text_width(word[:i] + "-", size, bold=bold) <= room:
            best = i
        else:
            break
    return best


def wrap(text, width, size=12, *, bold=False, at_hyphens=True, hyphenate=False):
    """The lines `text` takes in a column `width` points wide. Lines break at spaces, after
    hyphens and dashes (unless `at_hyphens` is off) and, if `hyphenate`, inside words as a
    suite with Russian hyphenation does."""
    lines = []
    for paragraph in (text or "").split("\n"):
        current, used = "", 0.0
        for piece in _pieces(paragraph, at_hyphens):
            word = piece.rstrip(" ")
            need = text_width(word, size, bold=bold)
            while current and used + need > width:
                head = _hyphenated_head(word, width - used, size, bold) if hyphenate else 0
                if head:
                    current += word[:head] + "-"
                    piece, word = piece[head:], word[head:]
                    need = text_width(word, size, bold=bold)
                lines.append(current.rstrip(" "))
                current, used = "", 0.0
            while need > width and len(word) > 1:  # longer than a line: broken where it must be
                head = _hyphenated_head(word, width, size, bold) if hyphenate else 0
                if not head:
                    head = 1
                    while text_width(word[: head + 1], size, bold=bold) <= width:
                        head += 1
                lines.append(word[:head])
                piece, word = piece[head:], word[head:]
                need = text_width(word, size, bold=bold)
            current += piece
            used += text_width(piece, size, bold=bold)
        lines.append(current.rstrip(" "))
    return lines


def line_count(text, width, size=12, *, bold=False, hyphenate=False):
    """How many lines `text` takes: as `wrap` with breaks at spaces only (a suite that also
    breaks after hyphens or hyphenates needs as many lines or fewer), counted fast; with
    `hyphenate`, as `wrap` models hyphenation, slowly."""
    if hyphenate:
        return len(wrap(text, width, size, bold=bold, hyphenate=True))
    limit = width * 1000 / (_UNIT * size)  # the line's width in width units
    return sum(_paragraph_lines(p, limit, bold) for p in (text or "").split("\n"))


def at_most(text, width, lines, size=12, *, bold=False):
    """Whether `text` takes no more than `lines` lines (as line_count counts them). Cheap where
    the answer is plain: tightly packed at 0.6 em a letter (more than Russian text averages),
    the text needs about ⌈letters × 0.6 em / width⌉ lines, and greedy lines of ordinary prose
    are far from taking 5/3 of that; other texts are laid out word by word."""
    per_line = width / (_GENEROUS_LETTER_EM * size)
    packed = sum(max(1, ceil(len(p) / per_line)) for p in (text or "").split("\n"))
    if packed * 5 <= lines * 3:
        return True
    return line_count(text, width, size, bold=bold) <= lines


_GENEROUS_LETTER_EM = 0.6


class _WordWidths(dict):
    """Width units of each word met: words repeat, so most are looked up, not summed."""

    def __init__(self, bold):
        super().__init__()
        self.bold = bold

    def __missing__(self, word):
        width = sum(_units(word, self.bold))
        if len(self) < _MAX_CACHED_WORDS:
            self[word] = width
        return width


_MAX_CACHED_WORDS = 50_000  # a few megabytes
_WORD_WIDTHS = {False: _WordWidths(False), True: _WordWidths(True)}


# Reports repeat themselves (agreement titles, «В течение всего периода», venues): a paragraph
# laid out once in a column is not laid out again.
@lru_cache(maxsize=20_000)
def _paragraph_lines(paragraph, limit, bold):
    """The greedy fill of `wrap(..., at_hyphens=False)` on running sums of word widths: a line
    starting at word i holds the words up to the first whose end lies beyond `limit` from the
    start of i, found by bisection. Only the loop over lines runs in Python."""
    words = paragraph.rstrip(" ").split(" ")  # spaces at the end hang outside the line
    widths = list(map(_WORD_WIDTHS[bold].__getitem__, words))
    space = _WORD_WIDTHS[bold][" "]
    if sum(widths) + space * (len(words) - 1) <= limit:
        return 1
    starts = list(accumulate(map(add, widths, repeat(space)), initial=0))
    ends = list(map(add, starts, widths))
    lines, i, count, start = 0, 0, len(words), None  # start: where the open line begins
    while i < count:
        if start is None:
            start, lines = starts[i], lines + 1
        j = bisect_right(ends, start + limit, lo=i)  # the first word that does not fit
        if j > i:
            i, start = j, None
        elif start != starts[i]:  # word i does not fit after what the line holds
            start = None
        else:  # word i alone is wider than a line: cut where it overflows, as wrap does
            at = list(accumulate(_units(words[i], bold), initial=0))
            position, end = 0, len(at) - 1
            while at[end] - at[position] > limit and end - position > 1:
                fits = bisect_right(at, at[position] + limit, lo=position) - 1
                position = max(fits, position + 1)
                lines += 1
            start = ends[i] - (at[end] - at[position])
            i += 1
    return lines


def longest_word(text, size=12, *, bold=False):
    """The widest unbreakable piece of `text` and its width in points: what a column must hold
    for no word of it to be split."""
    best, best_width = "", 0.0
    for paragraph in (text or "").split("\n"):
        for piece in _pieces(paragraph):
            word = piece.rstrip(" ")
            width = text_width(word, size, bold=bold)
            if width > best_width:
                best, best_width = word, width
    return best, best_width
