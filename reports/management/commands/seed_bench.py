import time

from django.core.management.base import BaseCommand, CommandError

from events.models import ReportedEvent
from reports.bench import bench_seed

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
        if not 2001 <= year <= 2099:
            raise CommandError("Укажите год от 2001 до 2099.")
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
