"""`make bench`: export speed and memory on throwaway SQLite databases, printed as a report.

This process never opens a database itself: every step runs `manage.py` in a child with
DATABASE_URL pointing at a temporary file, so each export's memory peak is its own and the
project's database is never touched.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.bench import measure_export
from reports.documents import ReportKind

KINDS = [
    ReportKind.ANNUAL,
    ReportKind.QUARTERLY,
    ReportKind.HALF_YEAR,
    ReportKind.PLAN,
    ReportKind.ROADMAP,
]
FORMATS = ["docx", "xlsx"]

# Targets from the specification.
DOCX_SECONDS = 0.8
DOCX_FLOOR_RATIO = 4
XLSX_SECONDS = 1.2
COMMAND_SECONDS = 2.5
BIG_XLSX_SECONDS = 10
PEAK_MB = 250
SEED_SECONDS = 60
DOCX_PARSE_SECONDS = 1.0
IMPORT_SECONDS = 3.0
IMPORT_ROWS = 10000
WORD_IMPORT_SECONDS = 3.0


def _mark(ok):
    return "OK" if ok else "SLOW"


class _Database:
    """A throwaway SQLite database and the way to run manage.py against it."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.directory / 'bench.sqlite3'}",
            # Measured as deployed: with DEBUG on, Django logs every query and quotes all
            # parameters of large inserts, which alone costs most of a second per 10,000 rows.
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-throwaway-key",
            "ALLOWED_HOSTS": "localhost",
            # Production settings refuse the console mailer; the bench sends no mail.
            "ALLOW_CONSOLE_EMAIL": "1",
        }

    def manage(self, *args):
        """Run a management command; returns (wall seconds, stdout) or stops the bench."""
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *map(str, args)]
        started = time.perf_counter()
        result = subprocess.run(
            command, env=self.env, cwd=settings.BASE_DIR, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise CommandError(
                f"Шаг «{' '.join(command[2:])}» завершился с кодом {result.returncode}:\n"
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return elapsed, result.stdout

    def measure(self, kind, fmt, *, year, runs):
        _, output = self.manage(
            "run_bench",
            "--measure",
            kind,
            fmt,
            "--year",
            year,
            "--runs",
            runs,
            "--out-dir",
            self.directory,
        )
        return json.loads(output.strip().splitlines()[-1])


class Command(BaseCommand):
    help = (
        "Замеры скорости и памяти выгрузки отчётов в DOCX и XLSX на временных базах SQLite "
        "с синтетическими данными. Печатает таблицу с целями; код выхода 0, даже если цель "
        "не достигнута, и не 0, если какой-то шаг упал."
    )
    # The orchestrating process uses no database, so there is nothing to check.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, default=5000, help="мероприятий в основной базе (5000)"
        )
        parser.add_argument(
            "--big-events",
            type=int,
            default=50000,
            help="мероприятий во второй базе (50000); 0 — не замерять",
        )
        parser.add_argument("--year", type=int, default=2030, help="год данных (2030)")
        # Internal: one measurement, run by the bench itself in a child process.
        parser.add_argument(
            "--measure", nargs=2, metavar=("KIND", "FORMAT"), help=argparse.SUPPRESS
        )
        parser.add_argument("--runs", type=int, default=3, help=argparse.SUPPRESS)
        parser.add_argument("--out-dir", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["measure"]:
            kind, fmt = options["measure"]
            result = measure_export(
                kind, fmt, year=options["year"], runs=options["runs"], out_dir=options["out_dir"]
            )
            self.stdout.write(json.dumps(result))
            return
        year, events, big = options["year"], options["events"], options["big_events"]
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="smolensk-bench-") as directory:
            database = self._prepare(directory, events=events, year=year)
            self._exports(database, events=events, year=year)
            self._command(database, year=year)
            self._imports(database, year=year)
        if big:
            with tempfile.TemporaryDirectory(prefix="smolensk-bench-big-") as directory:
                database = self._prepare(directory, events=big, year=year)
                self._big(database, events=big, year=year)
        self.stdout.write(f"\nЗамеры заняли {time.perf_counter() - started:.0f} с.")

    def _prepare(self, directory, *, events, year):
        database = _Database(directory)
        self.stdout.write(f"\nВременная база: {database.env['DATABASE_URL']}")
        seconds, _ = database.manage("migrate", "--noinput")
        self.stdout.write(f"  миграции: {seconds:.1f} с")
        seconds, _ = database.manage("seed_bench", "--events", events, "--year", year)
        self.stdout.write(
            f"  {events} мероприятий засеяно за {seconds:.1f} с (вместе с запуском Django; "
            f"цель < {SEED_SECONDS} с) {_mark(seconds < SEED_SECONDS)}"
        )
        return database

    def _exports(self, database, *, events, year):
        self.stdout.write(
            f"""
Выгрузка отчётов: {events} мероприятий отчётов за {year} год, 20 департаментов.
Цели ТЗ «отчёт по 5000 мероприятиям 20 департаментов» проверяются на годовом отчёте (annual):
он содержит все четыре квартала засеянного года, то есть все {events} строк; в квартальном
(quarterly, I квартал) около четверти. Остальным видам те же потолки времени и памяти.
Время — сборка (build_report) + запись файла, лучшее из 3 в одном процессе после прогрева.
Пик — наибольший RSS отдельного процесса на одну выгрузку; в скобках — прирост сверх Django.
Пол — запись основной XML-части того же файла (word/document.xml, xl/worksheets/sheet1.xml)
в новый zip с ZIP_DEFLATED: столько стоит одно сжатие, без построения документа.
"""
        )
        self.stdout.write(
            f"{'Отчёт':<10} {'Формат':<6} {'Строк':>6} {'Время, с':>9} {'Пол, с':>7} "
            f"{'×пола':>6} {'XML, МБ':>8} {'Пик, МБ':>8} {'(прирост)':>10}  {'Цель':<30} Итог"
        )
        for kind in KINDS:
            for fmt in FORMATS:
                r = database.measure(kind, fmt, year=year, runs=3)
                ratio = r["best_s"] / r["floor_s"]
                limit = DOCX_SECONDS if fmt == "docx" else XLSX_SECONDS
                target = f"< {limit} с"
                ok = r["best_s"] < limit and r["peak_mb"] < PEAK_MB
                if kind == ReportKind.ANNUAL and fmt == "docx":
                    target += f", ≤ {DOCX_FLOOR_RATIO}× пола"
                    ok = ok and ratio <= DOCX_FLOOR_RATIO
                target += f", < {PEAK_MB} МБ"
                growth = f"(+{r['peak_mb'] - r['base_mb']:.0f})"
                self.stdout.write(
                    f"{kind:<10} {fmt.upper():<6} {r['rows']:>6} {r['best_s']:>9.3f} "
                    f"{r['floor_s']:>7.3f} {ratio:>5.1f}× {r['xml_mb']:>8.1f} "
                    f"{r['peak_mb']:>8.0f} {growth:>10}  {target:<30} {_mark(ok)}"
                )

    def _command(self, database, *, year):
        self.stdout.write(
            "\nКоманда export_report целиком, в отдельном процессе (запуск Django, запросы, "
            "запись файла), лучшее из 3:"
        )
        for fmt in FORMATS:
            output = database.directory / f"export.{fmt}"
            runs = [
                database.manage(
                    "export_report", "annual", "--year", year, "--format", fmt, "--output", output
                )[0]
                for _ in range(3)
            ]
            best = min(runs)
            all_runs = " / ".join(f"{s:.2f}" for s in runs)
            self.stdout.write(
                f"  export_report annual --year {year} --format {fmt}: {best:.2f} с "
                f"({all_runs})  цель < {COMMAND_SECONDS} с  {_mark(best < COMMAND_SECONDS)}"
            )

    def _imports(self, database, *, year):
        seconds, output = database.manage("bench_import", "--year", year, "--rows", IMPORT_ROWS)
        r = json.loads(output.strip().splitlines()[-1])
        parse_ok = r["parse_s"] < DOCX_PARSE_SECONDS
        import_ok = r["import_s"] < IMPORT_SECONDS and not r["import_errors"]
        self.stdout.write(
            f"\nИмпорт документа Word ({r['docx_rows']} строк, {r['docx_kb']} КБ): чтение таблицы "
            f"из XML {r['parse_s']:.3f} с  цель < {DOCX_PARSE_SECONDS} с  {_mark(parse_ok)}\n"
            f"  предпросмотр со сверкой со справочниками: {r['preview_s']:.2f} с "
            f"(замечаний: {r['preview_problems']})\n"
            f"Импорт таблицы (django-import-export, быстрый режим): {r['import_rows']} мероприятий "
            f"с соглашениями и регионами за {r['import_s']:.2f} с ({r['created']} записей, "
            f"{r['links']} связей с соглашениями)  цель < {IMPORT_SECONDS} с  {_mark(import_ok)}"
        )
        _, output = database.manage("bench_import", "--year", year, "--word")
        r = json.loads(output.strip().splitlines()[-1])
        word_ok = r["word_import_s"] < WORD_IMPORT_SECONDS and r["word_created"] == r["word_rows"]
        self.stdout.write(
            f"Импорт документа Word целиком (чтение, сверка, запись, журнал; квартальный отчёт "
            f"на {r['word_rows']} строк, {r['word_kb']} КБ): {r['word_import_s']:.2f} с, "
            f"запросов {r['word_import_queries']}  цель < {WORD_IMPORT_SECONDS} с  "
            f"{_mark(word_ok)}\n"
            f"  тот же документ ещё раз (без изменений: {r['word_again_unchanged']}): "
            f"{r['word_again_s']:.2f} с, запросов {r['word_again_queries']}\n"
            f"  отмена загрузки: {r['word_undo_s']:.2f} с, запросов {r['word_undo_queries']}"
        )

    def _big(self, database, *, events, year):
        # One export only: at this size a warm-up changes nothing but doubles the wait.
        r = database.measure(ReportKind.ANNUAL, "xlsx", year=year, runs=0)
        ok = r["first_s"] < BIG_XLSX_SECONDS and r["peak_mb"] < PEAK_MB
        self.stdout.write(
            f"\nГодовой отчёт на {r['rows']} строк в XLSX (один прогон, сборка + запись файла): "
            f"{r['first_s']:.2f} с, пик памяти {r['peak_mb']:.0f} МБ "
            f"(+{r['peak_mb'] - r['base_mb']:.0f} сверх Django), файл {r['file_mb']:.1f} МБ\n"
            f"  цель < {BIG_XLSX_SECONDS} с и < {PEAK_MB} МБ  {_mark(ok)}"
        )
