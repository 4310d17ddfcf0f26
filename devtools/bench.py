"""Measurements for `make bench`, each run alone in a child process on the bench's throwaway
database: one report export (time and memory peak), and the import side."""

import resource
import sys
import time
import zipfile
from pathlib import Path

import tablib
from django.db import connection, transaction

from devtools.synthetic import bench_roadmap
from events.models import ReportedEvent
from events.resources import ReportedEventBulkResource, ReportedEventResource
from imports.docx_reader import read_docx
from imports.layouts import detect_layout, read_grid
from imports.services import document_import, document_preview, import_undo
from reports.builders import build_report
from reports.documents import ReportKind
from reports.renderers import RENDERERS, render_docx
from reports.tables import ReportTable

# --- One export, measured -------------------------------------------------------------------

MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/worksheets/sheet1.xml"}


def report_arguments(kind, year):
    """build_report arguments for the period the bench measures for each kind."""
    match kind:
        case ReportKind.QUARTERLY:
            return {"year": year, "quarter": 1}
        case ReportKind.HALF_YEAR | ReportKind.PLAN:
            return {"year": year, "half": 1}
        case ReportKind.ROADMAP:
            return {"year": year, "roadmap": bench_roadmap(year)}
    return {"year": year}


def peak_rss_mb():
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _export(kind, arguments, render, path):
    started = time.perf_counter()
    table = build_report(kind, **arguments)
    with path.open("wb") as stream:
        render(table, stream)
    return time.perf_counter() - started


def _zip_floor(source, part, target, runs):
    """Best time to deflate the document's main XML part alone into a new zip."""
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(part, xml)
        best = min(best, time.perf_counter() - started)
    return best, len(xml)


def measure_export(kind, fmt, *, year, runs, out_dir):
    """Time and memory of one kind × format, meant to run alone in a fresh process.

    The first export is the warm-up, and the memory peak is read right after it, so the peak
    belongs to a single export (plus Django itself, reported as `base_mb`).
    """
    out_dir = Path(out_dir)
    arguments = report_arguments(kind, year)
    render = RENDERERS[fmt]
    path = out_dir / f"{kind}.{fmt}"
    base_mb = peak_rss_mb()
    first = _export(kind, arguments, render, path)
    peak_mb = peak_rss_mb()
    best = min(_export(kind, arguments, render, path) for _ in range(runs)) if runs else first
    rows = groups = 0
    for row in build_report(kind, **arguments).rows:
        groups += row.is_group
        rows += not row.is_group
    floor, xml_bytes = _zip_floor(path, MAIN_PART[fmt], out_dir / f"{kind}-floor.zip", 3)
    return {
        "kind": kind,
        "format": fmt,
        "rows": rows,
        "groups": groups,
        "first_s": first,
        "best_s": best,
        "floor_s": floor,
        "xml_mb": xml_bytes / 1e6,
        "file_mb": path.stat().st_size / 1e6,
        "base_mb": base_mb,
        "peak_mb": peak_mb,
    }


# --- The import side ------------------------------------------------------------------------


def _best(function, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return min(times), value


class _QueryCounter:
    """Counts the queries a block sends, without the debug cursor's cost of recording them."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def _timed_queries(function):
    with _QueryCounter() as counter:
        started = time.perf_counter()
        value = function()
        seconds = time.perf_counter() - started
    return seconds, counter.count, value


def _quarterly_document(year):
    """Every row of the seeded year's annual report as one quarterly report of the next year:
    a document of as many rows as the bench seeded, none of them in the database yet."""
    annual = build_report("annual", year=year)
    table = ReportTable(
        kind=ReportKind.QUARTERLY,
        title_lines=[
            "Отчет о реализации соглашений в сфере межрегионального сотрудничества",
            f"за I квартал {year + 1} года",
        ],
        columns=annual.columns,
        rows=list(annual.rows),
        filename="bench",
    )
    return render_docx(table)


def measure_word_import(*, year):
    """The whole import of a large Word document (read, match, write, history) as the admin's
    worker and import_document run it: new rows, the same document again (nothing changes),
    and its undo; all rolled back."""
    document = _quarterly_document(year)
    with transaction.atomic():
        new_s, new_q, result = _timed_queries(
            lambda: document_import(data=document, file_name="bench.docx")
        )
        again_s, again_q, again = _timed_queries(
            lambda: document_import(data=document, file_name="bench.docx")
        )
        undo_s, undo_q, _ = _timed_queries(lambda: import_undo(record=result.record, by=None))
        transaction.set_rollback(True)
    return {
        "word_rows": result.created + result.updated + result.unchanged,
        "word_kb": len(document) // 1024,
        "word_created": result.created,
        "word_import_s": new_s,
        "word_import_queries": new_q,
        "word_again_s": again_s,
        "word_again_queries": again_q,
        "word_again_unchanged": again.unchanged,
        "word_undo_s": undo_s,
        "word_undo_queries": undo_q,
    }


def measure_import(*, year, rows):
    """Reading and previewing the annual Word report of the seeded year, then importing a
    spreadsheet of `rows` new events (rolled back)."""
    document = render_docx(build_report("annual", year=year))

    def parse():
        raw = read_docx(document)
        return read_grid(raw, detect_layout(raw.title_lines))

    parse_s, grid = _best(parse)
    preview_s, preview = _best(
        lambda: document_preview(data=document, file_name="bench.docx"), runs=1
    )
    # A spreadsheet of `rows` new events: the seeded year's rows, exported, moved a year on.
    dataset = ReportedEventResource().export(ReportedEvent.objects.in_year(year))
    del dataset["ID"]
    template = list(dataset)
    year_column = dataset.headers.index("Год")
    position_column = dataset.headers.index("№ п/п")
    big = tablib.Dataset(headers=dataset.headers)
    for index in range(rows):
        row = list(template[index % len(template)])
        row[year_column] = year + 1
        row[position_column] = index + 1
        big.append(row)
    with transaction.atomic():
        started = time.perf_counter()
        result = ReportedEventBulkResource().import_data(big, dry_run=False)
        import_s = time.perf_counter() - started
        created = ReportedEvent.objects.in_year(year + 1).count()
        links = ReportedEvent.agreements.through.objects.filter(event__year=year + 1).count()
        transaction.set_rollback(True)
    return {
        "docx_rows": sum(1 for r in grid if r.group is None),
        "docx_kb": len(document) // 1024,
        "parse_s": parse_s,
        "preview_s": preview_s,
        "preview_problems": len(preview.blocking),
        "import_rows": rows,
        "import_s": import_s,
        "import_errors": int(result.has_errors() or result.has_validation_errors()),
        "created": created,
        "links": links,
    }
