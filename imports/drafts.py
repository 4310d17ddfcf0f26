"""What an import would store, before and after it is written: the drafts of one document."""

import re
from dataclasses import dataclass, field

from imports.models import ImportRecord


@dataclass
class EventDraft:
    row: int
    department: object
    position: int
    period: int  # the quarter (reports) or half (plans)
    fields: dict
    regions: list
    agreements: list = field(default_factory=list)
    heading_note: str = ""
    foreign: list = field(default_factory=list)  # partners abroad (ForeignPartner)


@dataclass
class ItemDraft:
    row: int
    section_number: str
    section_title: str
    number: str
    title: str
    timeline: str
    responsible: list
    progress: list = field(default_factory=list)


@dataclass
class NewName:
    """A name the reference data does not know, as written in the document: created only when
    the user confirms exactly this name (a checkbox of the preview, --create on the command
    line)."""

    name: str
    looks_like: str  # «орган исполнительной власти области», «заголовок раздела списка» …
    rows: list = field(default_factory=list)
    reference: str = "департамент"  # which reference it would join: департамент / соглашение

    def __iter__(self):
        # Unpacks as (name, what it looks like, rows), the form the preview page lists.
        return iter((self.name, self.looks_like, self.rows))


@dataclass
class Preview:
    layout: object
    file_name: str
    sha256: str
    events: list = field(default_factory=list)
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    roadmap: object = None
    roadmap_region: object = None
    new_names: list = field(default_factory=list)

    def add_new_name(self, name, looks_like, row, reference="департамент"):
        for known in self.new_names:
            if known.name == name and known.reference == reference:
                if row is not None and row not in known.rows:
                    known.rows.append(row)
                return known
        new = NewName(name, looks_like, [row] if row is not None else [], reference)
        self.new_names.append(new)
        return new

    @property
    def blocking(self):
        return [p for p in self.problems if p.blocking]

    @property
    def create_helps(self):
        """Whether adding departments or agreements to the reference would settle a problem:
        only then is the user told about it."""
        return any(p.create_helps for p in self.blocking)

    @property
    def notices(self):
        return [p for p in self.problems if not p.blocking]


@dataclass
class ImportResult:
    preview: Preview
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    record: ImportRecord | None = None

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


def too_long(text, model, name):
    limit = model._meta.get_field(name).max_length
    return limit if limit is not None and len(text or "") > limit else None


_LINE_SPACES = re.compile(r"[ \t]+")


def cell_text(text):
    """A cell as stored: as written, with its line breaks and no-break spaces (U+00A0), as
    timing_values keeps them; only runs of ordinary spaces become one, spaces at the ends of a
    line and blank lines at the ends of the cell go. Matching normalises; stored text does not."""
    lines = [_LINE_SPACES.sub(" ", line).strip(" ") for line in (text or "").split("\n")]
    joined = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", joined)
