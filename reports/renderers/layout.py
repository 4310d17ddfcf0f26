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


@lru_cache(maxsize=2)
def _table(bold):
    return {char: width for width, chars in WIDTHS[bold].items() for char in chars}


def text_width(text, size=12, *, bold=False):
    """Width of a single line of `text` in points."""
    table = _table(bold)
    return sum(table.get(char, _UNKNOWN_WIDTH) for char in text) * size / 1000


def line_height(size=12):
    return LINE_HEIGHT_EM * size


def _pieces(paragraph):
    return [piece for piece in _PIECES.findall(paragraph) if piece]


def wrap(text, width, size=12, *, bold=False):
    """The lines `text` takes in a column `width` points wide."""
    lines = []
    for paragraph in (text or "").split("\n"):
        current, used = "", 0.0
        for piece in _pieces(paragraph):
            word = piece.rstrip(" ")
            need = text_width(word, size, bold=bold)
            if current and used + need > width:
                lines.append(current.rstrip(" "))
                current, used = "", 0.0
            while need > width and len(word) > 1:  # longer than the line: cut where it overflows
                cut = 1
                while cut < len(word) and text_width(word[: cut + 1], size, bold=bold) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
                piece = piece[cut:]
                need = text_width(word, size, bold=bold)
            current += piece
            used += text_width(piece, size, bold=bold)
        lines.append(current.rstrip(" "))
    return lines


def line_count(text, width, size=12, *, bold=False):
    return len(wrap(text, width, size, bold=bold))


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
