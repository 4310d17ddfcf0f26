from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.docx_reader import DocumentError
from imports.names import AGREEMENT, EXECUTIVE_BODY, INSTITUTION
from imports.services import ImportRejected, document_import, document_preview
from reports.documents import ReportKind

CREATABLE = {EXECUTIVE_BODY, INSTITUTION, AGREEMENT}


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
            "--create",
            action="append",
            default=[],
            metavar="НАИМЕНОВАНИЕ",
            help=(
                "добавить в справочник этот новый департамент или это соглашение, как оно "
                "написано в документе (можно повторять)"
            ),
        )
        # The old switch created every unknown name at once, headings included: refused with
        # what to do instead.
        parser.add_argument("--create-missing", action="store_true", help="не используется")

    def handle(self, *args, **options):
        if options["create_missing"]:
            raise CommandError(
                "Ключ --create-missing больше не действует: новые департаменты и соглашения "
                "добавляются по одному. Запустите команду с --dry-run, чтобы увидеть новые "
                'наименования, и назовите каждое нужное: --create "Наименование".'
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл {path} не найден.")
        create = frozenset(options["create"])
        data = path.read_bytes()
        try:
            result = document_import(
                data=data,
                file_name=path.name,
                kind=options["kind"],
                create=create,
                dry_run=options["dry_run"],
            )
        except DocumentError as error:
            raise CommandError(str(error)) from error
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(f"  {problem}")
            preview = document_preview(
                data=data, file_name=path.name, kind=options["kind"], create=create
            )
            raise CommandError(
                f"Документ не загружен: замечаний — {len(rejected.problems)}. "
                + _advice(preview, create)
            ) from rejected
        self._check_unused(create, result.preview)
        preview = result.preview
        for notice in preview.notices:
            self.stdout.write(f"  {notice}")
        verb = "Проверено (ничего не сохранено)" if options["dry_run"] else "Загружено"
        self.stdout.write(
            f"{verb}: {preview.layout.title}. Добавлено — {result.created}, изменено — "
            f"{result.updated}, без изменений — {result.unchanged}."
        )

    def _check_unused(self, create, preview):
        known = {n.name for n in preview.new_names}
        for name in sorted(create - known):
            self.stderr.write(f"  --create «{name}»: такого нового наименования в документе нет.")


def _advice(preview, create):
    """What to do next. --create is advised only for names that look like what they would
    become (a body or organisation of the oblast, an agreement); a heading, the Duma or a city
    administration is a row to correct in the document."""
    pending = [n for n in preview.new_names if n.name not in create]
    likely = [n for n in pending if n.looks_like in CREATABLE]
    unlikely = [n for n in pending if n.looks_like not in CREATABLE]
    lines = ["Исправьте их в документе."]
    if likely:
        lines.append(
            "Новые наименования можно добавить в справочники, назвав каждое (ключ можно повторять):"
        )
        lines += [f'  --create "{n.name}"  ({n.reference}: {n.looks_like})' for n in likely]
    if unlikely:
        lines.append("Не похожи на департамент или соглашение (исправьте эти строки документа):")
        lines += [f"  «{n.name}» — {n.looks_like}" for n in unlikely]
    return "\n".join(lines)
