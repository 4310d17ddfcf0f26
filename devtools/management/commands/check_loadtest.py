import json
from pathlib import Path

from django.core.management.base import BaseCommand

from devtools.loadtest.seed import check_writes


class Command(BaseCommand):
    help = "Для make loadtest: всё ли, что сервер подтвердил сотрудникам, есть в базе."

    def add_arguments(self, parser):
        parser.add_argument("--writes", required=True, help="подтверждённые записи (JSON Lines)")

    def handle(self, *args, **options):
        lines = Path(options["writes"]).read_text(encoding="utf-8").splitlines()
        writes = [json.loads(line) for line in lines if line]
        problems = check_writes(writes)
        kinds = {kind: sum(1 for w in writes if w["kind"] == kind) for kind in ("create", "edit")}
        self.stdout.write(
            f"Подтверждено: добавлений {kinds['create']}, правок {kinds['edit']}, "
            f"отправок {len(writes) - sum(kinds.values())}; расхождений: {len(problems)}."
        )
        for problem in problems:
            self.stdout.write(f"- {problem}")
