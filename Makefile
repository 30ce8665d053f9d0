# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make site   build the site into site/
#   make test   run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Every package, direct and transitive, is installed from a lock with its hashes (make lock writes them
# from the pins in pyproject.toml): the runtime set for the site, the dev set (runtime + tests and tools)
# for everything else. A stamp per set, named after the checksum of pyproject.toml and its lock.
LOCKS  := .requirements/runtime.txt .requirements/dev.txt
RUNTIME_STAMP := $(VENV)/.installed-runtime-$(shell cat pyproject.toml .requirements/runtime.txt | cksum | cut -d' ' -f1)
STAMP  := $(VENV)/.installed-dev-$(shell cat pyproject.toml .requirements/dev.txt | cksum | cut -d' ' -f1)
PIP    := $(BIN)/python -m pip --disable-pip-version-check
# mnfu itself: no dependencies (the lock has them), built with the locked setuptools, nothing fetched.
INSTALL_SELF := $(PIP) install --quiet --no-deps --no-build-isolation -e .

.PHONY: install install-runtime site test serve check schema lint lock bench lighthouse clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml $(LOCKS) | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r .requirements/runtime.txt
	$(INSTALL_SELF)
	@rm -f $(VENV)/.installed-runtime-*
	@touch $@

$(STAMP): pyproject.toml $(LOCKS) | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r .requirements/dev.txt
	$(INSTALL_SELF)
	@rm -f $(VENV)/.installed-*
	@touch $(RUNTIME_STAMP) $@  # the dev set holds the runtime set (tests/test_locks.py)

install: $(STAMP)  ## create .venv and install every locked package, tests and tools included (done by every other target)

install-runtime: $(RUNTIME_STAMP)  ## only what generating and building the site needs (CI's feedback and deploy jobs)

site: $(RUNTIME_STAMP)  ## generate the pages and build the site into site/ (strict)
	$(BIN)/mnfu build

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest

serve: $(RUNTIME_STAMP)  ## live preview on http://127.0.0.1:8000, regenerating when data/ or templates/ change
	$(BIN)/mnfu serve

check: $(RUNTIME_STAMP)  ## validate data and templates without writing anything
	$(BIN)/mnfu check

schema: $(RUNTIME_STAMP)  ## rewrite the JSON Schemas in data/schema/ after changing the models
	$(BIN)/mnfu schema

lint: $(STAMP)  ## ruff and the import contract (lint-imports) on the code; actionlint (with ShellCheck) and zizmor on the workflows
	$(BIN)/ruff check scripts tests
	$(BIN)/lint-imports
	$(BIN)/actionlint -shellcheck=$(BIN)/shellcheck -pyflakes=
	$(BIN)/zizmor --offline --quiet .github

# After changing a pin in pyproject.toml: resolve every package again and write both locks with hashes.
# The other packages keep their locked versions; LOCK_FLAGS=--upgrade moves them all to the newest.
# One lock for every platform (--universal: markers where packages differ, a hash for each file), for
# Python 3.11.5 and newer (pymdown-extensions 13.1 needs 3.11.5). The runtime lock is resolved within
# the dev lock, so the two never disagree on a version.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
	--custom-compile-command 'make lock' $(LOCK_FLAGS)
BUILD_REQUIRES = $(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'

lock: $(STAMP)  ## regenerate .requirements/runtime.txt and dev.txt from pyproject.toml
	$(BUILD_REQUIRES) | $(UV_COMPILE) --extra dev -o .requirements/dev.txt pyproject.toml -
	$(BUILD_REQUIRES) | $(UV_COMPILE) -c .requirements/dev.txt -o .requirements/runtime.txt pyproject.toml -

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
