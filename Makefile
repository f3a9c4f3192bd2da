# Resolution Reader: `make run` serves the app, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
# The UN's AKN4UN sessions `make run` loads: session 79 (English), session 77 in the six official
# languages, session 75 (English). Unchanged files are skipped, so a second run is quick.
LIBRARY ?= data/akn/ga-79-en.tar.xz data/akn/ga-77.tar.xz data/akn/ga-75-en.tar.xz
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The interface's translations: each catalogue compiled next to itself, again whenever it changes.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

# The first Python 3.12+ on this machine: the pyenv version named in .python-version, then PATH.
PYTHON_CANDIDATES := $(wildcard $(HOME)/.pyenv/versions/$(shell cat .python-version 2>/dev/null)/bin/python3) \
	python3.14 python3.13 python3.12 python3
BASE_PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$p; break; fi; done)

.PHONY: help install run test lint format bench migrate migrate-once load collectstatic

help:
	@echo "make run     set up everything and serve on http://127.0.0.1:$(PORT)/"
	@echo "make test    install and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make lint    ruff check and format check"
	@echo "make bench   print the benchmarks"

$(STAMP): pyproject.toml
	@if [ -z "$(BASE_PYTHON)" ]; then \
		echo "Resolution Reader needs Python 3.12 or newer (3.13 recommended)."; \
		echo "Install it (for example 'pyenv install 3.13' or your system's python3.13 package) and run make again."; \
		exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $(BASE_PYTHON)"; $(BASE_PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) $(COMPILED)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -l $(word 2,$(subst /, ,$<)) -i $< -o $@

migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

# `make run` again asks Django to migrate only when the migrations or the SQLite file changed
# since it last did here: a migrate with nothing to do is a second or two of a second run's wait
# for its first page. PostgreSQL is always asked (a database there can be made again unseen);
# runserver itself still warns of a migration not applied.
MIGRATIONS := $(sort $(wildcard */migrations/[0-9]*.py))
MIGRATED := $(VENV)/.migrated
migrate-once: install
	@url="$${DATABASE_URL:-sqlite:///db.sqlite3}"; db=""; \
	case "$$url" in sqlite:///*) db="$${url#sqlite:///}";; esac; \
	key() { echo "$$(cat $(MIGRATIONS) | sha256sum) $$url $$(stat -c %i "$$db" 2>/dev/null)"; }; \
	if [ -z "$$db" ] || [ ! -s "$$db" ] || [ "$$(cat $(MIGRATED) 2>/dev/null)" != "$$(key)" ]; then \
		rm -f $(MIGRATED); \
		DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput || exit 1; \
		if [ -n "$$db" ]; then key > $(MIGRATED); fi; \
	fi

load: migrate
	@DEBUG=$${DEBUG:-1} $(PY) manage.py load_library --lenient --progress $(LIBRARY) || \
		echo "Some files could not be loaded (listed above); the rest of the library is ready."

# The server starts at once and the library loads beside it, the series of the README's example
# and the newest session first; the library page says how far the load is. Stopping the server
# stops the load: every resolution is loaded whole or not at all, and the next run finishes it.
run: migrate-once
	@echo "Serving Resolution Reader on http://127.0.0.1:$(PORT)/ while the library loads"
	@export DEBUG=$${DEBUG:-1}; \
	$(PY) manage.py load_library --lenient --progress $(LIBRARY) & \
	loader=$$!; trap 'kill $$loader 2>/dev/null; wait $$loader 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

collectstatic: install
	SECRET_KEY=collectstatic-only $(PY) manage.py collectstatic --noinput --verbosity 0

# The suite runs on every core (pytest-xdist), a test file to a worker, so that a module's
# fixture is built once; PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: collectstatic
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) benchmarks/run.py
