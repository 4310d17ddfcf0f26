"""Data and simulated users for the load test, on its throwaway database only."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement
from cooperation import roles
from cooperation.models import Department, Region, User
from cooperation.periods import ParsedPeriod, format_period, quarter_of, quarter_range
from devtools.synthetic import bench_roadmap, bench_seed
from events.models import ReportedEvent, ReportedEventAgreement
from reports.models import DocumentBuild, Submission

# Every row the simulated staff write carries this mark, so a rerun on a kept database starts
# from the same state.
TITLE_MARK = "Нагрузка:"
EVENTS_PER_STAFF = 5
SESSION_HOURS = 12


def _session_backend():
    # The session must name a backend the settings list, or Django logs the user out.
    backends = settings.AUTHENTICATION_BACKENDS
    model_backend = "django.contrib.auth.backends.ModelBackend"
    return model_backend if model_backend in backends else backends[-1]


def _session(user):
    """A signed-in session for `user`, made in the session store as a login would make it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = _session_backend()
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(timedelta(hours=SESSION_HOURS))
    store.save()
    return store.session_key


def _user(username, role, department=None):
    user, _ = User.objects.update_or_create(
        username=username, defaults={"department": department, "is_staff": False}
    )
    user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


def seed_data(*, year, events):
    """The bench year, unless this database already holds it; returns whether it was seeded."""
    if ReportedEvent.objects.in_year(year).exists():
        return False
    bench_seed(events=events, year=year)
    return True


def _reset_staff_quarter(departments, year, quarter):
    """Forget what the simulated staff wrote in an earlier run: their rows and submissions."""
    ReportedEvent.objects.filter(title__startswith=TITLE_MARK).delete()
    Submission.objects.filter(department__in=departments, year=year, quarter=quarter).delete()


@transaction.atomic
def seed_users(*, year, officials, staff):
    """Officials and staff of the bench departments, each with a session; the runner's config."""
    today = timezone.localdate()
    current = (today.year, quarter_of(today))
    departments = list(
        Department.objects.filter(reported_events__year=year).distinct().order_by("sort_order")
    )
    agreements = list(
        Agreement.objects.filter(slug__startswith=f"bench-{year}-").values_list("pk", "slug")[:20]
    )
    _reset_staff_quarter(departments, *current)
    # Each run starts as the day a quarter is approved: nothing built yet (and the files of
    # an earlier run are in its own directory).
    DocumentBuild.objects.all().delete()
    start = quarter_range(*current).start
    timing = format_period(start, start)
    when = ReportedEvent.timing_values(timing, ParsedPeriod(timing, start, start, is_exact=True))
    staff_users = []
    for n in range(staff):
        department = departments[n % len(departments)]
        user = _user(f"lt-staff-{n + 1}", roles.STAFF, department)
        owned = []
        for i in range(EVENTS_PER_STAFF):
            event = ReportedEvent.objects.create(
                year=current[0],
                quarter=current[1],
                department=department,
                title=f"{TITLE_MARK} {user.username}, мероприятие {i + 1}",
                **when,
                venue="г. Смоленск",
            )
            ReportedEventAgreement.objects.create(event=event, agreement_id=agreements[0][0])
            owned.append(event.pk)
        staff_users.append(
            {
                "username": user.username,
                "session": _session(user),
                "department": department.pk,
                "events": owned,
                "bench_event": ReportedEvent.objects.in_year(year)
                .for_department(department)
                .values_list("pk", flat=True)
                .first(),
            }
        )
    official_users = [
        {"username": user.username, "session": _session(user)}
        for user in (_user(f"lt-official-{n + 1}", roles.OFFICIAL) for n in range(officials))
    ]
    return {
        "year": year,
        "roadmap": bench_roadmap(year).pk,
        "current": {"year": current[0], "quarter": current[1], "timing": timing},
        "agreements": [pk for pk, _ in agreements],
        "agreement_slugs": [slug for _, slug in agreements],
        "regions": list(Region.objects.partners().values_list("pk", flat=True)[:20]),
        "title_mark": TITLE_MARK,
        "officials": official_users,
        "staff": staff_users,
    }


def check_writes(acknowledged):
    """What the server said it stored, compared with what it holds: a list of problems.

    `acknowledged` lists {"kind": "create"|"edit"|"submit", …} in the order each simulated user
    saw the server confirm them; every edited row has one editor, so the last confirmed title
    of a row must be its title now.
    """
    problems = []
    last_title = {}
    for write in acknowledged:
        if write["kind"] == "create":
            found = ReportedEvent.objects.filter(title=write["title"]).count()
            if found != 1:
                problems.append(f"созданная строка «{write['title']}» найдена {found} раз")
        elif write["kind"] == "edit":
            last_title[write["pk"]] = write["title"]
        elif write["kind"] == "submit":
            submission = Submission.objects.filter(
                department_id=write["department"], year=write["year"], quarter=write["quarter"]
            ).first()
            if submission is None or submission.status == "draft":
                problems.append(f"отправленный отчёт департамента {write['department']} не найден")
    titles = dict(ReportedEvent.objects.filter(pk__in=last_title).values_list("pk", "title"))
    for pk, title in last_title.items():
        if titles.get(pk) != title:
            problems.append(f"строка {pk}: «{titles.get(pk)}» вместо «{title}»")
    return problems
