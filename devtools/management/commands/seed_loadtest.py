import json
from pathlib import Path

from django.core.management.base import BaseCommand

from devtools.loadtest.seed import seed_data, seed_users


class Command(BaseCommand):
    help = (
        "Для make loadtest, только во временной базе: синтетический год (как seed_bench), "
        "руководители и сотрудники с готовыми сессиями; пишет файл настроек для locust."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2030)
        parser.add_argument("--events", type=int, default=50_000)
        parser.add_argument("--officials", type=int, default=50)
        parser.add_argument("--staff", type=int, default=20)
        parser.add_argument("--output", required=True, help="куда записать настройки (JSON)")

    def handle(self, *args, **options):
        year = options["year"]
        if seed_data(year=year, events=options["events"]):
            self.stdout.write(f"Синтетические данные за {year} год созданы.")
        config = seed_users(year=year, officials=options["officials"], staff=options["staff"])
        Path(options["output"]).write_text(json.dumps(config, ensure_ascii=False, indent=1))
        self.stdout.write(
            f"Руководителей: {len(config['officials'])}, сотрудников: {len(config['staff'])}."
        )
