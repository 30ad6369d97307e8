# `make test`, `make run` and `make demo` set up the virtual environment first, so a fresh clone needs
# nothing but Python (3.11 to 3.13) and make. Another Python: `make test PYTHON=python3.13`; a venv made
# by a different Python than the one asked for is rebuilt (a stale one used to stick until `make clean`).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
# One stamp per interpreter version: asking for another Python finds no stamp and re-runs set-up.
STAMP := $(VENV)/.installed-$(PY_VERSION)
VENV_VERSION = $(shell $(BIN)/python -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
# `make test` runs the suite in this many pytest-xdist workers: more than the cores, since a test mostly
# waits (on the stand-in's sockets, subprocesses, PostgreSQL); TEST_WORKERS=0 runs it in one process.
# Work stealing: an idle worker takes tests from a busy one's queue, so no worker is left finishing a
# queue of slow tests alone at the end.
TEST_WORKERS ?= 4
TEST_DIST ?= worksteal

.PHONY: setup test lint run check sync bench demo clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PY_VERSION)" || { echo "error: $(PYTHON) was not found; install Python 3.11, 3.12 or 3.13, or name one: make PYTHON=python3.12" >&2; exit 2; }
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || { echo "error: $(PYTHON) is Python $(PY_VERSION); the bot needs 3.11 to 3.13 (make PYTHON=python3.12)" >&2; exit 2; }
	@if [ -d $(VENV) ] && [ "$(VENV_VERSION)" != "$(PY_VERSION)" ]; then \
		echo "$(VENV) was made by another Python ($(or $(VENV_VERSION),gone)); rebuilding it with $(PYTHON) $(PY_VERSION)"; \
		rm -rf $(VENV); \
	fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed*
	@touch $(STAMP)

lint: setup
	$(BIN)/ruff check bot cogs standin tests bench
	$(BIN)/ruff format --check bot cogs standin tests bench

test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(if $(filter-out 0,$(TEST_WORKERS)),--dist $(TEST_DIST))

run: setup
	$(BIN)/python -m bot

check: setup
	$(BIN)/python -m bot check

sync: setup
	$(BIN)/python -m bot sync

bench: setup
	$(BIN)/python -m bench.interactions

demo: setup
	$(BIN)/python -m bot demo

clean:
	rm -rf $(VENV) .venv-* var .pytest_cache .ruff_cache .hypothesis
