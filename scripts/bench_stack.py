"""The local stack under load: `POST /tickets` over HTTP against `python -m devstack` started as a
child process, with the child's memory (RSS, from /proc) and the request latency at checkpoints.

    .venv/bin/python -m scripts.bench_stack [--checkpoints 100,1000,10000] [--max-seconds 1800]

Bounded and self-stopping: it stops at the last checkpoint or when the time budget is spent,
whichever comes first, and always stops the child (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHECKPOINTS = (100, 1_000, 10_000)
WINDOW = 100  # latency figures are over the last WINDOW requests before each checkpoint
STARTUP_SECONDS = 120


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at its peak (VmHWM), in MB, from /proc."""
    found: dict[str, float] = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": found.get("VmRSS", 0.0), "peak_rss_mb": found.get("VmHWM", 0.0)}


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def start_stack(state_dir: Path, log_path: Path, attempts: int = 3) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    """Start the stack on free ports (again on others if one was taken before it bound it)."""
    from devstack.statedir import EXIT_BUSY

    for attempt in range(attempts):
        try:
            return _start_stack(state_dir, log_path)
        except StackExited as exited:
            if exited.code != EXIT_BUSY or attempt == attempts - 1:
                raise
    raise AssertionError("not reached")


class StackExited(RuntimeError):
    def __init__(self, code: int, log: str) -> None:
        super().__init__(f"local stack exited ({code}):\n{log}")
        self.code = code


def _start_stack(state_dir: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    from devstack.emulator import free_port

    env = {**os.environ, "PORT": str(free_port()), "SMTP_PORT": str(free_port()),
           "LOCAL_STATE_DIR": str(state_dir), "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"}
    for name in ("AWS_ENDPOINT_URL", "MOTO_PORT", "TABLE_NAME"):
        env.pop(name, None)
    with log_path.open("wb") as log:
            process = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackExited(process.returncode, log_path.read_text(errors="replace")[-3000:])
        if (state_dir / "stack.json").exists() and (state_dir / "keys.json").exists():
            info = json.loads((state_dir / "stack.json").read_text())
            info["keys"] = json.loads((state_dir / "keys.json").read_text())
            return process, info
        time.sleep(0.2)
    stop_stack(process)
    raise RuntimeError("local stack did not start in time")


def stop_stack(process: subprocess.Popen[bytes]) -> float | None:
    """Seconds the child took to exit after SIGTERM (None if it had to be killed)."""
    if process.poll() is not None:
        return 0.0
    start = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
        return round(time.monotonic() - start, 2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def open_ticket(api_url: str, key: str, n: int) -> tuple[int, float]:
    body = json.dumps({
        "customer": {"email": f"bench{n}@example.org", "name": f"Customer {n}"},
        "subject": f"Order {100000 + n} has not arrived",
        "body": f"Hello, my order {100000 + n} was due last week and has not arrived yet. Where is it?",
        "order_id": str(100000 + n),
    }).encode()
    request = urllib.request.Request(api_url + "/tickets", data=body, method="POST", headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:  # refused, reset, timed out: counted as a failure
        status = 0
    return status, time.perf_counter() - start


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def local_stack_load(checkpoints: tuple[int, ...] = CHECKPOINTS, max_seconds: float = 1800.0) -> dict[str, Any]:
    checkpoints = tuple(sorted(checkpoints))
    with tempfile.TemporaryDirectory(prefix="bench-stack-") as tmp:
        state_dir = Path(tmp) / "state"
        log_path = ROOT / ".local" / "bench-stack.log"  # kept: what the stack said under load
        log_path.parent.mkdir(exist_ok=True)
        process, info = start_stack(state_dir, log_path)
        figures: dict[str, Any] = {"checkpoints": {}, "max_seconds": max_seconds}
        try:
            key = info["keys"]["storefront"]
            figures["idle"] = rss_mb(process.pid)
            latencies: list[float] = []
            failures = 0
            started = time.monotonic()
            for n in range(1, checkpoints[-1] + 1):
                if time.monotonic() - started > max_seconds:
                    figures["stopped_early"] = f"time budget of {max_seconds:g} s spent after {n - 1} tickets"
                    break
                if process.poll() is not None:
                    figures["stopped_early"] = f"the local stack exited (code {process.returncode}) after {n - 1} tickets"
                    break
                status, seconds = open_ticket(info["api_url"], key, n)
                failures += status != 201
                latencies.append(seconds)
                if n in checkpoints:
                    window = latencies[-WINDOW:]
                    figures["checkpoints"][str(n)] = {
                        **rss_mb(process.pid), "threads": threads(process.pid),
                        "p50_ms": _ms(window, 0.50), "p95_ms": _ms(window, 0.95),
                        "mean_ms": round(1000 * statistics.fmean(window), 1),
                        "elapsed_s": round(time.monotonic() - started, 1), "failures": failures,
                    }
                    print(f"  {n:>6} tickets: {figures['checkpoints'][str(n)]}", file=sys.stderr, flush=True)
        finally:
            figures["seconds_to_stop_on_sigterm"] = stop_stack(process)
        done = figures["checkpoints"]
        if len(done) >= 2:
            first, last = done[min(done, key=int)], done[max(done, key=int)]
            figures["ratios"] = {
                "span": f"{max(done, key=int)} / {min(done, key=int)} tickets",
                "p50_latency": round(last["p50_ms"] / first["p50_ms"], 2),
                "p95_latency": round(last["p95_ms"] / first["p95_ms"], 2),
                "rss": round(last["rss_mb"] / first["rss_mb"], 2),
            }
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoints", default=",".join(map(str, CHECKPOINTS)))
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    args = parser.parse_args()
    result = local_stack_load(tuple(int(c) for c in args.checkpoints.split(",")), args.max_seconds)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
