# One Makefile holds the commands CI runs. Each target installs what it needs into .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
SAMPLES_DB := factionmap-samples.db

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
QUESTION ?= What is the relationship between the Taliban and Tahrir al-Sham?

STATIC := factionmap/web/static/vendor/cytoscape.min.js

.PHONY: install postgres chromium static run test lint bench train evaluate clean

## the runtime dependencies only (make run); make test adds the development ones. followthemoney's
## normality builds PyICU from source, which needs ICU's headers and pkg-config (Debian packages).
$(RUNTIME_STAMP): pyproject.toml
	@pkg-config --exists icu-uc 2>/dev/null || { echo "installing Debian's ICU headers for PyICU (FtM export)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libicu-dev pkg-config g++; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP)
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) $(STATIC)

## Cytoscape.js is committed in the package's static files (no CDN at run time; a wheel from a clean checkout
## serves it): nothing else needs npm. make static refreshes it from the npm registry as package-lock.json pins
## it (after a version bump), then commit factionmap/web/static/vendor/.
$(STATIC):
	sh tools/build_static.sh

static:
	sh tools/build_static.sh

## Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser of its own)
chromium:
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

## PostgreSQL's server binaries for the store tests (the tests start a throwaway cluster themselves)
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
	  echo "installing Debian's postgresql for the store tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; \
	fi

## make run: ingest the bundled sample corpus into its own SQLite store (./factionmap-samples.db, never a
## user's ./factionmap.db), answer the question, serve the map of that store
run: $(RUNTIME_STAMP) $(STATIC)
	$(BIN)/factionmap ingest factionmap/samples --db $(SAMPLES_DB)
	$(BIN)/factionmap ask "$(QUESTION)" --db $(SAMPLES_DB)
	$(BIN)/factionmap serve --db $(SAMPLES_DB)

## make test: lint, then the whole test suite (quality gate and PostgreSQL store tests included)
test: $(STAMP) $(STATIC) postgres chromium
	$(BIN)/ruff check factionmap tests bench tools
	$(BIN)/ruff format --check factionmap tests bench tools
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check factionmap tests bench tools
	$(BIN)/ruff format --check factionmap tests bench tools
	$(BIN)/python -m mypy

## make train: rebuild the relation model (factionmap/extract/model/) from the annotated corpora, fixed seed
## (and fixed string hashing: the shared scorer breaks name ties in set order, so reported scores stay exact)
train: $(STAMP)
	PYTHONHASHSEED=0 $(BIN)/python -m factionmap.training.train --shared $(SHARED)

## make evaluate: every annotated set scored (seeds, devset, real dev by outlet-grouped CV, frozen real test, MMP)
evaluate: $(STAMP)
	PYTHONHASHSEED=0 $(BIN)/python -m factionmap.training.evaluate --shared $(SHARED) --rules

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py --shared $(SHARED)

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache factionmap.db factionmap.db-wal factionmap.db-shm \
	  $(SAMPLES_DB) $(SAMPLES_DB)-wal $(SAMPLES_DB)-shm node_modules tests/web/artefacts
