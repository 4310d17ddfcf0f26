"""Documents of approved data: built once per version of the data under them, kept in the
default storage and served from there.

The version is one query. Every table that feeds a document gives, over the rows the document
reads (the period's events and submissions, the roadmap's items and progress, the whole of the
small reference tables), three numbers: how many rows, the largest id and the latest
`updated_at`. A write changes one of them whatever path it takes — a service, the admin and its
history, a spreadsheet import, bulk_create (it sets auto_now), a delete (fewer rows) — so no
writer has to announce itself and no list of who bumps what can go stale. Two rules keep it
true: `QuerySet.update()` and `bulk_update()` on these tables set `updated_at` too, and a writer
that replaces an event's links (agreements, regions) without saving the event touches its
`updated_at` (the link tables are not read: joining them cost more than everything else).
The period's events are read from an index that holds (year, period, id, updated_at), so the
query does not touch the table. The digest of the document code (builders, renderers, the
preview template) is part of the version: a deploy that changes a document builds it again.

A build is a DocumentBuild row, unique per (kind, period, format, version): whoever creates the
row builds (small documents at once, in the request; large ones in the task worker), everyone
else who asks meanwhile finds the row and waits for it. Drafts are never stored.
"""

import hashlib
import logging
from dataclasses import dataclass, replace
from functools import cache
from importlib.metadata import version as package_version
from itertools import islice
from pathlib import Path
from tempfile import TemporaryFile
from urllib.parse import parse_qsl, urlencode

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count, Max, Value
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

import cooperation.periods
import cooperation.text
from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapProgress,
    RoadmapResponsibility,
    RoadmapSection,
)
from cooperation.models import Department, DepartmentName, ForeignPartner, Region
from cooperation.periods import QUARTERS, quarters_of_half
from events.models import PlannedEvent, ReportedEvent
from reports.builders import ReportError, build_report
from reports.documents import ReportKind
from reports.models import DocumentBuild, DocumentStatus, Submission
from reports.renderers import RENDERERS, render_html

logger = logging.getLogger(__name__)

PREVIEW = "html"  # the on-screen preview is stored beside the files, as one more format
PREVIEW_ROWS = 1000
PROGRESS_EVERY = 500  # rows between two progress notes of a build
# Documents with more rows than this are built by the task worker, not in the request: a second
# of building on this 2-core machine (about 15,000 rows a second idle, 6,000–8,000 when it is
# busy; README, «Нагрузка»). The quarterly report of 12,500 rows is built in the worker.
BACKGROUND_ROWS = 10_000
# A build whose row has not moved for this long has lost its worker (killed, redeployed).
STALLED_AFTER = timezone.timedelta(minutes=2)
# A failed build is tried again by the next reader after this pause, not by every reader at once.
RETRY_FAILED_AFTER = timezone.timedelta(seconds=30)
FAILED_MESSAGE = "Не удалось подготовить документ из-за ошибки на сервере; она записана в журнал."


@dataclass(frozen=True)
class DocumentSpec:
    """Which document: its kind and period (and roadmap). Drafts are not specs: never stored."""

    kind: str
    year: int
    quarter: int | None = None
    half: int | None = None
    roadmap_id: int | None = None

    @classmethod
    def of(cls, kind, *, year, quarter=None, half=None, roadmap=None):
        """The spec of the document the reports form asks for, without the fields its kind
        does not use (so one document has one key however the form was filled)."""
        return cls(
            kind=kind,
            year=year,
            quarter=quarter if kind == ReportKind.QUARTERLY else None,
            half=half if kind in (ReportKind.HALF_YEAR, ReportKind.PLAN) else None,
            roadmap_id=roadmap.pk if kind == ReportKind.ROADMAP and roadmap else None,
        )

    @classmethod
    def from_params(cls, kind, params):
        return cls(kind=kind, **{key: int(value) for key, value in parse_qsl(params)})

    @property
    def params(self):
        pairs = [("year", self.year), ("quarter", self.quarter), ("half", self.half)]
        pairs.append(("roadmap_id", self.roadmap_id))
        return urlencode([(key, value) for key, value in pairs if value is not None])

    @property
    def quarters(self):
        match self.kind:
            case ReportKind.QUARTERLY:
                return (self.quarter,)
            case ReportKind.HALF_YEAR:
                return quarters_of_half(self.half)
        return QUARTERS

    def build_table(self, *, draft=False):
        roadmap = None
        if self.roadmap_id is not None:
            roadmap = Roadmap.objects.select_related("region").filter(pk=self.roadmap_id).first()
        return build_report(
            self.kind,
            year=self.year,
            quarter=self.quarter,
            half=self.half,
            roadmap=roadmap,
            draft=draft,
        )


