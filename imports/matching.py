"""Matching document text to reference data. Nothing is guessed: an unmatched value becomes a
problem that names the closest known value."""

import re
from dataclasses import dataclass, field

from agreements.models import Agreement
from cooperation.models import (
    Department,
    DepartmentName,
    ForeignPartner,
    Region,
    RegionAlias,
    RegionAliasKind,
    RegionKind,
)
from cooperation.text import (
    case_forms,
    closest_name,
    closest_name_hint,
    collapse_spaces,
    normalize_name,
)

_WORD = re.compile(r"\w+")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_AGREEMENT_START = re.compile(
    r"(?:трехсторонн\w+\s+|двусторонн\w+\s+)?соглашени[ея]\s+(?:между|о\s)", re.IGNORECASE
)
_REGION_WORDS = re.compile(r"област|кра[йя]|республик|округ|\bг\.|москв|петербург|севастопол")
_ALL_REGIONS = re.compile(
    r"^(?:все\s+субъекты(\s+рф|\s+российской\s+федерации)?|(?:со\s+)?всей\s+россии|"
    r"все\s+регионы(?:\s+россии|\s+рф)?|из\s+всех\s+регионов(?:\s+россии)?)\.?$"
)
# «12 регионов России», «регионы России», «Субъекты будут определены…»: partners not named.
_UNNAMED_REGIONS = re.compile(
    r"\d+\s+(?:регион|субъект)|^(?:регионы|субъекты)\s+(?:россии|рф)|будут\s+определен"
)
# Before a city in free text: «г. Курск», «в г. Курске», «из Калуги». Without it «Кирова» in
# «ДК им. Кирова» or «Владимира» in a person's name would name a region.
_CITY_MARK = (
    r"(?i:(?<!\w)(?:г\.|гор\.|город[а-я]*)\s*|"
    r"(?<!\w)(?:в|во|из|до|к|ко|по|на|от|под|с|со)\s+(?:г\.\s*)?)"
)
_CITY_PREFIX = re.compile(r"^(?:г\.|гор\.|город)\s*", re.IGNORECASE)
_BELARUS_SUFFIX = re.compile(
    r"\s*\(?\s*(?:республик[аи]\s+беларусь|беларуси|белоруссии|рб)\s*\)?\.?$", re.IGNORECASE
)
# Words of agreement titles that name no subject: parties, kinds of document, linking words.
_TITLE_STEMS = (
    "соглаш",
    "между",
    "правит",
    "админи",
    "облас",
    "смолен",
    "трехст",
    "трёхст",
    "двусто",
    "республ",
    "краем",
    "края",
    "губерн",
    "органа",
    "власти",
    "субъек",
    "федера",
)


