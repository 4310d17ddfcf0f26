"""Logs as one JSON object a line, for the log collector reading the containers' stdout.

Plain logging only: gunicorn loads these formatters before Django is set up.
"""

import json
import logging
from datetime import UTC, datetime


def _time(record):
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


def _dump(entry):
    return json.dumps(entry, ensure_ascii=False, default=str)


class JsonFormatter(logging.Formatter):
    """time, level, logger, message; the request's method, path and status where Django's
    request loggers attach them; the traceback as one string."""

    def format(self, record):
        entry = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _dump(entry)


# gunicorn's request atoms: https://docs.gunicorn.org/en/stable/settings.html#access-log-format
_ACCESS_FIELDS = {
    "remote": "h",
    "forwarded_for": "{x-forwarded-for}i",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "referer": "f",
    "user_agent": "a",
}


class AccessJsonFormatter(logging.Formatter):
    """gunicorn's access log: its request atoms (the record's args) as JSON fields, so a path
    with quotes in it cannot break the line."""

    def format(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}
        entry = {"time": _time(record), "level": record.levelname, "logger": record.name}
        for field, atom in _ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if value not in (None, "-", ""):
                entry[field] = value
        return _dump(entry)
