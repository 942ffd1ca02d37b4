# Kommunalkompass: `make demo` runs the product with demo data, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the demo prints and builds links on where there is no request.
SITE_URL ?= http://$(HOST):$(PORT)
DEV_ENV := DEBUG=1

.PHONY: demo test test-e2e lint bench screenshots install install-dev messages clean

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	cd kommunalkompass && $(DEV_ENV) ../$(PY) ../manage.py compilemessages -v0

demo: install messages
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	@if [ -f ../shared/data/gv-isys-auszug-2019-12-31.csv ]; then \
		$(DEV_ENV) $(PY) manage.py import_municipalities ../shared/data/gv-isys-auszug-2019-12-31.csv; \
	fi
	@if [ -f ../shared/data/ozg-catalog-2019.csv ]; then \
		$(DEV_ENV) $(PY) manage.py import_ozg_catalog ../shared/data/ozg-catalog-2019.csv --skip-invalid -v0; \
	fi
	$(DEV_ENV) SITE_URL=$(SITE_URL) $(PY) manage.py demo
	@echo "Kommunalkompass runs at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(DEV_ENV) SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev messages
	$(BIN)/pytest

test-e2e: install-dev messages
	$(BIN)/pytest tests/e2e

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint kommunalkompass
	$(BIN)/lint-imports --no-cache --no-logo
	$(DEV_ENV) $(BIN)/mypy
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY="lint-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
		ALLOWED_HOSTS=kommunalkompass.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: install-dev
	$(DEV_ENV) $(PY) benchmarks/run.py

# Every page of a fresh demo as Chromium shows it (1366×900 and 390×844) in screenshots/.
screenshots: install-dev messages
	$(PY) -m tests.screenshots

clean:
	rm -rf $(VENV) staticfiles
