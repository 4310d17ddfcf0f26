"""Matching document text to reference data. Nothing is guessed: an unmatched value becomes a
problem that names the closest known value."""

import re
from dataclasses import dataclass

from agreements.models import Agreement
from cooperation.models import Department, Region, RegionKind
from cooperation.text import closest_name, closest_name_hint, collapse_spaces, normalize_name

_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_AGREEMENT_START = re.compile(
    r"(?:трехсторонн\w+\s+|двусторонн\w+\s+)?соглашени[ея]\s+(?:между|о\s)", re.IGNORECASE
)
_REGION_WORDS = re.compile(r"област|кра[йя]|республик|округ|\bг\.|москв|петербург|севастопол")
_ALL_REGIONS = re.compile(r"^все\s+субъекты(\s+рф|\s+российской\s+федерации)?\.?$")


def match_key(text):
    """Case, spacing, quotes, dashes, ё and hyphenation left from line wrapping are ignored."""
    return _INNER_HYPHEN.sub("", normalize_name(text))


@dataclass
class Problem:
    row: int | None
    column: str
    message: str
    suggestion: str = ""
    blocking: bool = True

    def __str__(self):
        where = f"строка {self.row}, " if self.row else ""
        return f"{where}«{self.column}»: {self.message}{closest_name_hint(self.suggestion)}"


HINTS = 50


