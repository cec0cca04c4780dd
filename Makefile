# resolution-center: `make run` runs the desk locally, `make test` tests it. Both set up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STAGE ?= dev
PYTEST_WORKERS ?= 2

.PHONY: setup run reset test unit integration functional e2e lint typecheck bench package cfn-lint deploy clean train triage-corrections triage-score

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip<26.3"  # chalice 1.34 packages with pip and requires pip<26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: setup
	$(PY) -m devstack

# Empties the local stack's state (.local/, or LOCAL_STATE_DIR); refuses while a stack runs on it.
reset: setup
	$(PY) -m devstack.reset

test: setup lint
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests

unit: setup
	$(PY) -m pytest -q tests/unit

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
