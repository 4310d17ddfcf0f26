from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Полная копия базы данных: pg_dump в формате custom на PostgreSQL, JSON с естественными "
        "ключами (.json.gz) на SQLite. По умолчанию — в BACKUP_DIR с датой и временем в имени."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="куда записать копию (файла ещё не должно быть)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            path = backup(options["output"], alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Копия базы: {path} ({path.stat().st_size} байт)")