class Reference:
    """The reference data of one import, read once."""

    def __init__(self):
        self.departments = {}
        for department in Department.objects.all():
            self.departments[match_key(department.name)] = department
            self.departments.setdefault(match_key(department.short_name), department)
        self.agreement_titles = {
            match_key(a.title): a for a in Agreement.objects.prefetch_related("regions")
        }
        self.regions_by_name = {}
        self.adjectives = {RegionKind.OBLAST: {}, RegionKind.KRAI: {}}
        for region in Region.objects.all():
            for name in (region.name, region.short_name, region.short_name.removeprefix("г. ")):
                self.regions_by_name[match_key(name)] = region
            noun = {RegionKind.OBLAST: " область", RegionKind.KRAI: " край"}.get(region.kind)
            if noun and region.short_name.endswith(noun):
                adjective = match_key(region.short_name.removesuffix(noun))
                self.adjectives[region.kind][adjective] = region
        # Genitive forms for free text: "Липецкой, Калужской и Брянской областей", "г. Москвы".
        self.genitive_adjectives = {}
        self.genitive_names = {}
        for region in Region.objects.partners():
            first = region.short_name.split()[0]
            if region.kind == RegionKind.OBLAST and first.endswith("ая"):
                self.genitive_adjectives[match_key(first[:-2] + "ой")] = (region, "област")
            elif region.kind == RegionKind.KRAI and first.endswith("ий"):
                self.genitive_adjectives[match_key(first[:-2] + "ого")] = (region, "кра")
            else:
                name = region.name_genitive
                self.genitive_names[match_key(name)] = region
                if region.kind == RegionKind.FEDERAL_CITY:
                    self.genitive_names[match_key("г. " + name)] = region
                    self.genitive_names[match_key(region.short_name)] = region
        self.created_departments = {}
        self.created_agreements = {}
        self.hints_left = HINTS

    def _closest(self, text, names):
        # A hint costs a comparison with every name: a crafted cell of thousands of unknown
        # names would take seconds, so only the first problems of a document get one.
        if self.hints_left <= 0:
            return ""
        self.hints_left -= 1
        return closest_name(text, names, key=match_key)

    # --- departments ---------------------------------------------------------------------

    def department(self, heading, row, column, *, create_missing):
        """The department of a group row, and any note in brackets after its name."""
        text = collapse_spaces(heading)
        department = self.departments.get(match_key(text))
        note = ""
        if department is None and (m := re.match(r"^(.*?)\s*(\(.*\))$", text)):
            department = self.departments.get(match_key(m[1]))
            if department is not None:
                note = m[2]
        if department is not None:
            return department, note, None
        if create_missing:
            created = self.created_departments.setdefault(match_key(text), Department(name=text))
            return (
                created,
                "",
                Problem(
                    row,
                    column,
                    f"Департамент «{text}» будет добавлен в справочник.",
                    blocking=False,
                ),
            )
        names = [d.name for d in set(self.departments.values())]
        return (
            None,
            "",
            Problem(
                row,
                column,
                f"Департамент «{text}» не найден в справочнике.",
                self._closest(text, names),
            ),
        )

    # --- agreements ----------------------------------------------------------------------

    def agreements(self, cell, row, column, *, create_missing):
        text = collapse_spaces(cell)
        if not text:
            return [], [Problem(row, column, "Не указано соглашение.")]
        whole = self.agreement_titles.get(match_key(text))
        if whole is not None:
            return [whole], []
        starts = [m.start() for m in _AGREEMENT_START.finditer(text)] or [0]
        if starts[0] != 0:
            starts.insert(0, 0)
        pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
        found, problems = [], []
        for piece in pieces:
            agreement = self.agreement_titles.get(match_key(piece))
            if agreement is not None:
                found.append(agreement)
            elif create_missing:
                found.append(
                    self.created_agreements.setdefault(match_key(piece), Agreement(title=piece))
                )
                problems.append(
                    Problem(
                        row,
                        column,
                        f"Соглашение «{piece}» будет добавлено в справочник.",
                        blocking=False,
                    )
                )
            else:
                titles = [a.title for a in self.agreement_titles.values()]
                problems.append(
                    Problem(
                        row,
                        column,
                        f"Соглашение «{piece}» не найдено в справочнике.",
                        self._closest(piece, titles),
                    )
                )
        return found, problems

    # --- regions -------------------------------------------------------------------------

    def regions(self, cell, row, column):
        """Regions written the Russian way: "Брянская, Калужская области", "г. Москва",
        "Все субъекты РФ"; a note such as "Субъекты будут определены …" keeps no regions."""
        text = collapse_spaces(cell)
        key = match_key(text)
        if not key:
            return [], False, []
        if _ALL_REGIONS.match(key):
            return [], True, []
        if not _REGION_WORDS.search(key):
            return [], False, []  # a free-text note, kept as written
        regions, problems, pending = [], [], []
        for token in re.split(r",|;|\s+и\s+", text):
            token = token.strip(" .")
            if not token:
                continue
            direct = self.regions_by_name.get(match_key(token))
            if direct is not None:
                regions.append(direct)
                continue
            words = token.split()
            noun = words[-1].casefold().replace("ё", "е")
            kind = None
            if noun in ("область", "области", "обл"):
                kind = RegionKind.OBLAST
            elif noun in ("край", "края"):
                kind = RegionKind.KRAI
            if kind is None:
                if all(re.search(r"(ая|ий|ой|ый)$", w.casefold()) for w in words):
                    pending.extend(words)  # adjectives waiting for "области"/"края"
                    continue
                problems.append(self._region_problem(token, row, column))
                continue
            # "Ярославская Ленинградская" (a comma lost) still names two regions.
            for adjective in [*pending, *words[:-1]]:
                region = self.adjectives[kind].get(match_key(adjective))
                if region is None:
                    suffix = " область" if kind == RegionKind.OBLAST else " край"
                    problems.append(self._region_problem(adjective + suffix, row, column))
                else:
                    regions.append(region)
            pending = []
        for adjective in pending:
            problems.append(
                Problem(
                    row,
                    column,
                    f"«{adjective}»: не указано, область это или край.",
                    self._closest(adjective + " область", list(self.regions_by_name)),
                )
            )
        return list(dict.fromkeys(regions)), False, problems

    def regions_in_text(self, text):
        """Partner regions named in participants or content, in the order they appear."""
        key = match_key(text)
        found = []
        words = list(re.finditer(r"\w+", key))
        for index, word in enumerate(words):
            hit = self.genitive_adjectives.get(word.group())
            # The adjective counts only when its noun follows within the same list.
            if hit and any(w.group().startswith(hit[1]) for w in words[index + 1 : index + 25]):
                found.append((word.start(), hit[0]))
        for match in self._genitive_pattern().finditer(key):
            found.append((match.start(), self.genitive_names[match.group(1)]))
        return list(dict.fromkeys(region for _, region in sorted(found, key=lambda f: f[0])))

    def _genitive_pattern(self):
        # One alternation, longest names first, compiled once per import: a pattern per name
        # and row made this the slowest step of a large preview.
        if not hasattr(self, "_genitive_regex"):
            names = sorted(self.genitive_names, key=len, reverse=True)
            alternation = "|".join(re.escape(name) for name in names)
            self._genitive_regex = re.compile(rf"(?<!\w)({alternation})(?!\w)")
        return self._genitive_regex

    def _region_problem(self, token, row, column):
        names = [r.short_name for r in set(self.regions_by_name.values())]
        return Problem(
            row,
            column,
            f"Субъект РФ «{token}» не найден в справочнике.",
            self._closest(token, names),
        )