def _alternation(names):
    """One regular expression for many names, as a trie: «брянской|брянского|…» becomes
    «брянск(?:ой|ого)»; Python's re tries a flat alternation of hundreds of names at every
    position of every cell, which made finding regions the slowest step of a large import.
    Longer names still win: each optional tail is greedy. "(?!)" (never matches) for none."""
    trie = {}
    for name in filter(None, names):
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node):
        ends = "" in node
        branches = [re.escape(char) + pattern(node[char]) for char in sorted(c for c in node if c)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    names = [name for name in names if name]
    return pattern(trie) if names else "(?!)"


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
    # The agreements a careful clerk would consider (Candidate: agreement and score), best
    # first: the preview lists them.
    candidates: list = field(default_factory=list)
    # Adding the value to the reference (--create-missing) would settle this problem.
    create_helps: bool = False
    # The name as written, when the problem only says that it would be added to the reference.
    new_name: str = ""

    def __str__(self):
        where = f"строка {self.row}, " if self.row else ""
        return f"{where}«{self.column}»: {self.message}{closest_name_hint(self.suggestion)}"


HINTS = 50
# The agreements the preview offers for a cell that names none exactly.
CANDIDATES = 5


def subject_stems(text, skip=()):
    """The key words of an agreement's subject as six-letter stems: «о торгово-экономическом
    сотрудничестве» → {"торгов", "эконом"}; parties, regions (`skip`) and linking words left out."""
    stems = set()
    for word in re.findall(r"[а-я]+", match_key(text).replace("-", " ")):
        if len(word) < 5 or word.startswith(_TITLE_STEMS) or word.startswith("сотруд"):
            continue
        stem = word[:6]
        if stem not in skip:
            stems.add(stem)
    return stems


@dataclass
class PartnerCell:
    """What the regions cell of a plan names."""

    regions: list
    all_regions: bool
    foreign: list
    problems: list


class Reference:
    """The reference data of one import, read once. `period` (a DateRange) is the document's
    dates: a department is the body that existed then."""

    def __init__(self, period=None):
        self.period = period
        self._load_departments()
        self._load_agreements()
        self._load_regions()
        self._load_foreign()
        self.created_departments = {}
        self.created_agreements = {}
        self.hints_left = HINTS

    # --- loading ---------------------------------------------------------------------------

    def _load_departments(self):
        self.departments = {}
        self.departments_by_pk = {}
        self.predecessors = {}
        for department in Department.objects.all():
            self.departments_by_pk[department.pk] = department
            self.departments[match_key(department.name)] = department
            if department.successor_id:
                self.predecessors.setdefault(department.successor_id, []).append(department)
        # Names of other years (renames of 2023–2024) name the same body. Full names first, then
        # short ones: a short name never takes a key a full name holds.
        others = list(DepartmentName.objects.all())
        for other in others:
            department = self.departments_by_pk[other.department_id]
            self.departments.setdefault(match_key(other.name), department)
        for department in self.departments_by_pk.values():
            self.departments.setdefault(match_key(department.short_name), department)
        for other in others:
            if other.short_name:
                department = self.departments_by_pk[other.department_id]
                self.departments.setdefault(match_key(other.short_name), department)

    def _load_agreements(self):
        self.agreement_list = list(Agreement.objects.prefetch_related("regions"))
        self.agreement_titles = {match_key(a.title): a for a in self.agreement_list}
        for agreement in self.agreement_list:
            if agreement.short_title:
                self.agreement_titles.setdefault(match_key(agreement.short_title), agreement)

    def _load_regions(self):
        self.regions_by_name = {}
        self.adjectives = {RegionKind.OBLAST: {}, RegionKind.KRAI: {}}
        regions = list(Region.objects.all())
        for region in regions:
            for name in (region.name, region.short_name, region.short_name.removeprefix("г. ")):
                self.regions_by_name[match_key(name)] = region
            noun = {RegionKind.OBLAST: " область", RegionKind.KRAI: " край"}.get(region.kind)
            if noun and region.short_name.endswith(noun):
                adjective = match_key(region.short_name.removesuffix(noun))
                self.adjectives[region.kind][adjective] = region
        # Genitive forms for free text: "Липецкой, Калужской и Брянской областей", "г. Москвы".
        self.genitive_adjectives = {}
        self.genitive_names = {}
        for region in regions:
            if region.is_home:
                continue
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
        # Other names (reference data, fixtures/region_aliases.json) in every case form: the
        # cell key for the regions column, the written form for free text. A federal city is
        # its own centre: «в Москве», «из Санкт-Петербурга».
        self.alias_forms = {}  # match key → region
        self.city_forms = {}  # form as written (ё as е) → region; needs a preposition or «г.»
        self.short_forms = {}  # form as written → region; «Якутии», «Кузбасса»
        aliases = [(a.region_id, a.alias, a.kind, a.forms) for a in RegionAlias.objects.all()] + [
            (r.pk, r.name, RegionAliasKind.CENTRE, "")
            for r in regions
            if r.kind == RegionKind.FEDERAL_CITY
        ]
        by_pk = {r.pk: r for r in regions}
        for region_id, alias, kind, extra in aliases:
            region = by_pk[region_id]
            forms = case_forms(alias) + [f.strip() for f in extra.split(",") if f.strip()]
            for form in forms:
                self.alias_forms.setdefault(match_key(form), region)
                written = form.replace("ё", "е").replace("Ё", "Е")
                target = self.city_forms if kind == RegionAliasKind.CENTRE else self.short_forms
                target.setdefault(written, region)

    def _load_foreign(self):
        self.foreign_by_key = {}
        self.foreign_adjectives = {}
        self.foreign_written = {}
        for partner in ForeignPartner.objects.all():
            names = [partner.name, *partner.alias_list()]
            for name in names:
                self.foreign_by_key.setdefault(match_key(name), partner)
                self.foreign_written.setdefault(name.replace("ё", "е"), partner)
                if name.endswith(" область"):
                    self.foreign_adjectives[match_key(name.removesuffix(" область"))] = partner

    def _closest(self, text, names):
        # A hint costs a comparison with every name: a crafted cell of thousands of unknown
        # names would take seconds, so only the first problems of a document get one.
        if self.hints_left <= 0:
            return ""
        self.hints_left -= 1
        return closest_name(text, names, key=match_key)

    # --- departments ---------------------------------------------------------------------

    def department(self, heading, row, column, *, create_missing):
        """The department of a group row, and any note in brackets after its name. Any name a
        body bore matches it; a body that no longer (or not yet) existed on the document's
        dates gives way along its `successor` links to the one that did."""
        text = collapse_spaces(heading)
        department = self.departments.get(match_key(text))
        note = ""
        if department is None and (m := re.match(r"^(.*?)\s*(\(.*\))$", text)):
            department = self.departments.get(match_key(m[1]))
            if department is not None:
                note = m[2]
        if department is not None:
            current = self.on_document_dates(department)
            if current is not department:
                return (
                    current,
                    note,
                    Problem(
                        row,
                        column,
                        f"Орган «{text}» на даты документа не работал; строки отнесены к "
                        f"«{current.name}».",
                        blocking=False,
                    ),
                )
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
        names = [d.name for d in self.departments_by_pk.values()]
        return (
            None,
            "",
            Problem(
                row,
                column,
                f"Департамент «{text}» не найден в справочнике.",
                self._closest(text, names),
                create_helps=True,
            ),
        )

    def on_document_dates(self, department):
        """The body of `department`'s line (predecessors and successors) that worked on the
        document's dates; the department itself when it did, or when the line does not say."""
        if self.period is None or department.pk is None:
            return department
        start, end = self.period.start, self.period.end
        seen = {department.pk}
        current = department
        while current.active_until and current.active_until < start and current.successor_id:
            following = self.departments_by_pk.get(current.successor_id)
            if following is None or following.pk in seen:
                break
            seen.add(following.pk)
            current = following
        while current.active_from and current.active_from > end:
            earlier = self.predecessors.get(current.pk, [])
            # Two bodies merged into one: which of them wrote the document is not known.
            if len(earlier) != 1 or earlier[0].pk in seen:
                break
            seen.add(earlier[0].pk)
            current = earlier[0]
        return current

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
                continue
            candidates = self.agreement_candidates(piece)
            chosen = self._chosen(candidates)
            if chosen is not None:
                found.append(chosen)
                problems.append(
                    Problem(
                        row,
                        column,
                        f"Соглашение «{piece}» сопоставлено с «{chosen.title}» по субъекту-"
                        "партнёру и предмету.",
                        blocking=False,
                        candidates=candidates[:CANDIDATES],
                    )
                )
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
                        candidates=candidates[:CANDIDATES],
                        new_name=piece,
                    )
                )
            else:
                problems.append(self.agreement_problem(piece, candidates, row, column))
        return found, problems

    def agreement_candidates(self, text):
        """Agreements the text may mean, best first, each with its score: its partner regions
        (in either order, «Правительство» or «Администрация» alike) and the key words of its
        subject. An agreement with a region the text does not name is never a candidate."""
        named = set(self.regions_in_text(text))
        if not named and self.foreign_in_text(text):
            return []  # an agreement abroad is no agreement with a Russian region
        skip = self._region_stems()
        words = subject_stems(text, skip)
        scored = []
        for agreement in self.agreement_list:
            regions = set(agreement.regions.all())
            if named:
                if not named <= regions:
                    continue
                region_score = 1.0 if named == regions else 0.5
            else:
                region_score = 0.0
            own = subject_stems(f"{agreement.title} {agreement.short_title}", skip)
            subject_score = len(words & own) / len(words) if words else 0.0
            if not named and subject_score == 0:
                continue
            scored.append(Candidate(agreement, region_score, round(subject_score, 3)))
        scored.sort(key=lambda c: (-c.score, c.agreement.title))
        return scored

    @staticmethod
    def _chosen(candidates):
        """The one agreement a clerk would take without asking: the only best candidate with
        exactly the text's regions, or, no region named, with most of the subject's words."""
        if not candidates:
            return None
        best = candidates[0]
        if len(candidates) > 1 and candidates[1].score >= best.score:
            return None
        if best.regions == 1.0:
            return best.agreement
        if best.regions == 0.0 and best.subject >= 0.6:
            return best.agreement
        return None

    def agreement_problem(self, piece, candidates, row, column):
        if candidates:
            listed = "; ".join(f"«{c.agreement.title}»" for c in candidates[:CANDIDATES])
            return Problem(
                row,
                column,
                f"Соглашение «{piece}» не найдено в справочнике однозначно. Подходящие: {listed}.",
                candidates=candidates[:CANDIDATES],
                create_helps=True,
            )
        named = self.regions_in_text(piece) or self.foreign_in_text(piece)
        if named:
            names = ", ".join(getattr(r, "short_name", str(r)) for r in named)
            return Problem(
                row,
                column,
                f"Соглашение «{piece}» не найдено: в справочнике нет соглашения с "
                f"партнёром «{names}».",
                create_helps=True,
            )
        titles = [a.title for a in self.agreement_list]
        return Problem(
            row,
            column,
            f"Соглашение «{piece}» не найдено в справочнике.",
            self._closest(piece, titles),
            create_helps=True,
        )

    def _region_stems(self):
        if not hasattr(self, "_stems"):
            words = set()
            for key in [*self.genitive_adjectives, *self.genitive_names, *self.alias_forms]:
                words.update(re.findall(r"[а-я]+", key))
            for kind in self.adjectives.values():
                for key in kind:
                    words.update(re.findall(r"[а-я]+", key))
            self._stems = {w[:6] for w in words if len(w) >= 5}
        return self._stems

    # --- regions -------------------------------------------------------------------------

    def regions(self, cell, row, column):
        """Regions written the Russian way: "Брянская, Калужская области", "г. Москва",
        "Все субъекты РФ"; a note such as "Субъекты будут определены …" keeps no regions."""
        found = self.partners(cell, row, column)
        return found.regions, found.all_regions, found.problems

    def partners(self, cell, row, column):
        """The regions cell: regions in any of their names («Якутия», «СПб», «г. Тверь»),
        all regions («со всей России»), or partners abroad («Витебская область Республики
        Беларусь»), which are kept as written and never block. The home region is no partner."""
        text = collapse_spaces(cell)
        key = match_key(text)
        if not key:
            return PartnerCell([], False, [], [])
        if _ALL_REGIONS.match(key):
            return PartnerCell([], True, [], [])
        if _UNNAMED_REGIONS.search(key):
            return PartnerCell([], False, [], [])  # a note, kept as written
        whole = self.foreign_by_key.get(key)
        if whole is not None:
            return PartnerCell([], False, [whole], [])
        regions, foreign, problems, pending = [], [], [], []
        known = 0
        for token in re.split(r",|;|\s+и\s+", text):
            token = token.strip(" .")
            if not token:
                continue
            abroad = _BELARUS_SUFFIX.search(token) is not None
            token = _BELARUS_SUFFIX.sub("", token).strip(" .") if abroad else token
            if not token:
                continue
            partner = self.foreign_by_key.get(match_key(token))
            if partner is not None and (abroad or not self._russian(token)):
                foreign.append(partner)
                known += 1
                continue
            direct = self._russian(token)
            if direct is not None:
                regions.append(direct)
                known += 1
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
                if abroad:
                    foreign.append(self._abroad(token, row, column, problems))
                    known += 1
                    continue
                problems.append(self._region_problem(token, row, column))
                continue
            # "Ярославская Ленинградская" (a comma lost) still names two regions.
            for adjective in [*pending, *words[:-1]]:
                adjective_key = match_key(adjective)
                region = self.adjectives[kind].get(adjective_key)
                partner = (
                    self.foreign_adjectives.get(adjective_key)
                    if kind == RegionKind.OBLAST
                    else None
                )
                if partner is not None and (abroad or region is None):
                    foreign.append(partner)
                    known += 1
                elif abroad:
                    foreign.append(self._abroad(f"{adjective} {noun}", row, column, problems))
                    known += 1
                elif region is None:
                    suffix = " область" if kind == RegionKind.OBLAST else " край"
                    problems.append(self._region_problem(adjective + suffix, row, column))
                else:
                    regions.append(region)
                    known += 1
            pending = []
        if not known and not _REGION_WORDS.search(key):
            return PartnerCell([], False, [], [])  # a free-text note, kept as written
        for adjective in pending:
            problems.append(
                Problem(
                    row,
                    column,
                    f"«{adjective}»: не указано, область это или край.",
                    self._closest(adjective + " область", list(self.regions_by_name)),
                )
            )
        regions = [r for r in dict.fromkeys(regions) if not r.is_home]
        foreign = [p for p in dict.fromkeys(foreign) if p is not None]
        return PartnerCell(regions, False, foreign, problems)

    def _abroad(self, name, row, column, problems):
        """A place in Belarus the reference does not list: the country is the partner, and
        the cell keeps the name as written. A notice, never a blocking problem."""
        country = self.foreign_by_key.get(match_key("Республика Беларусь"))
        problems.append(
            Problem(
                row,
                column,
                f"«{name}» нет в справочнике зарубежных партнёров; сохранено как партнёр "
                f"«{country.name if country else 'Республика Беларусь'}».",
                blocking=False,
            )
        )
        return country

    def _russian(self, token):
        """A region named by one token: its name, short name or any other name, a city in
        any case with or without «г.»."""
        key = match_key(token)
        region = self.regions_by_name.get(key) or self.alias_forms.get(key)
        if region is None and _CITY_PREFIX.match(token):
            region = self.alias_forms.get(match_key(_CITY_PREFIX.sub("", token)))
        return region

    def regions_in_text(self, text):
        """Partner regions named in participants or content, in the order they appear: in the
        genitive («Брянской и Калужской областей», «Республики Беларусь» is not one), by an
        informal name («из Якутии», «Кузбасса») or by a city after a preposition or «г.»
        («в г. Курске», «из Калуги»). The home region is never a partner."""
        key = match_key(text)
        found = []
        for word in self._adjective_pattern().finditer(key):
            region, noun = self.genitive_adjectives[word.group(1)]
            # The adjective counts only when its noun follows within the same list.
            following = _WORD.findall(key, word.end(), word.end() + 1000)[:24]
            if any(w.startswith(noun) for w in following):
                found.append((word.start(), region))
        for match in self._genitive_pattern().finditer(key):
            found.append((match.start(), self.genitive_names[match.group(1)]))
        written = collapse_spaces(text).replace("ё", "е").replace("Ё", "Е")
        written = re.sub(r"\s*[‐‑‒–—−]\s*", " — ", written)
        for pattern, forms in self._written_patterns():
            for match in pattern.finditer(written):
                found.append((match.start(1), forms[match.group(1)]))
        return list(
            dict.fromkeys(
                region for _, region in sorted(found, key=lambda f: f[0]) if not region.is_home
            )
        )

    def foreign_in_text(self, text):
        """Partners abroad the text names («Витебской области Республики Беларусь», «из г.
        Минска», «Могилёвская область»), in the order they appear."""
        written = collapse_spaces(text).replace("ё", "е").replace("Ё", "Е")
        found = [
            (m.start(), self.foreign_written[m.group(1)])
            for m in self._foreign_pattern().finditer(written)
        ]
        partners = [p for _, p in sorted(found, key=lambda f: f[0])]
        # «Витебской области Республики Беларусь» names the oblast, not the country too.
        if len(set(partners)) > 1:
            partners = [p for p in partners if p.name != p.country]
        return list(dict.fromkeys(partners))

    def _foreign_pattern(self):
        if not hasattr(self, "_foreign_regex"):
            names = sorted(self.foreign_written, key=len, reverse=True)
            alternation = _alternation(names)
            self._foreign_regex = re.compile(rf"(?<!\w)({alternation})(?!\w)")
        return self._foreign_regex

    def _written_patterns(self):
        # Case-sensitive: «Орла» the city, not «орла» the bird; cities need their mark.
        if not hasattr(self, "_written_regexes"):
            patterns = []
            for forms, mark in ((self.city_forms, _CITY_MARK), (self.short_forms, "")):
                names = sorted(forms, key=len, reverse=True)
                if not names:
                    continue
                alternation = _alternation(names)
                patterns.append((re.compile(rf"{mark}(?<![\w-])({alternation})(?![\w-])"), forms))
            self._written_regexes = patterns
        return self._written_regexes

    def _adjective_pattern(self):
        # The genitive adjectives («брянской», «краснодарского») found by one C-level scan
        # instead of a dictionary lookup per word of every cell.
        if not hasattr(self, "_adjective_regex"):
            names = sorted(self.genitive_adjectives, key=len, reverse=True)
            alternation = _alternation(names)
            self._adjective_regex = re.compile(rf"(?<!\w)({alternation})(?!\w)")
        return self._adjective_regex

    def _genitive_pattern(self):
        # One alternation, longest names first, compiled once per import: a pattern per name
        # and row made this the slowest step of a large preview.
        if not hasattr(self, "_genitive_regex"):
            names = sorted(self.genitive_names, key=len, reverse=True)
            alternation = _alternation(names)
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


@dataclass
class Candidate:
    """An agreement the text may mean: how well its partner regions (1 — exactly those named,
    0.5 — those and others, 0 — none named) and its subject's key words (a share) fit."""

    agreement: object
    regions: float
    subject: float

    @property
    def score(self):
        return 2 * self.regions + self.subject
