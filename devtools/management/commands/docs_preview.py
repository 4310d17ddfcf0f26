"""`make docs-preview`: the demo documents as LibreOffice prints them, under artifacts/.

Run as is, the command builds a throwaway SQLite database with the demo data in a temporary
directory and renders from it in a child process, so the project's database is never touched.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.preview import missing_tools, render_preview

DEFAULT_OUTPUT = Path("artifacts") / "docs-preview"


class Command(BaseCommand):
    help = (
        "Выгружает каждый демонстрационный документ в DOCX и XLSX, печатает их в PDF через "
        "LibreOffice и сохраняет страницы картинками PNG (по умолчанию в artifacts/docs-preview)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="каталог для файлов")
        parser.add_argument(
            "--current-database",
            action="store_true",
            help="взять демо-данные из текущей базы, а не из временной",
        )

    def handle(self, *args, **options):
        if missing := missing_tools():
            raise CommandError(
                f"Не найдены программы: {', '.join(missing)}. Установите LibreOffice и "
                "poppler-utils (Debian: apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui poppler-utils hyphen-ru fonts-liberation)."
            )
        output = Path(options["output"])
        if not output.is_absolute():
            output = Path(settings.BASE_DIR) / output
        if options["current_database"]:
            pages = render_preview(output)
            for name, count in pages.items():
                self.stdout.write(f"{name}: страниц — {count}")
            self.stdout.write(f"Готово: {output}")
            return
        with tempfile.TemporaryDirectory(prefix="docs-preview-") as directory:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(directory) / 'preview.sqlite3'}",
                "DEBUG": "1",
            }
            for step in (
                ["migrate", "--noinput", "--verbosity", "0"],
                ["load_demo", "--no-users"],
                ["docs_preview", "--current-database", "--output", str(output)],
            ):
                self._manage(step, env)

    def _manage(self, arguments, env):
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments]
        result = subprocess.run(
            command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise CommandError(
                f"Шаг «{' '.join(arguments)}» завершился с кодом {result.returncode}:\n"
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        self.stdout.write(result.stdout.rstrip())
