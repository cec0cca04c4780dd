"""The whole local stack as an operator runs it (`python -m devstack`), in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devstack.emulator import free_port

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 90


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    state_dir = tmp_path_factory.mktemp("local")
    env = {
        **os.environ,
        "PORT": str(free_port()),
        "SMTP_PORT": str(free_port()),
        "LOCAL_STATE_DIR": str(state_dir),
        "SLA_SCALE": os.environ.get("E2E_SLA_SCALE", "1"),
        "SCHEDULE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("AWS_ENDPOINT_URL", "MOTO_PORT", "TABLE_NAME"):
        env.pop(name, None)
    log_path = state_dir / "stack.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            info = _wait_for_stack(state_dir, process, log_path)
            info["keys"] = json.loads((state_dir / "keys.json").read_text())
            info["state_dir"] = state_dir
            yield info
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for_stack(state_dir: Path, process: subprocess.Popen[bytes], log_path: Path) -> dict[str, Any]:
    deadline = time.monotonic() + STARTUP_SECONDS
    stack_file = state_dir / "stack.json"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"local stack exited:\n{log_path.read_text(errors='replace')[-4000:]}")
        if stack_file.exists():
            return dict(json.loads(stack_file.read_text()))
        time.sleep(0.2)
    raise RuntimeError(f"local stack did not start:\n{log_path.read_text(errors='replace')[-4000:]}")
