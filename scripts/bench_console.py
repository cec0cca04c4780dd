"""The agent console's queue page with 200 tickets, on the local stack (`python -m devstack` as a
child), against the API's JSON of the same 200 tickets (`GET /queues/1?limit=200`: the same
service call, no HTML) measured in the same run, interleaved so drift hits both alike. Besides
wall time, the CPU time the stack's process spends per request (from /proc, the emulator runs in
that process too), which a busy machine disturbs less; and the page's own share: rendering the
200 rows in this process.

    .venv/bin/python -m scripts.bench_console [--tickets 200] [--rounds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TICKETS = 200
ROUNDS = 15


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _session_cookie(api_url: str, email: str, password: str) -> str:
    """Sign in through the console's own form; the session cookie it sets."""
    body = urllib.parse.urlencode({"email": email, "password": password}).encode()
    request = urllib.request.Request(f"{api_url}/console/sign-in", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("rc_console="):
                return cookie.split(";", 1)[0]
    raise RuntimeError("the console did not sign the agent in")


def _timed_get(url: str, headers: dict[str, str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
        body = response.read()
    return time.perf_counter() - start, body


def _cpu_seconds(pid: int) -> float:
    """User plus system time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_per_request(pid: int, url: str, headers: dict[str, str], rounds: int) -> float:
    start = _cpu_seconds(pid)
    for _ in range(rounds):
        _timed_get(url, headers)
    return (_cpu_seconds(pid) - start) / rounds


def _render_only(listed: list[dict[str, Any]], rounds: int) -> float:
    """The page's own cost: the queue template over the same 200 tickets (as the API listed them),
    in this process, median of `rounds`."""
    from chalicelib.blueprints import console_views
    from chalicelib.blueprints.console import QUEUE_LIMIT, QUEUE_STATUSES
    from chalicelib.blueprints.console_web import render
    from chalicelib.domain.access import Caller
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.models import Ticket

    tickets = [Ticket.model_validate(t) for t in listed]
    me = Caller(role="agent_tier1", key_id="agent:bench", email="bench@example.com", name="Bench")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        now = utcnow()
        render("queue.html.j2", base="", me=me, csrf="x" * 43, flash=None, path="/console/queue",
               heading=console_views.tier_name(1), rows=[console_views.row(t, now) for t in tickets], tier=1,
               tiers=[1], status="new,open", statuses=QUEUE_STATUSES, limit=QUEUE_LIMIT, section="queue")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_console(tickets: int = TICKETS, rounds: int = ROUNDS) -> dict[str, Any]:
    from scripts.bench_stack import open_ticket, start_stack, stop_stack

    with tempfile.TemporaryDirectory(prefix="bench-console-") as folder:
        state_dir = Path(folder) / "local"
        process, info = start_stack(state_dir, Path(folder) / "stack.log")
        try:
            api = info["api_url"]
            keys = json.loads((state_dir / "keys.json").read_text())
            with ThreadPoolExecutor(max_workers=8) as pool:
                opened = list(pool.map(lambda n: open_ticket(api, keys["storefront"], n)[0], range(tickets)))
            if any(status != 201 for status in opened):
                raise RuntimeError(f"could not open {tickets} tickets: {sorted(set(opened))}")
            agent = next(a for a in json.loads((state_dir / "agents.json").read_text()) if a["tier"] == 1)
            cookie = _session_cookie(api, agent["email"], agent["password"])
            token = json.loads(urllib.request.urlopen(urllib.request.Request(
                f"{api}/auth/sign-in", method="POST", headers={"Content-Type": "application/json"},
                data=json.dumps({"email": agent["email"], "password": agent["password"]}).encode()),
                timeout=30).read())["token"]
            page_url, json_url = f"{api}/console/queue?tier=1", f"{api}/queues/1?limit={tickets}"
            page_headers, json_headers = {"Cookie": cookie}, {"Authorization": f"Bearer {token}"}
            for _ in range(3):  # warm: templates compiled, clients and caches filled
                _, page = _timed_get(page_url, page_headers)
                _timed_get(json_url, json_headers)
            listed = page.decode().count('class="tid"')
            if listed != tickets:
                raise RuntimeError(f"the queue page lists {listed} tickets, not {tickets}")
            page_times, json_times = [], []
            for _ in range(rounds):
                elapsed, page = _timed_get(page_url, page_headers)
                page_times.append(elapsed)
                elapsed, listed = _timed_get(json_url, json_headers)
                json_times.append(elapsed)
            page_cpu = _cpu_per_request(process.pid, page_url, page_headers, rounds)
            json_cpu = _cpu_per_request(process.pid, json_url, json_headers, rounds)
        finally:
            stop_stack(process)
    render_s = _render_only(json.loads(listed)["tickets"], rounds)
    page_ms = statistics.median(page_times) * 1000
    json_ms = statistics.median(json_times) * 1000
    return {"tickets": tickets, "rounds": rounds, "queue_page_ms_median": round(page_ms, 1),
            "queue_page_ms_max": round(max(page_times) * 1000, 1),
            "baseline_queue_json_ms_median": round(json_ms, 1),
            "ratio_page_vs_json": round(page_ms / json_ms, 2),
            "queue_page_cpu_ms": round(page_cpu * 1000, 1), "baseline_queue_json_cpu_ms": round(json_cpu * 1000, 1),
            "cpu_ratio_page_vs_json": round(page_cpu / json_cpu, 2) if json_cpu else None,
            "render_200_rows_ms": round(render_s * 1000, 1), "page_kb": round(len(page) / 1024, 1),
            "target_ms": 300, "within_target": page_ms < 300,
            "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=TICKETS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    print(json.dumps(bench_console(args.tickets, args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
