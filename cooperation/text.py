"""Text helpers shared by matching, import and reports."""

import difflib
import re

_SPACES = re.compile(r"\s+")
# A dash or a quote of any kind, with the spaces around it: one pass each (str.translate with a
# mapping walked every character of long cells and was the slowest step of a large import).
_DASH = re.compile(r"\s*[-‐‑‒–—−]\s*")
_QUOTE = re.compile("\\s*[«»„“”‟\"']\\s*")


def collapse_spaces(text):
    """One space between words, none at the ends: how documents are compared."""
    return _SPACES.sub(" ", (text or "").replace("\xa0", " ")).strip()


def normalize_name(text):
    """A key for matching names typed by people: case, spacing, quotes, dashes and ё ignored."""
    text = collapse_spaces(text).casefold().replace("ё", "е")
    return _QUOTE.sub('"', _DASH.sub("-", text))


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
_ABOUT = r"(?:более|свыше|около|порядка|почти|примерно|приблизительно|не\s+менее|до)\s+"
# Nouns that count people: «40 делегатов», «300 школьников», «1000 зрителей». Regions, years,
# teams or events are not people: «из 12 регионов», «2023 года», «8 команд» never match.
_PEOPLE = (
    r"(?:человек|чел\b|участник|делегат|школьник|студент|учащ|обучающ|ученик|зрител|спортсмен|"
    r"гост|представител|молод|специалист|ребят|дет(?:ей|и)\b|юнош|девуш|волонт[её]р|педагог|"
    r"учител|преподавател|артист|музыкант|исполнител|слушател|эксперт|предпринимател|член|"
    r"руководител|кадет|турист|посетител|воспитанник|ветеран|жител|сотрудник|работник|"
    r"врач|медик|ученых|учёных|аграри|фермер|журналист|блогер|курсант|выпускник|абитуриент|"
    r"стажер|стажёр|чиновник|депутат|атлет|борц|шахматист|хорист|танцор|мастер|ремесленник)"
)
_HEAD_COUNT = [
    re.compile(rf"общее\s+количество\s+участников\s*[:–—-]?\s*(?:{_ABOUT})?{_NUMBER}"),
    re.compile(rf"присутствовал[ои]?\s+(?:{_ABOUT})?{_NUMBER}\s+человек"),
    # The first number that counts people, an adjective allowed between («300 юных спортсменов»).
    re.compile(rf"(?<![\d.,])(?:{_ABOUT})?{_NUMBER}\s+(?:[а-яё-]+(?:ых|их)\s+){{0,2}}{_PEOPLE}"),
]


def extract_head_count(text):
    """The total number of participants when the text states it ("… участников 279 человек",
    "более 500 молодых людей" → 500, «свыше 40 делегатов» → 40, a lower bound as written; the
    first number that counts people, not regions or years); None otherwise."""
    key = collapse_spaces(text).casefold()
    for pattern in _HEAD_COUNT:
        if match := pattern.search(key):
            return int(match[1].replace(" ", ""))
    return None


# --- Names in their case forms ---------------------------------------------------------------

# Endings a Russian place name takes by its last letter; a name they do not fit (Орёл → Орла,
# Чебоксары, Нижний Новгород) lists its forms in the reference data instead.
_CASE_ENDINGS = {
    "а": ("а", "ы", "и", "е", "у", "ой", "ою"),
    "я": ("я", "и", "е", "ю", "ей"),
    "ь": ("ь", "и", "ью", "я", "ю", "ем", "е"),
    "й": ("й", "я", "ю", "ем", "е"),
    "о": ("о", "а", "у", "ом", "е"),
    "е": ("е", "я", "ю", "ем"),
}
_INDECLINABLE = "иыуэю"


def case_forms(name):
    """A place name in the cases prepositions ask for: «Курск» → Курска, Курске…, «Калуга» →
    Калуги, Калуге…; the last word of a hyphenated or multi-word name is the one declined
    («Ханты-Мансийске», «Йошкар-Олы»). Abbreviations («СПб», «ХМАО») stay as they are."""
    name = collapse_spaces(name)
    if not name or sum(c.isupper() for c in name) > 1 and " " not in name and "-" not in name:
        return [name]
    head, last = re.match(r"^(.*?)([^\s-]+)$", name).groups()
    ending = last[-1].lower()
    if ending in _INDECLINABLE or not last.isalpha():
        return [name]
    if ending in _CASE_ENDINGS:
        stem, endings = last[:-1], _CASE_ENDINGS[ending]
    else:
        stem, endings = last, ("", "а", "у", "ом", "е")
    return list(dict.fromkeys([name, *(head + stem + e for e in endings)]))


_DATIVE = {" квартал ": " кварталу ", " полугодие ": " полугодию ", " год": " году"}


def period_title_dative(title):
    """«I квартал 2023 года» after «к»: «отнесено к I кварталу 2023 года»."""
    for nominative, dative in _DATIVE.items():
        if nominative in f" {title} ":
            return f" {title} ".replace(nominative, dative, 1).strip()
    return title
