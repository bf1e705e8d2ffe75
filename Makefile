# One Makefile holds the commands CI runs. Each target installs what it needs into .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: extract the bundled sample corpus and print a summary of the claims found
run: $(STAMP)
	$(BIN)/factionmap extract factionmap/samples --out out/sample --show 20

## make test: lint, then the whole test suite (including the seed quality gate)
test: $(STAMP)
	$(BIN)/ruff check factionmap tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check factionmap tests bench
	$(BIN)/ruff format --check factionmap tests bench

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py --shared $(SHARED)

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
