# Two commands: `make run` sets up a local venv and starts the program on its embedded
# SQLite database (it offers demo data on the first start); `make test` sets up and runs
# every test (PostgreSQL tests start their own throwaway server).
# Both install exactly what requirements/lock.txt pins (hashes checked), nothing newer.
# `make lock` refreshes the lock after a change to pyproject.toml (keeps every other pin);
# `make lock-upgrade` moves every pin to the newest version pyproject.toml allows.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt

.PHONY: run test check setup lock lock-upgrade clean

$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/sysselsattning gui

# The build's habits first (seconds), then every test.
check: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(STAMP)
	$(MAKE) --no-print-directory check
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q

lock: $(STAMP)
	UV=$(BIN)/uv bash tools/lock.sh

lock-upgrade: $(STAMP)
	UV=$(BIN)/uv bash tools/lock.sh --upgrade

clean:
	rm -rf $(VENV) build dist *.egg-info
