"""The whole local stack as an operator runs it (`python -m devstack`), in a child process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from devstack.emulator import free_port
from devstack.statedir import EXIT_BUSY

ROOT = Path(__file__).resolve().parents[2]
# The browser tests' PNGs of the main pages; `make screenshots` copies them to docs/screenshots,
# which the README shows (a test run never changes a tracked file).
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / ".local" / "screenshots")
STARTUP_SECONDS = 90


@dataclass
class Child:
    """One `python -m devstack` process and what it said about itself in stack.json."""

    process: subprocess.Popen[bytes]
    state_dir: Path
    log_path: Path
    info: dict[str, Any] = field(default_factory=dict)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def api(stack: dict[str, Any], method: str, path: str, key: str | None = None, body: Any = None) -> Any:
    """A JSON call to the running stack's API (with a key or an agent's token when given); the answer's body."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
    request = urllib.request.Request(stack["api_url"] + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def stack_environment(state_dir: Path, **overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PORT": str(free_port()),
        "SMTP_PORT": str(free_port()),
        "LOCAL_STATE_DIR": str(state_dir),
        "SLA_SCALE": os.environ.get("E2E_SLA_SCALE", "1"),
        "SCHEDULE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
        **overrides,
    }
    for name in ("AWS_ENDPOINT_URL", "MOTO_PORT", "TABLE_NAME"):
        env.pop(name, None)
    return env


def launch(env: dict[str, str], log_name: str = "stack.log") -> Child:
    """Start the stack; returns at once (see `wait_until_ready`)."""
    state_dir = Path(env["LOCAL_STATE_DIR"])
    log_path = state_dir.parent / f"{state_dir.name}-{log_name}"
    with log_path.open("ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    return Child(process, state_dir, log_path)


def wait_until_ready(child: Child) -> Child:
    """Until this very process has written stack.json (a killed one leaves its own behind)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    stack_file = child.state_dir / "stack.json"
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            raise RuntimeError(f"local stack exited ({child.process.returncode}):\n{child.log()}")
        try:
            info = json.loads(stack_file.read_text())
        except (OSError, ValueError):
            info = {}
        if info.get("pid") == child.process.pid:
            info["keys"] = json.loads((child.state_dir / "keys.json").read_text())
            info["state_dir"] = child.state_dir
            child.info = info
            return child
        time.sleep(0.2)
    child.stop()
    raise RuntimeError(f"local stack did not start:\n{child.log()}")


def start(env: dict[str, str], log_name: str = "stack.log", attempts: int = 3) -> Child:
    """Launch and wait until ready. A port free_port() handed out can be taken by some other
    socket before the stack binds it: then it refuses to start (as it should), and we retry on
    other ports (updating `env`)."""
    for attempt in range(attempts):
        child = launch(env, log_name)
        try:
            return wait_until_ready(child)
        except RuntimeError:
            if child.process.returncode != EXIT_BUSY or "port" not in child.log() or attempt == attempts - 1:
                raise
            env.update(PORT=str(free_port()), SMTP_PORT=str(free_port()))
    raise AssertionError("not reached")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    state_dir = tmp_path_factory.mktemp("local")
    child = start(stack_environment(state_dir))
    try:
        yield child.info
    finally:
        child.stop()


# --- The browser: Playwright (pytest-playwright's `browser`, `context` and `page` fixtures) driving
# Chromium. Playwright's own build when `playwright install chromium` put one on the machine, else
# Debian's `chromium` package (`make browser` installs whichever this machine can have).

def chromium_executable(managed: str) -> str | None:
    """None: Playwright's own Chromium is installed; else the path of the system's Chromium."""
    chosen = os.environ.get("CHROMIUM_EXECUTABLE")
    if chosen:
        return chosen
    if managed and Path(managed).exists():
        return None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("no Chromium for the browser tests: run `make browser` (Debian: apt-get install chromium; "
                "elsewhere: python -m playwright install chromium), or set CHROMIUM_EXECUTABLE")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], playwright: Any) -> dict[str, Any]:
    executable = chromium_executable(playwright.chromium.executable_path)
    return {**browser_type_launch_args, **({"executable_path": executable} if executable else {})}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


def watch(page: Any) -> list[str]:
    """What the page's console reports as refused or failed from now on (Content-Security-Policy
    violations included); a test asserts the list stays empty."""
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


@pytest.fixture
def refusals(page: Any) -> list[str]:
    return watch(page)
