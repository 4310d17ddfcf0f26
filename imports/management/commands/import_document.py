from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.docx_reader import DocumentError
from imports.services import ImportRejected, document_import
from reports.documents import ReportKind


class Command(BaseCommand):
    help = (
        "Загружает документ Word (план на полугодие, отчёт о реализации соглашений, отчёт об "
        "исполнении «дорожной карты»): вид и период берутся из заголовка."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="проверить, ничего не сохраняя")
        parser.add_argument(
            "--kind",
            choices=ReportKind.values,
            help="вид документа (вместо определённого по заголовку)",
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="добавить в справочники отсутствующие департаменты и соглашения",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл {path} не найден.")
        try:
            result = document_import(
                data=path.read_bytes(),
                file_name=path.name,
                kind=options["kind"],
                create_missing=options["create_missing"],
                dry_run=options["dry_run"],
            )
        except DocumentError as error:
            raise CommandError(str(error)) from error
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(f"  {problem}")
            # --create-missing is advised only when adding to the reference would settle
            # something: it cannot fix a date, an empty cell or an unknown region.
            advice = (
                " (или подтвердите добавление в справочники: --create-missing)"
                if not options["create_missing"] and any(p.create_helps for p in rejected.problems)
                else ""
            )
            raise CommandError(
                f"Документ не загружен: замечаний — {len(rejected.problems)}. Исправьте их{advice}."
            ) from rejected
        preview = result.preview
        for notice in preview.notices:
            self.stdout.write(f"  {notice}")
        verb = "Проверено (ничего не сохранено)" if options["dry_run"] else "Загружено"
        self.stdout.write(
            f"{verb}: {preview.layout.title}. Добавлено — {result.created}, изменено — "
            f"{result.updated}, без изменений — {result.unchanged}."
        )
