# Gópý Kiosk. `make run` and `make test` work on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGUES := $(wildcard locales/*/LC_MESSAGES/gopy.po)
COMPILED := $(CATALOGUES:.po=.mo)
OFFSCREEN := QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software

.PHONY: run test bench lint package catalogues extract clean

run: $(STAMP) $(COMPILED)
	@scripts/system-deps.sh run
	$(BIN)/gopy run --demo

# The whole suite, the packaged self-test (marked slow) included.
test: $(STAMP) $(COMPILED)
	@scripts/system-deps.sh test
	$(OFFSCREEN) $(BIN)/pytest

# The one-folder build a commune installs: dist/gopy/ (see docs/deploy.md).
package: $(STAMP)
	@scripts/system-deps.sh package
	$(BIN)/pyinstaller --noconfirm --clean build.spec

bench: package $(COMPILED)
	@scripts/system-deps.sh test
	$(OFFSCREEN) $(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

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
	rm -rf $(VENV) build dist .pytest_cache locales/*/LC_MESSAGES/*.mo
