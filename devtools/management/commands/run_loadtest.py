import time
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand, CommandError

from devtools.loadtest.runner import SCENARIOS, LoadTestError, Settings, run


class Command(BaseCommand):
    help = (
        "Нагрузочный прогон (make loadtest): временная база PostgreSQL с 50 000 мероприятий, "
        "gunicorn на 127.0.0.1, locust; печатает p50/p95 по видам запросов и ошибки. "
        "Сценарий a — скачивание отчётов (issue 14), b — работа всех ролей (issue 13)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scenario", nargs="+", choices=sorted(SCENARIOS), default=["a"], help="один или оба"
        )
        parser.add_argument("--duration", type=int, help="секунд (по умолчанию: a — 60, b — 300)")
        parser.add_argument(
            "--server",
            default="postgres://postgres@127.0.0.1:5432",
            help="сервер PostgreSQL без имени базы",
        )
        parser.add_argument("--database", default="coop_loadtest")
        parser.add_argument(
            "--reuse-db", action="store_true", help="не пересоздавать базу, если она уже есть"
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--events", type=int, default=50_000)
        parser.add_argument("--year", type=int, default=2030)
        parser.add_argument(
            "--project-dir",
            type=Path,
            default=Path(django_settings.BASE_DIR),
            help="чей код запускать (например, другой checkout для замера «до»)",
        )
        parser.add_argument("--out", type=Path, help="каталог для замеров и журналов")
        parser.add_argument(
            "gunicorn_args",
            nargs="*",
            help="параметры gunicorn вместо gunicorn.conf.py (после --), например "
            "-- --workers 3 --worker-class sync",
        )

    def handle(self, *args, **options):
        if options["duration"] is not None and not 5 <= options["duration"] <= 900:
            raise CommandError("Длительность — от 5 до 900 секунд.")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        out = options["out"] or Path(django_settings.BASE_DIR) / "artifacts" / "loadtest" / stamp
        missed = []
        for number, name in enumerate(options["scenario"]):
            scenario = SCENARIOS[name]
            settings = Settings(
                scenario=scenario,
                duration=options["duration"] or scenario.duration,
                project_dir=options["project_dir"].resolve(),
                out_dir=(out / name).resolve(),
                server_url=options["server"],
                database=options["database"],
                # The second scenario runs on the database the first one has just seeded.
                reuse_db=options["reuse_db"] or number > 0,
                port=options["port"],
                events=options["events"],
                year=options["year"],
                gunicorn_args=options["gunicorn_args"],
            )
            try:
                report, met = run(settings, log=self.stdout.write)
            except LoadTestError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(report)
            self.stdout.write(f"Замеры и журналы: {settings.out_dir}\n")
            if not met:
                missed.append(name)
        if missed:
            raise CommandError(f"Цели не достигнуты в сценарии: {', '.join(missed)}.")
