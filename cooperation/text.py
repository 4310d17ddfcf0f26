"""Text helpers shared by matching, import and reports."""

import difflib
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


def closest_name(value, candidates, *, key=normalize_name):
    """The candidate nearest to a name that matched none of them, compared by `key`; "" when
    none is near enough. Suggested next to an unknown department, agreement or region."""
    keys = {key(name): name for name in candidates}
    found = difflib.get_close_matches(key(value), list(keys), n=1, cutoff=0.6)
    return keys[found[0]] if found else ""


def closest_name_hint(name):
    """The suggestion as the sentence that ends a message; "" without a name."""
    return f" Ближайшее известное: «{name}»." if name else ""


_PLURAL = {"oblast": ("область", "области"), "krai": ("край", "края")}


def format_regions(regions):
    """Regions the way plans list them: "г. Москва, Брянская, Калужская области".

    Oblasts (and krais) share one noun in the plural; other subjects keep their own names.
    """
    others, grouped = [], {"krai": [], "oblast": []}
    for region in regions:
        singular = _PLURAL.get(region.kind, (None,))[0]
        if singular and region.short_name.endswith(" " + singular):
            grouped[region.kind].append(region.short_name.removesuffix(" " + singular))
        else:
            others.append(region.short_name)
    parts = list(others)
    for kind in ("krai", "oblast"):
        names = grouped[kind]
        if names:
            singular, plural = _PLURAL[kind]
            parts.append(", ".join(names) + " " + (plural if len(names) > 1 else singular))
    return ", ".join(parts)


ALL_REGIONS_TEXT = "Все субъекты РФ"


def plan_regions_text(regions, all_regions=False, note=""):
    """The regions cell of a plan row: the note as written, else «Все субъекты РФ», else the
    regions in the given order the way plans list them."""
    note = collapse_spaces(note)
    if note:
        return note
    if all_regions:
        return ALL_REGIONS_TEXT
    return format_regions(regions)


# A number is at most 16 digits and spaces: the bounded repeat keeps each search linear in the
# text (an unbounded one backtracks over every run of digits: seconds on a long cell).
_NUMBER = r"(\d[\d\s]{0,15})"
_HEAD_COUNT = [
    re.compile(rf"общее\s+количество\s+участников\s*[:–—-]?\s*(?:более\s+|около\s+)?{_NUMBER}"),
    re.compile(rf"присутствовал[ои]?\s+(?:более\s+|около\s+)?{_NUMBER}\s+человек"),
    re.compile(rf"(?:более|около|свыше)\s+{_NUMBER}\s+(?:человек|участник|молод|специалист)"),
    re.compile(rf"{_NUMBER}\s+участник"),
]


def extract_head_count(text):
    """The total number of participants when the text states it ("… участников 279 человек",
    "более 500 молодых людей" → 500, a lower bound as written); None otherwise."""
    key = collapse_spaces(text).casefold()
    for pattern in _HEAD_COUNT:
        if match := pattern.search(key):
            return int(match[1].replace(" ", ""))
    return None
