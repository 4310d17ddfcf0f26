from datetime import timedelta

from django.core.management.base import BaseCommand

from cooperation.uploads import PENDING_MAX_AGE, clear_pending_uploads


class Command(BaseCommand):
    help = (
        "Удаляет загруженные таблицы, импорт которых так и не подтвердили (старше суток). "
        "То же делается при каждой новой загрузке; команду можно запускать по расписанию."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=int(PENDING_MAX_AGE.total_seconds() // 3600),
            help="удалять файлы старше стольких часов (по умолчанию 24)",
        )

    def handle(self, *args, **options):
        removed = clear_pending_uploads(older_than=timedelta(hours=max(options["hours"], 0)))
        self.stdout.write(f"Удалено неподтверждённых загрузок: {removed}.")
