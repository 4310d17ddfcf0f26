"""Backups of the whole database and their restore: pg_dump/pg_restore on PostgreSQL (custom
format), Django's dumpdata/loaddata with natural keys on SQLite (gzipped JSON)."""

import gzip
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone

PG_MAGIC = b"PGDMP"
# Rebuilt by migrate on any database and referred to by natural keys in the dump.
DERIVED = ["contenttypes", "auth.permission"]


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in Russian."""


def _database(alias="default"):
    return connections[alias]


def is_postgresql(alias="default"):
    return _database(alias).vendor == "postgresql"


def default_path(alias="default", now=None):
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if is_postgresql(alias) else "json.gz"
    return Path(settings.BACKUP_DIR) / f"cooperation-{stamp}.{suffix}"


def _libpq_env(alias):
    """The connection as libpq's variables: the password never shows in the process list."""
    db = _database(alias).settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(program, args, alias):
    if shutil.which(program) is None:
        raise BackupError(
            f"Не найдена программа {program}: установите клиент PostgreSQL той же версии, "
            "что и сервер (пакет postgresql-client)."
        )
    result = subprocess.run(
        [program, *args], env=_libpq_env(alias), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} завершился с ошибкой: {result.stderr.strip()[-2000:]}")


def backup(path=None, alias="default"):
    """Write a full copy of the database to `path` (a new file); returns the path."""
    path = Path(path) if path else default_path(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"Файл {path} уже есть: копия не записывается поверх другой.")
    if is_postgresql(alias):
        _run(
            "pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"], alias
        )
    else:
        if not str(path).endswith(".json.gz"):
            raise BackupError("Копия базы SQLite — это файл .json.gz.")
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=DERIVED,
            output=str(path),
            database=alias,
            verbosity=0,
        )
    return path


def _kind_of(path):
    with open(path, "rb") as file:
        head = file.read(5)
    if head == PG_MAGIC:
        return "postgresql"
    if head[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as file:
            if file.read(1) == b"[":
                return "json"
    return None


def restore(path, alias="default"):
    """Replace everything in the database with the copy at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Файл {path} не найден.")
    kind = _kind_of(path)
    if kind is None:
        raise BackupError(f"{path} — не копия базы портала (ни pg_dump, ни .json.gz).")
    if is_postgresql(alias):
        if kind != "postgresql":
            raise BackupError(
                "Это копия базы SQLite; на PostgreSQL восстанавливается копия pg_dump."
            )
        _run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={_database(alias).settings_dict['NAME']}",
                str(path),
            ],
            alias,
        )
        return
    if kind != "json":
        raise BackupError("Это копия pg_dump; её восстанавливают в PostgreSQL (DATABASE_URL).")
    # The schema the copy was made with, then the rows, all or nothing.
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    with transaction.atomic(using=alias):
        call_command("flush", database=alias, interactive=False, verbosity=0)
        call_command("loaddata", str(path), database=alias, verbosity=0)
