from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Roadmap
from cooperation.periods import HALVES, QUARTERS
from reports.builders import ReportError, build_report
from reports.documents import ReportKind
from reports.renderers import RENDERERS


class Command(BaseCommand):
    help = (
        "Выгружает документ: plan (план на полугодие), quarterly, half_year, annual (отчёты о "
        "реализации соглашений) или roadmap (исполнение «дорожной карты») в DOCX или XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--year", type=int, required=True)
        period = parser.add_mutually_exclusive_group()
        period.add_argument("--quarter", type=int, choices=QUARTERS)
        period.add_argument("--half", type=int, choices=HALVES)
        parser.add_argument("--roadmap", type=int, help="номер (id) «дорожной карты»")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="docx")
        parser.add_argument("--draft", action="store_true", help="проект со всеми отчётами")
        parser.add_argument("--output", required=True, help="путь к файлу")

    def handle(self, *args, **options):
        roadmap = None
        if options["roadmap"] is not None:
            roadmap = Roadmap.objects.select_related("region").filter(pk=options["roadmap"]).first()
            if roadmap is None:
                raise CommandError(f"«Дорожная карта» № {options['roadmap']} не найдена.")
        try:
            table = build_report(
                options["kind"],
                year=options["year"],
                quarter=options["quarter"],
                half=options["half"],
                roadmap=roadmap,
                draft=options["draft"],
            )
        except ReportError as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Каталог {output.parent} не существует.")
        # Written beside the target first so a failed export never leaves half a file behind.
        partial = output.with_name(output.name + ".part")
        try:
            with partial.open("wb") as stream:
                RENDERERS[options["format"]](table, stream)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Сохранено: {output} ({table.title})")
