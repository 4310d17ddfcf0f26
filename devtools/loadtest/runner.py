"""The load test from start to figures: a throwaway PostgreSQL database with the bench data set,
gunicorn on 127.0.0.1 with production settings, locust from 127.0.0.1, figures per request.

Every child process has a time limit and is stopped (its whole process group) when the run
ends, however it ends. Only a database whose name starts with «coop_loadtest» is ever dropped.
"""

import json
import math
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DATABASE_PREFIX = "coop_loadtest"
HOST = "127.0.0.1"
# How the Dockerfile ran gunicorn before gunicorn.conf.py: the «before» of issue 14.
DOCKERFILE_GUNICORN = ["--workers", "3"]
STOP_TIMEOUT = 120  # seconds locust waits for the users' last requests after the run


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    users: dict  # locust user class → how many
    duration: int  # seconds, unless --duration says otherwise
    download_p95: float  # seconds
    page_p95: float  # seconds
    check_writes: bool = False
    # The downloads the download target is about: every one, or only the largest document.
    downloads: str = "download"


SCENARIOS = {
    "a": Scenario(
        name="a",
        title="A (issue 14): 35 руководителей скачивают отчёты, 15 сотрудников читают страницы",
        users={"QuarterOfficial": 35, "BrowsingStaff": 15},
        duration=60,
        download_p95=2.0,
        page_p95=0.5,
    ),
    "b": Scenario(
        name="b",
        title="B (issue 13): 50 руководителей читают, ищут и скачивают, 20 сотрудников вносят и "
        "отправляют отчёты",
        users={"BrowsingOfficial": 50, "EditingStaff": 20},
        duration=300,
        download_p95=10.0,
        page_p95=2.0,
        check_writes=True,
        downloads="download: annual docx",
    ),
}


@dataclass
class Settings:
    scenario: Scenario
    duration: int
    project_dir: Path
    out_dir: Path
    server_url: str  # postgres://user@host:port, without a database
    database: str
    reuse_db: bool
    port: int
    events: int
    year: int
    gunicorn_args: list = field(default_factory=list)

    @property
    def database_url(self):
        return f"{self.server_url.rstrip('/')}/{self.database}"

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"


class LoadTestError(RuntimeError):
    pass


# --- Database -------------------------------------------------------------------------------


def prepare_database(settings, log):
    """A fresh database (or the kept one with --reuse-db); returns whether it was created."""
    if not settings.database.startswith(DATABASE_PREFIX):
        raise LoadTestError(f"Имя базы должно начинаться с «{DATABASE_PREFIX}».")
    connection = psycopg2.connect(f"{settings.server_url.rstrip('/')}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings.database])
            exists = cursor.fetchone() is not None
            if exists and settings.reuse_db:
                log(f"База {settings.database} оставлена как есть (--reuse-db).")
                return False
            name = sql.Identifier(settings.database)
            if exists:
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
            log(f"База {settings.database} создана заново.")
            return True
    finally:
        connection.close()


# --- Child processes ------------------------------------------------------------------------


def child_env(settings, secret_key):
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # Plain HTTP on the loopback: cookies without the Secure flag, no redirect to HTTPS.
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(settings.out_dir / "media"),
        # Production settings refuse the console mailer; the load test sends no letters.
        "ALLOW_CONSOLE_EMAIL": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "config.loadtest_settings",
    }
    return env


