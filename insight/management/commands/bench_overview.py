"""Time the overview pages on the current database: p50 and p95 server time, queries per page.

Seed a database first (`python manage.py seed_bench --events 50000`), then run this command. The
requests go through Django's test client in this process as a temporary coordinator; everything
the command writes (the user, its session) is rolled back at the end.
"""

import statistics
import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from agreements.models import Agreement
from cooperation import roles
from cooperation.models import Department, Region, User
from cooperation.periods import half_of_quarter
from events.models import ReportedEvent


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Замеряет время страниц обзора (сводка, поиск, списки, план и факт, страницы)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7, help="запросов на страницу")

    def handle(self, *args, **options):
        try:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
                self._run(options["repeat"])
                raise Rollback
        except Rollback:
            pass

    def _pages(self):
        last = ReportedEvent.objects.aggregate(year=Max("year"), quarter=Max("quarter"))
        year = last["year"] or 2000
        busiest = Agreement.objects.annotate(n=Count("reported_events")).order_by("-n").first()
        department = Department.objects.annotate(n=Count("reported_events")).order_by("-n")[0]
        tver = Region.objects.get(short_name="Тверская область")
        pages = [
            ("Сводка", reverse("insight:dashboard"), {"year_from": year - 1, "year_to": year}),
            ("Поиск: фестиваль", reverse("insight:search"), {"q": "фестиваль"}),
            ("Поиск: фестиваль тверская", reverse("insight:search"), {"q": "фестиваль тверская"}),
            ("Мероприятия планов", reverse("insight:planned_list"), {}),
            ("Мероприятия отчётов", reverse("insight:reported_list"), {}),
            ("Отчёты: субъект и слова", reverse("insight:reported_list"),
             {"region": tver.pk, "q": "конкурс", "o": "-participants"}),
            ("План и факт", reverse("insight:plan_vs_fact"),
             {"year": year, "half": half_of_quarter(last["quarter"] or 1)}),
            ("Субъект РФ", tver.get_absolute_url(), {}),
            ("Департамент", department.get_absolute_url(), {}),
        ]  # fmt: skip
        if busiest is not None:
            pages.append(("Соглашение", busiest.get_absolute_url(), {}))
        return pages

    def _run(self, repeat):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A page that slow has failed the bench anyway; do not wait for it.
                cursor.execute("SET LOCAL statement_timeout = '60s'")
        user = User.objects.create(username="bench-overview-coordinator", is_staff=True)
        user.groups.add(Group.objects.get(name=roles.COORDINATOR))
        client = Client()
        client.force_login(user)
        self.stdout.write(f"{'страница':<28} {'p50, мс':>8} {'p95, мс':>8} {'запросов':>9}")
        for title, url, params in self._pages():
            timings, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as context:
                    started = time.perf_counter()
                    response = client.get(url, params)
                    timings.append((time.perf_counter() - started) * 1000)
                queries = len(context.captured_queries)
                if response.status_code != 200:
                    self.stderr.write(f"{title}: ответ {response.status_code}")
                    break
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            self.stdout.write(
                f"{title:<28} {statistics.median(timings):>8.0f} {p95:>8.0f} {queries:>9}"
            )
