"""What an import would store, before and after it is written: the drafts of one document."""

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
class Preview:
    layout: object
    file_name: str
    sha256: str
    events: list = field(default_factory=list)
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    roadmap: object = None
    roadmap_region: object = None

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
