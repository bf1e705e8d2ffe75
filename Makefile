# One Makefile holds the commands CI runs. Each target installs what it needs into .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
QUESTION ?= What is the relationship between the Taliban and Tahrir al-Sham?

.PHONY: install postgres run test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## PostgreSQL's server binaries for the store tests (the tests start a throwaway cluster themselves)
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
	  echo "installing Debian's postgresql for the store tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; \
	fi

## make run: ingest the bundled sample corpus into ./factionmap.db (SQLite) and answer the question
run: $(STAMP)
	$(BIN)/factionmap ingest factionmap/samples
	$(BIN)/factionmap ask "$(QUESTION)"

## make test: lint, then the whole test suite (quality gate and PostgreSQL store tests included)
test: $(STAMP) postgres
	$(BIN)/ruff check factionmap tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check factionmap tests bench
	$(BIN)/ruff format --check factionmap tests bench

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py --shared $(SHARED)

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache factionmap.db factionmap.db-wal factionmap.db-shm
