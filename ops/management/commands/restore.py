from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Восстанавливает базу данных из копии (backup): всё, что в базе сейчас, заменяется "
        "копией. Перед восстановлением остановите веб-приложение и обработчик задач."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="файл копии (.dump от pg_dump или .json.gz)")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="не спрашивать"
        )

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input(
                "Все данные базы будут заменены копией из "
                f"{options['path']}. Продолжить? Напишите «да»: "
            )
            if answer.strip().lower() not in {"да", "yes"}:
                raise CommandError("Восстановление отменено.")
        try:
            restore(options["path"], alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"База восстановлена из {options['path']}.")