def run_step(title, args, *, settings, env, timeout, log):
    log(f"{title}…")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise LoadTestError(f"{title}: ошибка\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    log(f"{title}: {time.perf_counter() - started:.0f} с")
    return result.stdout


class Children:
    """Started processes, each in its own process group, all stopped on exit."""

    def __init__(self):
        self.processes = []

    def start(self, args, *, cwd, env, log_path):
        stream = log_path.open("wb")
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((process, stream))
        return process

    def stop_all(self):
        for process, stream in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
            stream.close()
        self.processes = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop_all()


def wait_until_up(settings, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LoadTestError("gunicorn завершился при запуске (см. gunicorn.log).")
        try:
            with urllib.request.urlopen(f"{settings.base_url}/accounts/login/", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise LoadTestError(f"gunicorn не ответил за {timeout} с.")


def gunicorn_command(settings):
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{settings.port}",
    ]
    if settings.gunicorn_args:
        # Command-line settings win over gunicorn.conf.py.
        return [*args, *settings.gunicorn_args]
    if (settings.project_dir / "gunicorn.conf.py").exists():
        return args  # gunicorn reads ./gunicorn.conf.py by itself
    return [*args, *DOCKERFILE_GUNICORN]


def uses_task_worker(settings, env):
    out = run_step(
        "Настройки задач",
        [
            "shell",
            "-c",
            "from django.conf import settings; "
            "print('django_tasks_db' in settings.INSTALLED_APPS and "
            "settings.TASKS['default']['BACKEND'].startswith('django_tasks_db'))",
        ],
        settings=settings,
        env=env,
        timeout=60,
        log=lambda _: None,
    )
    return out.strip().endswith("True")


# --- Figures --------------------------------------------------------------------------------


def percentile(values, share):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def is_server_error(sample):
    # No status at all: the connection broke or timed out, which a user sees as a failure.
    return sample["status"] >= 500 or (sample["status"] == 0 and bool(sample["error"]))


def summarize(samples):
    """Figures per request name and per group (the name's prefix before the colon)."""
    by_name, groups = {}, {}
    for sample in samples:
        by_name.setdefault(sample["name"], []).append(sample)
        groups.setdefault(sample["name"].split(":", 1)[0], []).append(sample)

    def figures(rows):
        times = [s["ms"] / 1000 for s in rows if not s["error"]] or [math.nan]
        return {
            "count": len(rows),
            "errors": sum(1 for s in rows if s["error"]),
            "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95),
            "max": max(times),
        }

    return (
        {name: figures(rows) for name, rows in sorted(by_name.items())},
        {name: figures(rows) for name, rows in sorted(groups.items())},
    )


def server_errors(samples):
    # «download:» is the official's whole wait, made of HTTP requests counted on their own.
    return sum(1 for s in samples if not s["name"].startswith("download:") and is_server_error(s))


def format_table(rows):
    head = ("всего", "ошибок", "p50, с", "p95, с", "макс, с")
    lines = [f"{'запрос':<34} " + " ".join(f"{h:>8}" for h in head)]
    for name, f in rows.items():
        lines.append(
            f"{name:<34} {f['count']:>8} {f['errors']:>8} {f['p50']:>8.2f} {f['p95']:>8.2f} "
            f"{f['max']:>8.2f}"
        )
    return "\n".join(lines)


def verdicts(scenario, samples, groups, write_problems):
    """(target, met) pairs for the scenario's targets; `groups` holds the figures per group
    and per request name alike."""
    total = server_errors(samples)
    errors = sum(groups.get(g, {}).get("errors", 0) for g in ("download", "page", "write"))
    out = [
        ("0 ошибок сервера (5xx, обрыв, тайм-аут)", total == 0),
        ("0 ошибок у пользователей", errors == 0),
    ]
    if scenario.downloads in groups:
        what = "скачивание" if scenario.downloads == "download" else scenario.downloads
        out.append(
            (
                f"{what} p95 < {scenario.download_p95:g} с",
                groups[scenario.downloads]["p95"] < scenario.download_p95,
            )
        )
    if "page" in groups:
        out.append(
            (f"страницы p95 < {scenario.page_p95:g} с", groups["page"]["p95"] < scenario.page_p95)
        )
    if write_problems is not None:
        out.append(("ни одной потерянной записи", not write_problems))
    return out


# --- The run --------------------------------------------------------------------------------


def run(settings, log):
    scenario = settings.scenario
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    secret_key = secrets.token_urlsafe(50)
    env = child_env(settings, secret_key)
    created = prepare_database(settings, log)
    run_step("Миграции", ["migrate", "--noinput"], settings=settings, env=env, timeout=900, log=log)
    run_step(
        "Статические файлы",
        ["collectstatic", "--noinput", "--verbosity", "0"],
        settings=settings,
        env=env,
        timeout=300,
        log=log,
    )
    config_path = settings.out_dir / "config.json"
    users = scenario.users
    officials = sum(n for name, n in users.items() if "Official" in name)
    staff = sum(n for name, n in users.items() if "Staff" in name)
    run_step(
        "Данные и пользователи" + (" (50 000 мероприятий — несколько минут)" if created else ""),
        [
            "seed_loadtest",
            f"--year={settings.year}",
            f"--events={settings.events}",
            f"--officials={officials}",
            f"--staff={staff}",
            f"--output={config_path}",
        ],
        settings=settings,
        env=env,
        timeout=1800,
        log=log,
    )
    samples_path = settings.out_dir / "samples.jsonl"
    writes_path = settings.out_dir / "writes.jsonl"
    samples_path.write_text("")
    writes_path.write_text("")
    with Children() as children:
        server_cmd = gunicorn_command(settings)
        log("gunicorn: " + " ".join(server_cmd[3:]))
        server = children.start(
            server_cmd,
            cwd=settings.project_dir,
            env=env,
            log_path=settings.out_dir / "gunicorn.log",
        )
        if uses_task_worker(settings, env):
            log("Фоновый обработчик задач: manage.py db_worker")
            children.start(
                [sys.executable, "manage.py", "db_worker"],
                cwd=settings.project_dir,
                env=env,
                log_path=settings.out_dir / "worker.log",
            )
        wait_until_up(settings, server)
        total = sum(users.values())
        log(f"Сценарий {scenario.title}: {settings.duration} с, {total} пользователей")
        load_before = os.getloadavg()[0]
        locust_env = {
            **env,
            "LOADTEST_CONFIG": str(config_path),
            "LOADTEST_SAMPLES": str(samples_path),
            "LOADTEST_WRITES": str(writes_path),
            "LOADTEST_USERS": json.dumps(users),
            # The locustfile imports devtools.loadtest.htmlforms from the project.
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        }
        locust = children.start(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                settings.base_url,
                "--users",
                str(total),
                "--spawn-rate",
                str(max(10, total // 5)),
                "--run-time",
                f"{settings.duration}s",
                # Requests under way at the end are waited for and counted: leaving them out
                # would keep the slowest answers out of the figures.
                "--stop-timeout",
                str(STOP_TIMEOUT),
                "--only-summary",
                "--loglevel",
                "WARNING",
                *users,
            ],
            cwd=settings.out_dir,
            env=locust_env,
            log_path=settings.out_dir / "locust.log",
        )
        try:
            locust.wait(timeout=settings.duration + STOP_TIMEOUT + 120)
        except subprocess.TimeoutExpired:
            log("locust не остановился вовремя и будет остановлен.")
    load_after = os.getloadavg()[0]
    samples = [json.loads(line) for line in samples_path.read_text().splitlines() if line]
    if not samples:
        raise LoadTestError("Нет ни одного замера (см. locust.log).")
    write_problems = None
    if scenario.check_writes:
        out = run_step(
            "Проверка записей",
            ["check_loadtest", f"--writes={writes_path}"],
            settings=settings,
            env=env,
            timeout=300,
            log=log,
        )
        write_problems = [line for line in out.splitlines() if line.startswith("- ")]
        log(out.strip())
    by_name, groups = summarize(samples)
    # The second half of the run: what readers get once the first builds are done.
    start = min(s["at"] - s["ms"] / 1000 for s in samples)
    _, late = summarize([s for s in samples if s["at"] >= start + settings.duration / 2])
    results = verdicts(scenario, samples, {**by_name, **groups}, write_problems)
    report = "\n".join(
        [
            "",
            format_table(by_name),
            "",
            format_table({f"{name} (все)": f for name, f in groups.items()}),
            "",
            format_table({f"{name} (2-я половина)": f for name, f in late.items()}),
            "",
            f"ошибок сервера: {server_errors(samples)}; load average (1 мин) до прогона "
            f"{load_before:.1f}, после {load_after:.1f}, ядер: {os.cpu_count()}",
            *(f"{'да ' if met else 'НЕТ'} {target}" for target, met in results),
        ]
    )
    (settings.out_dir / "summary.json").write_text(
        json.dumps(
            {"requests": by_name, "groups": groups, "late": late, "targets": results}, indent=1
        )
    )
    return report, all(met for _, met in results)
