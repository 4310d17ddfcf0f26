"""make backup / make restore: a copy restored into an empty database has every row of every
model. SQLite here; PostgreSQL (pg_dump/pg_restore) when the suite runs on it."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

import audit
from reports.models import SubmissionStatus
from reports.services import submission_approve
from tests.factories import StaffFactory, SubmissionFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _everything(demo):
    """Rows in every kind of table: reference data, the demo documents, users and roles, a
    reviewed report with its history and versions, the audit log."""
    from cooperation import roles

    coordinator = UserFactory(role=roles.COORDINATOR, is_staff=True)
    staff = StaffFactory()
    submission = SubmissionFactory(department=staff.department, status=SubmissionStatus.SUBMITTED)
    submission_approve(submission=submission, by=coordinator)
    with reversion.create_revision():
        demo["roadmap"].save()
    audit.record(audit.Action.EXPORTED, user=coordinator, details="проверка копии")


def _counts():
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.count()
    return counts


def _sqlite_counts(path, tables):
    with sqlite3.connect(path) as db:
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path of the backup")
@pytest.mark.django_db
def test_a_sqlite_backup_restored_into_an_empty_database_has_every_row(demo, tmp_path):
    _everything(demo)
    dump = tmp_path / "copy.json.gz"
    call_command("backup", output=str(dump))
    before = _counts()
    assert before["events_reportedevent"] and before["audit_auditentry"]
    assert before["reversion_version"] and before["events_reportedevent_regions"]

    empty = tmp_path / "restored.sqlite3"
    result = _manage("restore", str(dump), "--no-input", DATABASE_URL=f"sqlite:///{empty}")
    assert result.returncode == 0, result.stderr
    assert "База восстановлена" in result.stdout
    assert _sqlite_counts(empty, before) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL path of the backup")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_postgresql_backup_restored_into_an_empty_database_has_every_row(
    reference_data, demo, tmp_path
):
    import psycopg2

    _everything(demo)
    dump = tmp_path / "copy.dump"
    call_command("backup", output=str(dump))
    assert dump.read_bytes()[:5] == b"PGDMP"
    before = _counts()

    source = connection.settings_dict
    target = f"{source['NAME']}_restored"
    admin = psycopg2.connect(
        dbname="postgres",
        user=source["USER"],
        password=source["PASSWORD"],
        host=source["HOST"],
        port=source["PORT"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        url = (
            f"postgres://{source['USER']}:{source['PASSWORD'] or ''}@{source['HOST']}:"
            f"{source['PORT'] or 5432}/{target}"
        )
        result = _manage("restore", str(dump), "--no-input", DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        restored = psycopg2.connect(
            dbname=target,
            user=source["USER"],
            password=source["PASSWORD"],
            host=source["HOST"],
            port=source["PORT"],
        )
        with restored, restored.cursor() as cursor:
            after = {}
            for table in before:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                after[table] = cursor.fetchone()[0]
        restored.close()
        assert after == before
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.close()


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "copy.json.gz"
    existing.write_bytes(b"older copy")
    with pytest.raises(CommandError, match="уже есть"):
        call_command("backup", output=str(existing))
    assert existing.read_bytes() == b"older copy"


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("не копия")
    with pytest.raises(CommandError, match="не копия базы портала"):
        call_command("restore", str(junk), interactive=False)
    with pytest.raises(CommandError, match="не найден"):
        call_command("restore", str(tmp_path / "missing.dump"), interactive=False)


@pytest.mark.django_db
def test_restore_asks_before_replacing_everything(tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "нет")
    with pytest.raises(CommandError, match="отменено"):
        call_command("restore", str(tmp_path / "copy.json.gz"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a pg_dump file on SQLite")
@pytest.mark.django_db
def test_a_postgresql_dump_is_not_loaded_into_sqlite(tmp_path):
    dump = tmp_path / "copy.dump"
    dump.write_bytes(b"PGDMP" + b"\0" * 100)
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("restore", str(dump), interactive=False)
