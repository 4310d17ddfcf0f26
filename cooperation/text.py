"""Text helpers shared by matching, import and reports."""

import re

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})
_QUOTES = str.maketrans({c: '"' for c in "«»„“”‟\"'"})


def collapse_spaces(text):
    """One space between words, none at the ends: how documents are compared."""
    return _SPACES.sub(" ", (text or "").replace("\xa0", " ")).strip()


def normalize_name(text):
    """A key for matching names typed by people: case, spacing, quotes, dashes and ё ignored."""
    text = collapse_spaces(text).casefold().replace("ё", "е")
    text = text.translate(_DASHES).translate(_QUOTES)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r'\s*"\s*', '"', text)
