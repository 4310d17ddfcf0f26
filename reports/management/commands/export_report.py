import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Roadmap
from cooperation.periods import HALVES, QUARTERS
from reports.builders import ReportError, build_report
from reports.documents import ReportKind
from reports.renderers import RENDERERS

# Which period options each kind takes; any other is refused rather than silently ignored.
OPTIONS = {
    ReportKind.PLAN: {"half"},
    ReportKind.QUARTERLY: {"quarter", "draft"},
    ReportKind.HALF_YEAR: {"half", "draft"},
    ReportKind.ANNUAL: {"draft"},
    ReportKind.ROADMAP: {"roadmap"},
}
_FLAGS = {"quarter": "--quarter", "half": "--half", "roadmap": "--roadmap", "draft": "--draft"}
# A suffix of a few letters is a file type ("q.pdf"); anything else ("отчет.2020") is part of
# the name, and the format's extension is added after it.
_FILE_TYPE = re.compile(r"^\.[^\W\d_]{1,5}$")


def output_path(output, fmt):
    """The file to write and its format: the extension and --format must agree; a missing
    extension is added. Returns (path, format)."""
    path = Path(output)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in RENDERERS:
        if fmt is not None and fmt != suffix:
            raise CommandError(
                f"Файл {path.name} назван как {suffix.upper()}, а выбран формат {fmt.upper()}: "
                f"укажите --output {path.with_suffix('.' + fmt).name} или --format {suffix}."
            )
        return path, suffix
    if _FILE_TYPE.match(path.suffix):
        raise CommandError(
            f"Команда пишет только DOCX и XLSX, а файл {path.name} назван как "
            f"{suffix.upper()}: укажите имя с расширением .docx или .xlsx."
        )
    fmt = fmt or "docx"
    return path.with_name(f"{path.name}.{fmt}"), fmt


class Command(BaseCommand):
    help = (
        "Выгружает документ: plan (план на полугодие), quarterly, half_year, annual (отчёты о "
        "реализации соглашений) или roadmap (исполнение «дорожной карты») в DOCX или XLSX. "
        "Формат берётся из расширения файла; без расширения — из --format (по умолчанию docx), "
        "и расширение добавляется."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--year", type=int, required=True)
        period = parser.add_mutually_exclusive_group()
        period.add_argument("--quarter", type=int, choices=QUARTERS)
        period.add_argument("--half", type=int, choices=HALVES)
        parser.add_argument("--roadmap", type=int, help="номер (id) «дорожной карты»")
        parser.add_argument("--format", choices=sorted(RENDERERS))
        parser.add_argument("--draft", action="store_true", help="проект со всеми отчётами")
        parser.add_argument("--output", required=True, help="путь к файлу")

    def handle(self, *args, **options):
        kind = ReportKind(options["kind"])
        given = {name for name in _FLAGS if options[name] not in (None, False)}
        if extra := sorted(given - OPTIONS[kind]):
            flags = ", ".join(_FLAGS[name] for name in extra)
            raise CommandError(f"Для документа «{kind.label}» не указывают {flags}.")
        output, fmt = output_path(options["output"], options["format"])
        roadmap = None
        if options["roadmap"] is not None:
            roadmap = Roadmap.objects.select_related("region").filter(pk=options["roadmap"]).first()
            if roadmap is None:
                raise CommandError(f"«Дорожная карта» № {options['roadmap']} не найдена.")
        try:
            table = build_report(
                kind,
                year=options["year"],
                quarter=options["quarter"],
                half=options["half"],
                roadmap=roadmap,
                draft=options["draft"],
            )
        except ReportError as error:
            raise CommandError(str(error)) from error
        if not output.parent.is_dir():
            raise CommandError(f"Каталог {output.parent} не существует.")
        # Written beside the target first so a failed export never leaves half a file behind.
        partial = output.with_name(output.name + ".part")
        try:
            with partial.open("wb") as stream:
                RENDERERS[fmt](table, stream)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Сохранено в {fmt.upper()}: {output} ({table.title})")
