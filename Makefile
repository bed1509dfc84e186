# Two commands: `make run` sets up a local venv and starts the program on its embedded
# SQLite database (it offers demo data on the first start); `make test` sets up and runs
# every test (PostgreSQL tests start their own throwaway server).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/sysselsattning gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf $(VENV) build dist *.egg-info
