"""Logs are one JSON object a line; gunicorn's configuration loads and logs the same way."""

import json
import logging
import logging.config
import runpy
import sys
from pathlib import Path

from django.test import RequestFactory

from ops.logs import AccessJsonFormatter, JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def _record(message, *args, level=logging.INFO, name="reports", exc_info=None, **extra):
    record = logging.LogRecord(name, level, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_a_log_line_is_json_with_time_level_logger_and_message():
    line = JsonFormatter().format(_record("Отчёт %s принят", "№ 5"))
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "reports"
    assert entry["message"] == "Отчёт № 5 принят"
    assert entry["time"].endswith("+00:00")
    assert "\n" not in line


def test_a_request_error_carries_its_method_path_and_status_and_the_traceback():
    request = RequestFactory().post("/reports/?x=1")
    try:
        raise ValueError("сломалось")
    except ValueError:
        exc_info = sys.exc_info()
    line = JsonFormatter().format(
        _record(
            "Internal Server Error",
            level=logging.ERROR,
            name="django.request",
            exc_info=exc_info,
            request=request,
            status_code=500,
        )
    )
    entry = json.loads(line)
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/reports/", 500)
    assert "ValueError: сломалось" in entry["exception"]
    assert "\n" not in line


def test_an_access_log_line_keeps_a_hostile_path_inside_its_field():
    atoms = {
        "h": "10.0.0.5",
        "m": "GET",
        "U": '/reports/"}{',
        "q": "",
        "s": "200",
        "B": 512,
        "M": 87,
        "a": "Mozilla",
        "f": "-",
        "{x-forwarded-for}i": "203.0.113.7",
    }
    record = _record("%(h)s", name="gunicorn.access")
    record.args = atoms
    entry = json.loads(AccessJsonFormatter().format(record))
    assert entry["path"] == '/reports/"}{'
    assert entry["forwarded_for"] == "203.0.113.7"
    assert entry["status"] == "200" and entry["duration_ms"] == 87
    assert "referer" not in entry and "query" not in entry


def test_the_gunicorn_configuration_sizes_workers_by_cpu_and_logs_json(monkeypatch):
    monkeypatch.delenv("WEB_WORKERS", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["workers"] == 5
    assert conf["accesslog"] == "-" and conf["errorlog"] == "-"
    assert conf["logconfig_dict"]["handlers"]["access"]["stream"] == "ext://sys.stdout"
    monkeypatch.setenv("WEB_WORKERS", "3")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3
