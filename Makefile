# Paru's developer tasks. Each target creates .venv itself, so a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= $(abspath ../shared)

.DEFAULT_GOAL := help

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Paru needs Python 3.11: install it or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

.PHONY: help install run test test-quick lint bench eval
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Create .venv and install Paru with its development tools

run: install ## Run Paru on its embedded defaults: demo mode, the simulator at http://127.0.0.1:8000/simulator
	$(BIN)/paru serve

lint: install ## ruff check, format check, and the import layers (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

test: install lint ## Lint, then run the whole test suite (what CI runs)
	PARU_SHARED_DIR=$(SHARED) $(BIN)/python -m pytest

test-quick: install ## The tests not marked slow (no servers, browsers or subprocesses): a minute or so
	PARU_SHARED_DIR=$(SHARED) $(BIN)/python -m pytest -m "not slow"

eval: install ## Score the matcher on the development question set
	$(BIN)/paru eval $(SHARED)/eval/dev.jsonl --no-misses

bench: install ## Print the benchmark tables that the README quotes
	$(BIN)/python -m benchmarks.bench_matcher --shared $(SHARED)
	$(BIN)/python -m benchmarks.crossval
	$(BIN)/python -m benchmarks.bench_store
	$(BIN)/python -m benchmarks.bench_webhook --events 4000 --concurrency 64
