# Gópý Kiosk. `make run`, `make test` and `make centre` work on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Two gettext domains in one folder: the kiosk's and the command line's `gopy`, the centre's web pages' `django`.
CATALOGUES := $(wildcard locales/*/LC_MESSAGES/gopy.po locales/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)
OFFSCREEN := QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software

.PHONY: run test test-centre-postgres centre bench bench-national lint package catalogues extract clean

run: $(STAMP) $(COMPILED)
	@scripts/system-deps.sh run
	$(BIN)/gopy run --demo

# The whole suite, the packaged self-test (marked slow) included, with the centre on SQLite;
# then the centre's tests again on a PostgreSQL server the tests start and stop themselves.
test: $(STAMP) $(COMPILED)
	@scripts/system-deps.sh test
	$(OFFSCREEN) $(BIN)/pytest
	$(MAKE) --no-print-directory test-centre-postgres

test-centre-postgres: $(STAMP) $(COMPILED)
	CENTRE_TEST_DB=postgres $(OFFSCREEN) $(BIN)/pytest -m centre -p no:cacheprovider

# A demo centre on the embedded SQLite, filled through the real path, served on http://127.0.0.1:8000.
centre: $(STAMP) $(COMPILED)
	@scripts/system-deps.sh centre
	$(BIN)/python -m centre.demo --home .centre-demo --serve 127.0.0.1:8000

# The one-folder build a commune installs: dist/gopy/ (see docs/deploy.md).
package: $(STAMP)
	@scripts/system-deps.sh package
	$(BIN)/pyinstaller --noconfirm --clean build.spec

bench: package $(COMPILED)
	@scripts/system-deps.sh test
	$(OFFSCREEN) $(BIN)/python -m benchmarks

# Not in CI: a national consultation's load into PostgreSQL (benchmarks/results/national.md).
bench-national: $(STAMP) $(COMPILED)
	@scripts/system-deps.sh test
	$(BIN)/python -m benchmarks.national

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	GOPY_CENTRE_HOME=$$(mktemp -d) DJANGO_SETTINGS_MODULE=centre.settings $(BIN)/django-admin makemigrations --check --dry-run

catalogues: $(COMPILED)

# Strings from .py (_) and .qml (qsTr) into one template, then into each catalogue.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k qsTr -k qsTranslate:2 \
		--no-wrap --sort-by-file --omit-header -o locales/gopy.pot .
	$(BIN)/pybabel update -i locales/gopy.pot -d locales -D gopy --no-wrap --ignore-obsolete

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@ --statistics

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,centre]"
	touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .centre-demo locales/*/LC_MESSAGES/*.mo
