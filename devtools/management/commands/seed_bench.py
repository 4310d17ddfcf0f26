import time

from django.core.management.base import BaseCommand, CommandError

from cooperation.periods import REPORT_YEAR_MAX, REPORT_YEAR_MIN
from devtools.synthetic import bench_seed
from events.models import ReportedEvent

LABELS = {
    "departments": "департаментов",
    "agreements": "соглашений",
    "reported_events": "мероприятий отчётов",
    "agreement_links": "связей мероприятий с соглашениями",
    "event_region_links": "связей мероприятий с субъектами РФ",
    "submissions": "принятых квартальных отчётов",
    "planned_events": "мероприятий плана",
    "roadmap_sections": "разделов «дорожной карты»",
    "roadmap_items": "пунктов «дорожной карты»",
    "roadmap_responsibilities": "ответственных исполнителей",
    "roadmap_progress": "записей о ходе исполнения",
}


class Command(BaseCommand):
    help = (
        "Заполняет базу синтетическими данными для замеров (make bench): мероприятия отчётов "
        "за четыре квартала года, план на оба полугодия, «дорожную карту». Тексты берутся из "
        "демонстрационных документов. Для рабочей базы не предназначено."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, required=True, help="сколько мероприятий отчётов создать"
        )
        parser.add_argument("--year", type=int, default=2030, help="год данных (по умолчанию 2030)")
        parser.add_argument(
            "--departments", type=int, default=20, help="сколько департаментов (по умолчанию 20)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="начальное значение генератора случайных чисел"
        )

    def handle(self, *args, **options):
        events, year = options["events"], options["year"]
        if events < 1:
            raise CommandError("Число мероприятий должно быть больше нуля.")
        if options["departments"] < 1:
            raise CommandError("Число департаментов должно быть больше нуля.")
        # The roadmap spans the year either side and bench_import writes into the next one.
        if not REPORT_YEAR_MIN < year < REPORT_YEAR_MAX:
            raise CommandError(f"Укажите год от {REPORT_YEAR_MIN + 1} до {REPORT_YEAR_MAX - 1}.")
        if ReportedEvent.objects.in_year(year).exists():
            raise CommandError(
                f"В базе уже есть мероприятия отчётов за {year} год. Синтетические данные "
                "заполняются только в пустой год: выберите другой год или новую базу."
            )
        started = time.perf_counter()
        counts = bench_seed(
            events=events, year=year, departments=options["departments"], seed=options["seed"]
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Синтетические данные за {year} год созданы за {elapsed:.1f} с:")
        for key, count in counts.items():
            self.stdout.write(f"  {LABELS.get(key, key)}: {count}")
