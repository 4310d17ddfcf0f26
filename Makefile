# Two commands do everything on a fresh clone: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DEBUG=1

.PHONY: run test test-postgres lint format bench docs-preview install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Нужен Python 3.12 или новее (есть " + sys.version.split()[0] + "); pyenv выбирает 3.13 по файлу .python-version")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

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

# Every demo document in DOCX and XLSX as LibreOffice prints it: PDF and one PNG per page in
# artifacts/docs-preview/ (needs LibreOffice and poppler-utils; devtools/preview.py).
docs-preview: $(STAMP)
	$(DEV_ENV) $(PY) manage.py docs_preview --output artifacts/docs-preview

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
