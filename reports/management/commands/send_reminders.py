from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cooperation.periods import quarter_title
from reports import deadlines
from reports.reminders import send_reminders


def _day(text):
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Дата в формате ГГГГ-ММ-ДД, а не «{text}».") from exc


class Command(BaseCommand):
    help = (
        "Напоминает сотрудникам департаментов по e-mail о квартальном отчёте, который не "
        "отправлен на проверку: когда срок подходит и когда он прошёл. Запускается раз в день; "
        "повторный запуск в тот же день писем не дублирует."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="день, за который рассылать (ГГГГ-ММ-ДД); по умолчанию — сегодня"
        )

    def handle(self, *args, **options):
        day = _day(options["date"]) if options["date"] else deadlines.today()
        sent = send_reminders(day=day)
        year, quarter = deadlines.last_finished_quarter(day)
        period = quarter_title(year, quarter)
        due = deadlines.report_due_date(year, quarter)
        for log in sent:
            self.stdout.write(f"{log.get_kind_display()}: {log.department.name} — {log.recipients}")
        self.stdout.write(
            f"{day:%d.%m.%Y}: отчёт за {period}, срок — {due:%d.%m.%Y}; "
            f"отправлено напоминаний: {len(sent)}."
        )