# --- Version --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    key: str
    rows: int  # the document's rows, roughly: what decides where it is built, and its progress


@dataclass(frozen=True)
class _Stamp:
    queryset: object  # one row of aggregates
    width: int  # its columns
    counts: bool  # whether its first column counts rows of the document


def _stamp(queryset, *, counts=False):
    """One row: how many rows, the largest id, the latest change (a constant groups nothing)."""
    values = {"n": Count("pk"), "last_id": Max("pk"), "changed": Max("updated_at")}
    one_row = (
        queryset.order_by().annotate(one=Value(1)).values("one").annotate(**values).values(*values)
    )
    return _Stamp(one_row, len(values), counts)


def _sources(spec):
    """A stamp for every table the document reads."""
    reference = [_stamp(Department.objects.all()), _stamp(DepartmentName.objects.all())]
    if spec.kind == ReportKind.PLAN:
        return [
            _stamp(PlannedEvent.objects.in_half(spec.year, spec.half), counts=True),
            _stamp(Region.objects.all()),
            _stamp(ForeignPartner.objects.all()),
            *reference,
        ]
    if spec.kind == ReportKind.ROADMAP:
        roadmap = spec.roadmap_id
        progress = RoadmapProgress.objects.filter(item__section__roadmap_id=roadmap, year=spec.year)
        return [
            _stamp(RoadmapItem.objects.filter(section__roadmap_id=roadmap), counts=True),
            _stamp(progress, counts=True),
            _stamp(Roadmap.objects.filter(pk=roadmap)),
            _stamp(RoadmapSection.objects.filter(roadmap_id=roadmap)),
            _stamp(RoadmapResponsibility.objects.filter(item__section__roadmap_id=roadmap)),
            _stamp(Region.objects.all()),
            *reference,
        ]
    quarters = spec.quarters
    return [
        _stamp(ReportedEvent.objects.in_quarters(spec.year, quarters), counts=True),
        _stamp(Submission.objects.in_quarters(spec.year, quarters)),
        _stamp(Agreement.objects.all()),
        *reference,
    ]


def _code_files():
    here = Path(__file__).resolve().parent
    yield from sorted(p for p in (here / "renderers").rglob("*") if p.is_file())
    yield from (here / name for name in ("builders.py", "documents.py", "tables.py", "cache.py"))
    yield Path(cooperation.periods.__file__)
    yield Path(cooperation.text.__file__)
    yield Path(get_template("reports/_table.html").origin.name)


@cache
def code_revision():
    """A digest of the code that draws documents: a deploy that changes it changes every
    version, so no document drawn by old code is served after it."""
    digest = hashlib.sha256(package_version("python-docx").encode())
    for path in _code_files():
        if path.suffix != ".pyc":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_version(spec):
    """The version of the data under the document: one query, whatever the number of rows."""
    stamps = _sources(spec)
    parts, params = [], []
    for number, stamp in enumerate(stamps):
        sql, values = stamp.queryset.query.get_compiler(using=stamp.queryset.db).as_sql()
        parts.append(f"({sql}) s{number}")
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(parts), params)
        row = cursor.fetchone()
    rows, column = 0, 0
    for stamp in stamps:
        rows += row[column] if stamp.counts else 0
        column += stamp.width
    digest = hashlib.sha256(repr((code_revision(), spec.kind, spec.params, row)).encode())
    return Version(key=digest.hexdigest()[:40], rows=rows)


# --- Builds ---------------------------------------------------------------------------------


