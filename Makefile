# `make test` and `make run` both set up the virtual environment first, so a fresh clone needs
# nothing but Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test lint run check sync bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

lint: setup
	$(BIN)/ruff check bot cogs standin tests bench
	$(BIN)/ruff format --check bot cogs standin tests bench

test: lint
	$(BIN)/python -m pytest

run: setup
	$(BIN)/python -m bot

check: setup
	$(BIN)/python -m bot check

sync: setup
	$(BIN)/python -m bot sync

bench: setup
	$(BIN)/python -m bench.interactions

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
