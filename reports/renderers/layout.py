"""How much room a text takes when set in a table cell: the wrapped-line estimate behind the
XLSX row heights, the DOCX "taller than a page" test and the header widths.

A greedy line filler over the real advance widths of Times New Roman (see font_widths.py). Lines
break at spaces and after hyphens and dashes, never at a no-break space; a manual line break
always starts a line; a word longer than the line is cut where it overflows. Hyphenation is not
modelled, so the estimate errs on the generous side where a suite hyphenates.
"""

import re
from functools import lru_cache

from reports.renderers.font_widths import LINE_HEIGHT_EM, WIDTHS

PT_PER_CM = 72 / 2.54
_UNKNOWN_WIDTH = 500  # thousandths of an em: a middling letter
# A break may follow a space (which then hangs outside the line) or a hyphen or dash, but not a
# hyphen before a digit ("2021-2023", as Unicode line breaking has it).
_PIECES = re.compile(r"(?:[^ \-‐–—]|[\-‐–—](?=\d))*(?:[\-‐–—]+| +|$)")
_WORDS = re.compile(r"[^ ]*(?: +|$)")


@lru_cache(maxsize=2)
def _table(bold):
    return {char: width for width, chars in WIDTHS[bold].items() for char in chars}


def text_width(text, size=12, *, bold=False):
    """Width of a single line of `text` in points."""
    table = _table(bold)
    return sum(table.get(char, _UNKNOWN_WIDTH) for char in text) * size / 1000


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
    for i in range(2, len(word) - 1):
        before, after = word[i - 1], word[i]
        if after in _SIGNS or not any(c in _VOWELS for c in word[:i]):
            continue
        if not any(c in _VOWELS for c in word[i:]):
            break
        if before in _VOWELS:
            good = after in _VOWELS or word[i + 1] in _VOWELS
        else:
            good = after not in _VOWELS and (before in _SIGNS or word[i - 2] not in _SIGNS)
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
    return len(wrap(text, width, size, bold=bold, hyphenate=hyphenate))


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
