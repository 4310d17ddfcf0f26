"""Words of a search query: splitting, a light Russian stemmer and highlight markers.

The stemmer is for the SQLite fallback and for recognising region names in a query; PostgreSQL's
own Snowball stemmer does the real work in production. Cutting one inflectional ending off a word
of five letters or more is enough for «фестиваля» to find «фестиваль» and «тверской» to find
«Тверская область».
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

WORD = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
MAX_WORDS = 12

# Prepositions and conjunctions: in a query they narrow nothing (PostgreSQL drops them too).
# fmt: off
STOPWORDS = frozenset({
    "а", "без", "в", "во", "для", "до", "же", "за", "и", "из", "или", "к", "ко", "на", "над",
    "не", "ни", "но", "о", "об", "обо", "от", "по", "под", "при", "про", "с", "со", "у", "что",
    "как",
})

# Longest first, so «-ого» is cut before «-о».
ENDINGS = sorted([
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ых", "их", "ая", "яя", "ое",
    "ее", "ые", "ие", "ой", "ей", "ий", "ый", "ую", "юю", "ов", "ев", "ах", "ях", "ам", "ям", "ом",
    "ем", "ию", "ии", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
], key=len, reverse=True)
# fmt: on
MIN_STEM = 4

# Highlight markers: private-use characters nobody types, replaced by <mark> after escaping.
MARK_START, MARK_END = "\ue000", "\ue001"


def words(text):
    """Significant words of a query, lower case, ё as е, without prepositions."""
    found = [w.casefold().replace("ё", "е") for w in WORD.findall(text or "")]
    return [w for w in found if w not in STOPWORDS and len(w) > 1][:MAX_WORDS]


# The shortest stem of MIN_STEM letters or more that leaves an ending: the longest ending.
_ENDING = re.compile("^(.{" + str(MIN_STEM) + ",}?)(?:" + "|".join(ENDINGS) + ")$")


@lru_cache(maxsize=65536)
def stem(word):
    word = word.casefold().replace("ё", "е")
    match = _ENDING.match(word)
    return match[1] if match else word


def mark_stems(text, stems, *, window=None):
    """The text with every word starting with one of the stems between highlight markers.

    With `window`, only about that many characters around the first match (or the start).
    """
    text = text or ""
    if not stems:
        return text[:window] if window else text
    pattern = re.compile(
        r"(?<![0-9a-zа-яё])(" + "|".join(re.escape(s) for s in stems) + r")[0-9a-zа-яё]*",
        re.IGNORECASE,
    )
    if window and len(text) > window:
        first = pattern.search(text.replace("ё", "е").replace("Ё", "Е"))
        start = max(0, (first.start() if first else 0) - window // 3)
        end = min(len(text), start + window)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    folded = text.replace("ё", "е").replace("Ё", "Е")
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        pieces += [text[last : match.start()], MARK_START, text[match.start() : match.end()]]
        pieces.append(MARK_END)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def marked_html(text):
    """Escape everything people typed; only the markers become <mark>."""
    html = escape(text or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 — escaped above, markers are ours
