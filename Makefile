# evalkit — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install reports test bench check-seeds lab clean cron-line

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the pinned dependencies and evalkit (only when changed)

reports: $(STAMP)  ## build every report of data/catalog.csv into outputs/
	$(BIN)/evalkit run

cron-line:  ## print the crontab line that builds the reports nightly (absolute paths)
	@echo "0 2 * * * $(CURDIR)/$(BIN)/evalkit run --quiet 2>&1 | tee -a $(CURDIR)/outputs/cron.log"

test: $(STAMP)  ## lint (ruff), type-check (mypy), then run the test suite
	$(BIN)/ruff check evalkit tests benchmarks data conftest.py
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## run the benchmarks (prints the measured figures)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

check-seeds: $(STAMP)  ## spot-check every seed workbook under data/
	$(BIN)/evalkit check data/

lab: $(STAMP)  ## open the notebooks in JupyterLab (sample data generated first)
	$(BIN)/evalkit samples
	$(BIN)/jupyter lab notebooks/

clean:  ## remove generated outputs (keeps .venv)
	rm -rf outputs/* .pytest_cache
