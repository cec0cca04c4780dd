"""Schemathesis over the whole API of the local stack, as the stack publishes it at
GET /openapi.json: every operation with a storefront key and with an admin key. No answer may be
a 5xx, and every 4xx must be our error envelope (the `error_envelope` check in contract_checks.py).

Bounded and deterministic (schemathesis.toml beside this file): a few examples per operation,
derandomized generation, no example database. The admin run adds schemathesis's coverage phase
(invalid values for every parameter and field), which a storefront key would mostly spend on 403s.
Schemathesis leaves out the operation that serves the document itself (GET /openapi.json)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
RUNS = {
    "admin": "examples,coverage,fuzzing,stateful",
    "storefront": "examples,fuzzing,stateful",
}


@pytest.mark.parametrize("role", sorted(RUNS))
def test_no_operation_answers_5xx_and_every_error_is_in_the_envelope(stack: dict[str, Any], role: str,
                                                                      tmp_path: Path):
    command = [
        str(Path(sys.executable).with_name("st")), "--config-file", str(CONFIG), "run",
        f"{stack['api_url']}/openapi.json", "--checks", "not_a_server_error,error_envelope",
        "--header", f"Authorization: Bearer {stack['keys'][role]}", "--phases", RUNS[role],
        "--workers", "1", "--request-timeout", "60", "--no-color",
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.contract_checks", "PYTHONPATH": str(ROOT)}

    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)

    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-12000:]
    every = _operation_count(stack) - 1  # all but GET /openapi.json
    assert f"Selected: {every}/{every}" in report and f"Tested: {every}" in report, report[-4000:]
    assert "deterministic" in report and " passed" in report


def _operation_count(stack: dict[str, Any]) -> int:
    with urllib.request.urlopen(f"{stack['api_url']}/openapi.json", timeout=30) as response:
        document = json.loads(response.read())
    return sum(len(item) for item in document["paths"].values())
