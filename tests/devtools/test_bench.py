"""The bench on a small synthetic year: seeding, one export measured, the import side."""

import json

import pytest
from django.core.management import CommandError, call_command

from devtools.bench import measure_export
from events.models import PlannedEvent, ReportedEvent

pytestmark = pytest.mark.django_db

YEAR = 2030
EVENTS = 40


@pytest.fixture
def seeded():
    call_command("seed_bench", "--events", EVENTS, "--year", YEAR, verbosity=0)


def test_seed_bench_fills_the_year_with_the_events_asked_for(seeded):
    assert ReportedEvent.objects.in_year(YEAR).count() == EVENTS
    assert PlannedEvent.objects.filter(year=YEAR).count() == EVENTS // 2


def test_seed_bench_refuses_a_year_that_already_has_reports(seeded):
    with pytest.raises(CommandError, match="уже есть мероприятия"):
        call_command("seed_bench", "--events", EVENTS, "--year", YEAR)


def test_seed_bench_refuses_a_year_the_bench_cannot_use():
    with pytest.raises(CommandError, match="Укажите год от 2001 до 2099"):
        call_command("seed_bench", "--events", EVENTS, "--year", 2100)


def test_one_export_is_measured_on_every_seeded_row(seeded, tmp_path):
    result = measure_export("annual", "docx", year=YEAR, runs=0, out_dir=tmp_path)
    assert result["rows"] == EVENTS
    assert result["best_s"] == result["first_s"] > 0
    assert (tmp_path / "annual.docx").stat().st_size / 1e6 == result["file_mb"]


def test_bench_import_measures_the_year_and_rolls_its_import_back(seeded, capsys):
    call_command("bench_import", "--year", YEAR, "--rows", 25)
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["docx_rows"] == EVENTS
    assert (result["import_rows"], result["created"], result["import_errors"]) == (25, 25, 0)
    assert not ReportedEvent.objects.in_year(YEAR + 1).exists()
