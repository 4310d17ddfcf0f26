"""New names in a document: what a department or agreement name the reference data does not
know looks like, and the names of one import, created only when the user confirmed them."""

import re

from cooperation.models import Department, DepartmentKind
from cooperation.text import closest_name, collapse_spaces
from imports.drafts import cell_text, too_long
from imports.matching import Problem, match_key
from reports.models import Submission

_REPRESENTATIVE = re.compile(r"\bдум[аыеу]\b|законодательн\w* собрани|собрани\w* депутатов")
_MUNICIPAL = re.compile(
    r"муниципальн|городск\w* округ|городск\w* поселени|сельск\w* поселени|\bрайон\w*\b"
)
_CITY = re.compile(r"\bг\. |\bгород\w*\b")
_EXECUTIVE = re.compile(
    r"^(аппарат|департамент|главное управление|управление|министерство|комитет|агентство"
    r"|инспекция|администрация смоленской области|правительство смоленской области)\b"
)
_INSTITUTION = re.compile(
    r"\b(согбу|согау|согку|согуп|огбу|огау|огку|гбу|гау|гку|мбу|мбук|мау|ано|оао|ао|ооо|"
    r"фонд\w*|учреждени\w*|центр\w*|музе\w*|театр\w*|библиотек\w*|колледж\w*|"
    r"университет\w*|институт\w*|академи\w*|школ\w*|ансамбл\w*|филармони\w*)\b"
)
_AGREEMENT_WORDS = re.compile(r"^(\w+ )?(соглашени|договор|меморандум|протокол)")

EXECUTIVE_BODY = "орган исполнительной власти области"
OTHER_EXECUTIVE = "орган исполнительной власти, но не Смоленской области"
INSTITUTION = "подведомственная организация (учреждение)"
MUNICIPALITY = "муниципальное образование (орган местного самоуправления)"
REPRESENTATIVE = "представительный орган (не орган исполнительной власти области)"
HEADING = "заголовок раздела списка (не похоже на наименование органа или организации)"
AGREEMENT = "соглашение"
NOT_AGREEMENT = "не похоже на наименование соглашения (нет слов «Соглашение», «Договор» …)"


def looks_like_department(name):
    """What a department name the reference does not know looks like, for the preview: a group
    row of a list can be a body of the oblast, but also a heading, the oblast's Duma or a city
    administration, which must not become departments unnoticed."""
    key = collapse_spaces(name).casefold().replace("ё", "е")
    if _REPRESENTATIVE.search(key):
        return REPRESENTATIVE
    if key.startswith("администраци") and not _EXECUTIVE.match(key):
        return MUNICIPALITY  # the administration of a city, a district, a municipality
    if _EXECUTIVE.match(key):
        return EXECUTIVE_BODY if "смоленск" in key else OTHER_EXECUTIVE
    if _INSTITUTION.search(key):
        return INSTITUTION
    if _MUNICIPAL.search(key) or _CITY.search(key):
        return MUNICIPALITY
    return HEADING


def looks_like_agreement(title):
    key = collapse_spaces(title).casefold().replace("ё", "е")
    return AGREEMENT if _AGREEMENT_WORDS.match(key) else NOT_AGREEMENT


def _note_as_written(written, note):
    """The note in brackets after a department's name with its line breaks and no-break spaces,
    when the written heading ends with it; matching reads a copy with the spaces collapsed."""
    written = (written or "").rstrip()
    start = len(written)
    for _ in range(50):  # a bounded search from the end: headings are untrusted text
        start = written.rfind("(", 0, start)
        if start < 0:
            break
        if collapse_spaces(written[start:]) == note:
            return cell_text(written[start:])
    return note


class Names:
    """Departments and agreements of one reading: known ones from the reference; new ones only
    when the user named them for creation (`create`), each listed in the preview with what it
    looks like."""

    def __init__(self, reference, create, preview):
        self.reference = reference
        self.create = frozenset(collapse_spaces(name) for name in create)
        self.preview = preview
        self.hints_left = 50

    def _hint(self, text, names):
        # A hint compares with every name: only the first problems of a document get one.
        if self.hints_left <= 0:
            return ""
        self.hints_left -= 1
        return closest_name(text, names, key=match_key)

    def department(self, heading, row, column, written=""):
        """The department a group row (or a responsible-body name) names, and the note in
        brackets after the name, as `written` in the document."""
        text = collapse_spaces(heading)
        department, note, problem = self.reference.department(
            heading, row, column, create_missing=True
        )
        if department is None or department.pk is not None:
            if problem:
                self.preview.problems.append(problem)
            if note:
                note = _note_as_written(written, note)
                limit = too_long(note, Submission, "heading_note")
                if limit:
                    self.preview.problems.append(
                        Problem(
                            row,
                            column,
                            f"Пояснение в скобках после наименования департамента длиннее "
                            f"{limit} знаков: сократите его.",
                        )
                    )
            return department, note
        looks = looks_like_department(text)
        max_length = Department._meta.get_field("name").max_length
        if len(text) > max_length:
            self.preview.problems.append(
                Problem(
                    row,
                    column,
                    f"«{text[:100]}…» не найден в справочнике и не может быть добавлен: "
                    f"наименование департамента длиннее {max_length} знаков.",
                )
            )
            return None, ""
        self.preview.add_new_name(text, looks, row)
        if looks == INSTITUTION:
            department.kind = DepartmentKind.INSTITUTION
        if text in self.create:
            self.preview.problems.append(
                Problem(
                    row,
                    column,
                    f"Департамент «{text}» ({looks}) будет добавлен в справочник.",
                    blocking=False,
                )
            )
            return department, note
        names = sorted({d.name for d in self.reference.departments.values()})
        self.preview.problems.append(
            Problem(
                row,
                column,
                f"Департамент «{text}» не найден в справочнике; по наименованию это {looks}.",
                self._hint(text, names),
            )
        )
        return None, ""

    def agreements(self, cell, row, column):
        found, offered = self.reference.agreements(cell, row, column, create_missing=True)
        # The reference's notices (matched by partner and subject, an empty cell) stand; a new
        # name is added only when the user ticked it, else it is a problem with the candidates.
        candidates = {p.new_name: p.candidates for p in offered if p.new_name}
        problems = [p for p in offered if not p.new_name]
        known = []
        for agreement in found:
            if agreement.pk is not None:
                known.append(agreement)
                continue
            title = agreement.title
            looks = looks_like_agreement(title)
            self.preview.add_new_name(title, looks, row, reference="соглашение")
            if title in self.create:
                known.append(agreement)
                problems.append(
                    Problem(
                        row,
                        column,
                        f"Соглашение «{title}» будет добавлено в справочник.",
                        blocking=False,
                    )
                )
                continue
            problem = self.reference.agreement_problem(
                title, candidates.get(title, []), row, column
            )
            if looks != AGREEMENT:
                problem.message += f" Это {looks}."
            problems.append(problem)
        self.preview.problems.extend(problems)
        return known
