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

# Installs are reproducible: the lock files pin every package the product and its tests
# use, with the hashes of its files, as `make lock` resolves them from pyproject.toml
# (README, "Dependencies"). pip refuses a file whose hash is not in the lock.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
TOOLS_LOCK := requirements-tools.lock
TOOLS := .venv-tools

.PHONY: demo test test-e2e lint bench screenshots install install-dev messages clean lock audit kern

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

# The project itself is installed without its dependencies (the lock has them) and without
# build isolation (the lock has its build backend, setuptools, too).
$(VENV)/.installed: $(BIN)/activate $(LOCK) pyproject.toml
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed $(DEV_LOCK)
	$(PY) -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	@touch $@

# pip-tools and pip-audit, locked as well, in an environment of their own.
$(TOOLS)/.installed: $(TOOLS_LOCK)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r $(TOOLS_LOCK)
	@touch $@

# Resolved against PyPI alone: a machine's own pip configuration (extra indexes, local
# wheels, constraints) must not leak into the lock files. `make lock` keeps every pin that
# still fits pyproject.toml; UPGRADE=1 takes the newest versions of everything,
# UPGRADE_PACKAGE=django the newest of one package.
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock"
COMPILE = $(LOCK_ENV) $(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple \
	$(if $(UPGRADE),--upgrade) $(if $(UPGRADE_PACKAGE),--upgrade-package $(UPGRADE_PACKAGE))

lock: $(TOOLS)/.installed
	$(COMPILE) --all-build-deps --output-file $(LOCK) pyproject.toml
	$(COMPILE) --all-build-deps --extra dev --constraint $(LOCK) --output-file $(DEV_LOCK) \
		pyproject.toml
	$(COMPILE) --output-file $(TOOLS_LOCK) requirements-tools.in

# Known vulnerabilities of the locked versions, from PyPI's advisory data (pip-audit asks
# PyPI's JSON API for each release); fails on any, and on a package it cannot look up.
audit: $(TOOLS)/.installed
	$(TOOLS)/bin/pip-audit --strict --disable-pip --require-hashes --progress-spinner off \
		-r $(LOCK) -r $(DEV_LOCK) -r $(TOOLS_LOCK)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The compiled catalogues (.mo files, not committed) from the .po files of the project and
# of the apps, each rebuilt only when its .po changed (as compilemessages would: msgfmt with
# --check-format), so that the two test runs .ci/run starts at once never write them.
PO_FILES := $(shell find kommunalkompass -path '*/locale/*/LC_MESSAGES/django.po')
MO_FILES := $(PO_FILES:.po=.mo)
messages: $(MO_FILES)
%.mo: %.po
	msgfmt --check-format -o $@ $<

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

# Every page of a fresh demo as Chromium shows it (1366×900 and 390×844) in screenshots/;
# fails on a page with an error, a serious axe violation, sideways scrolling or a cut-off table.
screenshots: install-dev messages
	$(PY) -m tests.screenshots

# The KERN design system (npm @kern-ux/native, EUPL-1.2), vendored under static/vendor/kern:
# its built CSS, the Fira Sans weights the pages use and its licence (Fira Sans itself is under
# the SIL Open Font License 1.1: fonts/OFL.txt, kept in the repository). `make kern` refreshes
# them from the npm registry (KERN_VERSION=x.y.z for another release); nothing of Node runs
# when the product runs, and no page loads anything from another host.
KERN_VERSION ?= 2.7.2
KERN_DIR := kommunalkompass/static/vendor/kern
KERN_FONTS := Regular Italic Medium SemiBold SemiBoldItalic Bold
kern:
	@command -v npm >/dev/null || { echo "make kern needs npm (Node.js)"; exit 1; }
	rm -rf .kern-download && mkdir .kern-download
	cd .kern-download && npm pack --silent @kern-ux/native@$(KERN_VERSION) >/dev/null && tar xzf *.tgz
	rm -f $(KERN_DIR)/kern.min.css $(KERN_DIR)/LICENSE.md $(KERN_DIR)/fonts/*.woff2
	mkdir -p $(KERN_DIR)/fonts
	cp .kern-download/package/dist/kern.min.css .kern-download/package/LICENSE.md $(KERN_DIR)/
	for weight in $(KERN_FONTS); do \
		cp .kern-download/package/dist/fonts/fira-sans/FiraSans-$$weight.woff2 $(KERN_DIR)/fonts/; \
	done
	echo "@kern-ux/native $(KERN_VERSION) (EUPL-1.2), from the npm registry: kern.min.css, LICENSE.md, Fira Sans ($(KERN_FONTS))" > $(KERN_DIR)/VERSION
	rm -rf .kern-download

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles
