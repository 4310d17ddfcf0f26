"""Measurements of the import side, run by `make bench` (run_bench) on its throwaway database."""

import json

from django.core.management.base import BaseCommand

from devtools.bench import measure_import, measure_word_import


class Command(BaseCommand):
    help = "Замеры импорта для make bench (печатает JSON)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--rows", type=int, default=10000)
        parser.add_argument(
            "--word",
            action="store_true",
            help="только импорт документа Word целиком (в своём процессе, как у обработчика задач)",
        )

    def handle(self, *args, **options):
        if options["word"]:
            result = measure_word_import(year=options["year"])
        else:
            result = measure_import(year=options["year"], rows=options["rows"])
        self.stdout.write(json.dumps(result))
