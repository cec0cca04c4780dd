# resolution-center: `make run` runs the desk locally, `make test` tests it. Both set up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STAGE ?= dev
PYTEST_WORKERS ?= 2

.PHONY: setup run reset test unit integration functional e2e lint typecheck bench package cfn-lint deploy clean kb-import browser train triage-corrections triage-score

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip<26.3"  # chalice 1.34 packages with pip and requires pip<26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: setup
	$(PY) -m devstack

# Imports a folder of Markdown articles with front matter into the running local stack's knowledge base.
kb-import: setup
	@test -n "$(DIR)" || (echo "usage: make kb-import DIR=folder-of-markdown-articles" >&2; exit 2)
	$(PY) -m scripts.kb_import "$(DIR)"

# Empties the local stack's state (.local/, or LOCAL_STATE_DIR); refuses while a stack runs on it.
reset: setup
	$(PY) -m devstack.reset

test: setup lint browser
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests

unit: setup
	$(PY) -m pytest -q tests/unit

# The browser tests drive Chromium through Playwright: a Chromium already here (Debian's package,
# CHROMIUM_EXECUTABLE, or Playwright's own build); else Debian's `chromium` package where apt-get can
# install it (as root); else Playwright's download. Fails saying what to do when none works.
HAS_PLAYWRIGHT_CHROMIUM := import pathlib, sys; from playwright.sync_api import sync_playwright; \
	p = sync_playwright().start(); found = pathlib.Path(p.chromium.executable_path).exists(); p.stop(); sys.exit(not found)
browser: setup
	@if [ -n "$$CHROMIUM_EXECUTABLE" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| $(PY) -c "$(HAS_PLAYWRIGHT_CHROMIUM)" 2>/dev/null; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null; \
	elif $(PY) -m playwright install chromium; then :; \
	else echo "make browser: no Chromium for the browser tests. Debian: sudo apt-get install chromium;" \
		"elsewhere: $(PY) -m playwright install --with-deps chromium; or set CHROMIUM_EXECUTABLE" >&2; exit 1; fi

e2e: browser

integration functional e2e: setup
	$(PY) -m pytest -q tests/$@

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-logo  # the layers and who may import boto3 or chalice: pyproject.toml

typecheck: setup
	$(PY) -m mypy

bench: setup
	$(PY) -m scripts.bench

# Retrains chalicelib/domain/triage_model.json.gz from the repo's data (and agents' corrections:
# make train CORRECTIONS=triage_corrections.jsonl); same data and seed, same bytes.
TRAIN_DEPS := .venv-train/.installed
$(TRAIN_DEPS): requirements-train.txt | setup
	$(PY) -m pip install --quiet --target .venv-train -r requirements-train.txt
	touch $(TRAIN_DEPS)

train: setup $(TRAIN_DEPS)
	PYTHONPATH=.venv-train $(PY) scripts/train_triage.py $(foreach f,$(CORRECTIONS),--corrections $(f))

# Agents' triage corrections from the local stack's table (or TABLE=name on AWS) as JSONL.
triage-corrections: setup
	$(PY) -m scripts.export_triage_corrections -o triage_corrections.jsonl $(if $(TABLE),--table $(TABLE))

# Scores the shipped triage on the blind set (tests/data): scoring only, never training.
triage-score: setup
	$(PY) scripts/score_triage.py

package: setup
	$(PY) -m scripts.package $(STAGE)

deploy: setup
	$(PY) -m scripts.deploy $(STAGES)

cfn-lint: setup
	$(PY) -m scripts.package --lint-only

clean:
	rm -rf $(VENV) .venv-train .local dist .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
