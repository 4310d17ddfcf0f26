from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cooperation import roles
from cooperation.models import Department
from cooperation.periods import quarter_title
from devtools.demo import demo_load
from devtools.demo_current import demo_current_load

DEMO_PASSWORD = "demo"

# Demo addresses: with the console mail backend of `make run` reminders and returns are printed.
DEMO_EMAIL = "{}@example.org"

# username, role, department (None for cross-department roles), staff access to the admin
DEMO_USERS = [
    ("culture", roles.STAFF, "Департамент Смоленской области по культуре", False),
    ("sport", roles.STAFF, "Главное управление спорта Смоленской области", False),
    ("coordinator", roles.COORDINATOR, None, True),
    ("official", roles.OFFICIAL, None, True),
]


class Command(BaseCommand):
    help = (
        "Загружает демонстрационные данные (три исходных документа), демо-пользователей и "
        "планы и отчёты демо-департаментов за текущее полугодие и последние кварталы."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Не создавать демо-пользователей."
        )

    def handle(self, *args, **options):
        make_users = not options["no_users"]
        if make_users and not settings.DEBUG:
            raise CommandError(
                "Демо-пользователи с известным паролем создаются только при DEBUG=1. "
                "Запустите с --no-users, чтобы загрузить только данные."
            )
        counts = demo_load()
        self.stdout.write(
            f"Загружено: мероприятий плана — {counts['planned']}, мероприятий отчёта — "
            f"{counts['reported']}, пунктов «дорожной карты» — {counts['roadmap_items']}."
        )
        # A first version of every record, so that even an untouched demo row can be recovered
        # from the admin's history after it is deleted.
        call_command("createinitialrevisions", verbosity=0)
        if make_users:
            users = self._create_users()
            quarters = demo_current_load(
                culture=users["culture"], sport=users["sport"], coordinator=users["coordinator"]
            )
            titles = ", ".join(quarter_title(*quarter) for quarter in quarters)
            self.stdout.write(f"Планы и отчёты демо-департаментов за текущий период: {titles}.")
        else:
            self.stdout.write(
                "Текущий период не заполнен: отчёты отправляют и проверяют демо-пользователи."
            )

    def _create_users(self):
        user_model = get_user_model()
        users = {}
        with transaction.atomic():
            for username, role, department_name, is_staff in DEMO_USERS:
                department = (
                    Department.objects.get(name=department_name) if department_name else None
                )
                user, _ = user_model.objects.update_or_create(
                    username=username,
                    defaults={
                        "department": department,
                        "is_staff": is_staff,
                        "email": DEMO_EMAIL.format(username),
                    },
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.set([Group.objects.get(name=role)])
                users[username] = user
        self.stdout.write("Демо-пользователи (пароль у всех — «demo»):")
        for username, role, department_name, _ in DEMO_USERS:
            where = f", {department_name}" if department_name else ""
            self.stdout.write(f"  {username:<12} {role}{where}, {DEMO_EMAIL.format(username)}")
        return users