def order_build(spec, fmt, version):
    """The build of this version of the document: the stored one, the one under way, or a new
    one (started here). A stalled or failed build is started again by one caller only."""
    build, created = DocumentBuild.objects.get_or_create(
        kind=spec.kind,
        params=spec.params,
        format=fmt,
        version=version.key,
        defaults={"rows_expected": version.rows},
    )
    if not created and not _claim_again(build):
        return build
    if fmt == PREVIEW or version.rows <= BACKGROUND_ROWS:
        run_build(build.pk)
    else:
        # reports.tasks wraps run_build, hence the import here; the worker must find the row
        # committed before it looks for it.
        from reports.tasks import build_document

        transaction.on_commit(lambda: build_document.enqueue(build.pk))
    build.refresh_from_db()
    return build


def _claim_again(build):
    """Reset a failed or stalled build for a new attempt; True for the one caller who did."""
    waited = timezone.now() - build.updated_at
    if build.status == DocumentStatus.FAILED:
        due = waited > RETRY_FAILED_AFTER
    else:
        due = build.status != DocumentStatus.READY and waited > STALLED_AFTER
    if not due:
        return False
    return bool(
        DocumentBuild.objects.filter(
            pk=build.pk, status=build.status, updated_at=build.updated_at
        ).update(status=DocumentStatus.PENDING, rows_done=0, error="", updated_at=timezone.now())
    )


def _with_progress(rows, build_id):
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            DocumentBuild.objects.filter(pk=build_id).update(
                rows_done=done, updated_at=timezone.now()
            )


def preview_html(table):
    """The first PREVIEW_ROWS rows on screen, and a note when the files hold more."""
    rows = list(islice(table.rows, PREVIEW_ROWS + 1))
    html = render_html(replace(table, rows=rows[:PREVIEW_ROWS]))
    if len(rows) > PREVIEW_ROWS:
        note = get_template("reports/_preview_note.html").render({"shown": PREVIEW_ROWS})
        html = note + html
    return html


def storage_name(build):
    period = build.params.replace("&", "_").replace("=", "-")
    return f"documents/{build.kind}/{period}/{build.version}.{build.format}"


def run_build(build_id):
    """Build and store one document, if it is still waiting (a second run of the same task
    finds it taken and does nothing)."""
    taken = DocumentBuild.objects.filter(pk=build_id, status=DocumentStatus.PENDING).update(
        status=DocumentStatus.RUNNING, updated_at=timezone.now()
    )
    if not taken:
        return
    build = DocumentBuild.objects.get(pk=build_id)
    spec = DocumentSpec.from_params(build.kind, build.params)
    try:
        table = spec.build_table()
        filename = f"{table.filename}.{build.format}"
        with TemporaryFile() as stream:
            if build.format == PREVIEW:
                stream.write(preview_html(table).encode())
            else:
                table.rows = _with_progress(table.rows, build_id)
                RENDERERS[build.format](table, stream)
            stream.seek(0)
            name = default_storage.save(storage_name(build), File(stream))
    except Exception as error:
        logger.exception("Документ %s (%s) не построен", build, build.version)
        message = str(error) if isinstance(error, ReportError) else FAILED_MESSAGE
        DocumentBuild.objects.filter(pk=build_id).update(
            status=DocumentStatus.FAILED, error=message, updated_at=timezone.now()
        )
        return
    now = timezone.now()
    DocumentBuild.objects.filter(pk=build_id).update(
        status=DocumentStatus.READY,
        file=name,
        filename=filename,
        rows_done=build.rows_expected,
        finished_at=now,
        updated_at=now,
    )
    _forget_older(build)


def _forget_older(build):
    """Earlier versions of the same document are of no use once a newer one is stored."""
    older = DocumentBuild.objects.filter(
        kind=build.kind,
        params=build.params,
        format=build.format,
        created_at__lt=build.created_at,
        status__in=(DocumentStatus.READY, DocumentStatus.FAILED),
    )
    for name in older.exclude(file="").values_list("file", flat=True):
        default_storage.delete(name)
    older.delete()


def forget_build(build):
    """A build whose file is gone from the storage: its row goes too, the next one builds."""
    DocumentBuild.objects.filter(pk=build.pk).delete()


def read_preview(build):
    with default_storage.open(build.file.name, "rb") as stream:
        # Stored by preview_html from our own templates, escaped when it was drawn.
        return mark_safe(stream.read().decode())  # noqa: S308
