# Two commands do everything on a fresh clone: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DEBUG=1
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000

.PHONY: run test test-postgres lint format bench loadtest docs-preview install clean backup restore
.PHONY: audit-deps

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Нужен Python 3.12 или новее (есть " + sys.version.split()[0] + "); pyenv выбирает 3.13 по файлу .python-version")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The task worker (uploads of Word documents, large documents) runs in the background beside
# the development server and stops with it (Ctrl+C, or the server exiting for any reason).
run: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	@$(DEV_ENV) $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Speed and memory of the report exports on throwaway SQLite databases
# (devtools/management/commands/run_bench.py).
bench: $(STAMP)
	$(DEV_ENV) $(PY) manage.py run_bench

# Load test (devtools/loadtest): a throwaway PostgreSQL database coop_loadtest with 50,000
# events, gunicorn and locust on 127.0.0.1; scenario a for 60 s, then b for 5 min. For example
# `make loadtest SCENARIO=a`, `make loadtest SCENARIO=b DURATION=60`.
LOADTEST_SERVER ?= postgres://postgres@127.0.0.1:5432
SCENARIO ?= a b
loadtest: $(STAMP)
	$(DEV_ENV) timeout 3600 $(PY) manage.py run_loadtest --server $(LOADTEST_SERVER) --scenario $(SCENARIO) $(if $(DURATION),--duration $(DURATION))

# Every demo document in DOCX and XLSX as LibreOffice prints it: PDF and one PNG per page in
# artifacts/docs-preview/ (needs LibreOffice and poppler-utils; devtools/preview.py).
docs-preview: $(STAMP)
	$(DEV_ENV) $(PY) manage.py docs_preview --output artifacts/docs-preview
# A full copy of the database into BACKUP_DIR (backups/): pg_dump on PostgreSQL, JSON on SQLite.
# Runs with the deployment's environment (DATABASE_URL, SECRET_KEY…); locally: DEBUG=1 make backup.
backup: $(STAMP)
	$(PY) manage.py backup

# Replaces everything in the database with a copy: make restore FILE=backups/cooperation-….dump
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Укажите копию: make restore FILE=backups/cooperation-….dump"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

# Known vulnerabilities of the installed dependencies (skipped with a note when offline).
audit-deps: $(STAMP)
	$(PY) .ci/pip_audit.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
