"""The load test's own parts: the simulated users' sessions and forms, the check of confirmed
writes, the figures and targets (the run itself needs PostgreSQL and minutes: `make loadtest`)."""

import math

import pytest
from django.urls import reverse

from devtools.loadtest import runner
from devtools.loadtest.htmlforms import form_fields
from devtools.loadtest.seed import TITLE_MARK, check_writes, seed_data, seed_users
from events.models import ReportedEvent
from reports.models import Submission, SubmissionStatus

YEAR = 2031


@pytest.fixture
def config(db):
    seed_data(year=YEAR, events=200)
    return seed_users(year=YEAR, officials=2, staff=3)


def test_seeded_sessions_are_signed_in_users(config, client):
    client.cookies["sessionid"] = config["officials"][0]["session"]
    assert client.get(reverse("reports:report_index")).status_code == 200
    client.cookies["sessionid"] = config["staff"][0]["session"]
    current = config["current"]
    url = reverse("workspace:reported_event_list", args=[current["year"], current["quarter"]])
    page = client.get(url)
    assert page.status_code == 200 and TITLE_MARK in page.content.decode()


def test_a_second_seed_starts_the_staff_from_the_same_state(config):
    staff, current = config["staff"][0], config["current"]
    period = {"year": current["year"], "quarter": current["quarter"]}
    submitted = Submission.objects.filter(department_id=staff["department"], **period)
    Submission.objects.create(
        department_id=staff["department"], **period, status=SubmissionStatus.SUBMITTED
    )
    assert not seed_data(year=YEAR, events=200)  # the year is there already
    again = seed_users(year=YEAR, officials=2, staff=3)
    assert not submitted.exists()
    assert ReportedEvent.objects.filter(title__startswith=TITLE_MARK).count() == 3 * 5
    assert again["staff"][0]["events"] != staff["events"]


def test_confirmed_writes_are_checked_against_the_database(config):
    staff = config["staff"][0]
    pk = staff["events"][0]
    ReportedEvent.objects.filter(pk=pk).update(title="Последняя правка")
    assert check_writes([{"kind": "edit", "pk": pk, "title": "Последняя правка"}]) == []
    problems = check_writes(
        [
            {"kind": "edit", "pk": pk, "title": "Правка, которой нет"},
            {"kind": "create", "title": "Добавление, которого нет"},
            {"kind": "submit", "department": staff["department"], "year": 2026, "quarter": 4},
        ]
    )
    assert len(problems) == 3


def test_form_fields_are_read_as_a_browser_sends_them():
    html = """
    <form method="post" action="/logout/"><input name="csrfmiddlewaretoken" value="a"></form>
    <form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="b">
      <input name="title" value="Выставка">
      <input type="checkbox" name="held" checked><input type="checkbox" name="other">
      <select name="agreements" multiple><option value="1" selected>1</option>
        <option value="2">2</option><option value="3" selected>3</option></select>
      <textarea name="venue">г. Смоленск</textarea>
      <button type="submit">Сохранить</button>
    </form>"""
    assert form_fields(html, "title") == [
        ("csrfmiddlewaretoken", "b"),
        ("title", "Выставка"),
        ("held", "on"),
        ("agreements", "1"),
        ("agreements", "3"),
        ("venue", "г. Смоленск"),
    ]
    assert form_fields(html, "missing") is None


def _sample(name, ms, status=200, error=None, at=100.0):
    return {"name": name, "ms": ms, "status": status, "error": error, "at": at}


def test_figures_per_request_and_group():
    samples = [_sample("page: home", ms) for ms in range(100, 2100, 100)]
    samples.append(_sample("page: home", 5000, status=502, error="HTTP 502"))
    by_name, groups = runner.summarize(samples)
    home = by_name["page: home"]
    assert (home["count"], home["errors"]) == (21, 1)
    assert home["p50"] == 1.0 and home["p95"] == 1.9 and home["max"] == 2.0
    assert groups["page"] == home


def test_server_errors_are_counted_once():
    samples = [
        _sample("file: annual xlsx", 100, status=500, error="HTTP 500"),
        _sample("download: annual xlsx", 100, status=0, error="HTTP 500"),
        _sample("page: home", 100, status=0, error="connection reset"),
        _sample("page: home", 100, status=404, error="HTTP 404"),
    ]
    assert runner.server_errors(samples) == 2


def test_targets_of_scenario_a():
    scenario = runner.SCENARIOS["a"]
    fast = [_sample("download: x", 1500), _sample("page: home", 300)]
    _, groups = runner.summarize(fast)
    assert all(met for _, met in runner.verdicts(scenario, fast, groups, None))
    slow = [_sample("download: x", 2500), _sample("page: home", 300)]
    _, groups = runner.summarize(slow)
    missed = [target for target, met in runner.verdicts(scenario, slow, groups, None) if not met]
    assert missed == ["скачивание p95 < 2 с"]


def test_a_group_without_answers_has_no_times():
    _, groups = runner.summarize([_sample("page: home", 100, status=0, error="timeout")])
    assert math.isnan(groups["page"]["p95"])


def test_only_a_throwaway_database_is_ever_dropped(tmp_path):
    settings = runner.Settings(
        scenario=runner.SCENARIOS["a"],
        duration=60,
        project_dir=tmp_path,
        out_dir=tmp_path,
        server_url="postgres://postgres@127.0.0.1:5432",
        database="cooperation",
        reuse_db=False,
        port=8765,
        events=10,
        year=YEAR,
    )
    with pytest.raises(runner.LoadTestError, match="coop_loadtest"):
        runner.prepare_database(settings, log=print)


def test_scenario_b_holds_the_largest_document_to_its_target():
    scenario = runner.SCENARIOS["b"]
    samples = [_sample("download: annual docx", 9000), _sample("download: quarterly xlsx", 12000)]
    by_name, groups = runner.summarize(samples)
    targets = dict(runner.verdicts(scenario, samples, {**by_name, **groups}, []))
    assert targets["download: annual docx p95 < 10 с"]
    assert targets["ни одной потерянной записи"]
