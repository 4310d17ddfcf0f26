"""Measurements of the import side, run by `make bench` (run_bench) on its throwaway database."""

import json
import time

import tablib
from django.core.management.base import BaseCommand
from django.db import transaction

from events.models import ReportedEvent
from events.resources import ReportedEventBulkResource, ReportedEventResource
from imports.docx_reader import read_docx
from imports.layouts import detect_layout, read_grid
from imports.services import document_preview
from reports.builders import build_report
from reports.renderers import render_docx


def _best(function, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return min(times), value


class Command(BaseCommand):
    help = "Замеры импорта для make bench (печатает JSON)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--rows", type=int, default=10000)

    def handle(self, *args, **options):
        year, rows = options["year"], options["rows"]
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
        self.stdout.write(
            json.dumps(
                {
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
            )
        )
