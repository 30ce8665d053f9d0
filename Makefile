# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make site   build the site into site/
#   make test   run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install site test serve check schema lint bench lighthouse clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)  ## create .venv and install the pinned dependencies (done by every other target)

site: $(STAMP)  ## generate the pages and build the site into site/ (strict)
	$(BIN)/mnfu build

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000, regenerating when data/ or templates/ change
	$(BIN)/mnfu serve

check: $(STAMP)  ## validate data and templates without writing anything
	$(BIN)/mnfu check

schema: $(STAMP)  ## rewrite the JSON Schemas in data/schema/ after changing the models
	$(BIN)/mnfu schema

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

bench: $(STAMP)  ## print timings of the pipeline on synthetic data (10x and 100x), then page weights
	$(BIN)/python scripts/benchmark.py
	$(BIN)/python scripts/lighthouse.py --no-lighthouse

LIGHTHOUSE := lighthouse@13.5.0

lighthouse: $(STAMP)  ## page weight and Lighthouse scores (median of 3) of the five key pages and the floor
	@if command -v npm >/dev/null; then \
	  [ -x $(VENV)/lighthouse/node_modules/.bin/lighthouse ] || npm install --silent --no-audit --no-fund --save-exact --prefix $(VENV)/lighthouse $(LIGHTHOUSE); \
	else echo "npm not found: page weights only (Lighthouse needs Node.js 18+ and npm)"; fi
	$(BIN)/python scripts/lighthouse.py

clean:
	rm -rf site docs/ref .venv
