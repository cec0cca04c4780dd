"""The sweeper over N overdue tickets (10,000 by default) on the emulator: runs until the overdue
slice is empty, with the AWS calls and the items they read counted, then one run more (what
every later run costs). `python -m scripts.bench sweeper`; SWEEP_BENCH_TICKETS changes N."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 20.0
# The sweeper before issue 9, from its code: every run queried 3 tiers x 3 statuses x 4 priority
# ranks of the queue index, read every overdue ticket in full, and described every one's timer.
_OLD_QUERIES_PER_RUN = 36


class _Reads:
    """AWS calls by operation, and the items DynamoDB returned, on one boto3 client."""

    def __init__(self, client: Any) -> None:
        self.calls: Counter[str] = Counter()
        self.items = 0
        client.meta.events.register("after-call.dynamodb.*", self._after)

    def _after(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls[model.name] += 1
        self.items += int(parsed.get("Count", 0)) + sum(len(v) for v in parsed.get("Responses", {}).values())
        self.items += 1 if "Item" in parsed else 0

    def take(self) -> dict[str, Any]:
        taken = {"calls": dict(sorted(self.calls.items())), "items_read": self.items}
        self.calls.clear()
        self.items = 0
        return taken


def sweeper(tickets: int | None = None) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    import boto3

    from chalicelib.adapters import aws
    from chalicelib.adapters.memory import MemoryBlobs, MemoryEventBus, MemoryMailer, MemoryWorkflows
    from chalicelib.adapters.repository import DynamoStore
    from chalicelib.config import Settings
    from chalicelib.services import escalation
    from chalicelib.services.context import Desk
    from devstack.provision import table_definition
    from scripts.bench import _emulator
    from tests.contract.records import NOW
    from tests.integration.test_sweeper_at_scale import seed_overdue

    count = tickets or int(os.environ.get("SWEEP_BENCH_TICKETS", "10000"))
    server = _emulator()
    try:
        boto3.client("dynamodb").create_table(**table_definition("bench-sweeper"))
        seed_overdue("bench-sweeper", count)
        workflows = MemoryWorkflows()
        settings = Settings(table_name="bench-sweeper", state_machine_arn="arn:aws:states:us-east-1:1:stateMachine:s",
                            tier_addresses='{"1": "t1@example.com", "2": "t2@example.com", "3": "t3@example.com"}')
        desk = Desk(settings=settings, store=DynamoStore("bench-sweeper"), mailer=MemoryMailer(), workflows=workflows,
                    bus=MemoryEventBus(), blobs=MemoryBlobs(), clock=lambda: NOW)
        reads = _Reads(aws.client("dynamodb"))
        runs, started, describes = [], time.perf_counter(), 0
        while not (runs and runs[-1]["overdue_finished"]):
            before = len(workflows.started)
            run = escalation.sweep_tickets(desk, escalation.Budget(BUDGET_SECONDS))
            runs.append(run)
            describes += run["overdue_tickets"]  # one DescribeExecution a ticket (the fake timer service)
            assert len(workflows.started) >= before
        seconds = time.perf_counter() - started
        through = reads.take()
        idle = escalation.sweep_tickets(desk, escalation.Budget(BUDGET_SECONDS))
        after = reads.take()
        visited = sum(r["overdue_tickets"] for r in runs)
        return {
            "overdue_tickets": count,
            "runs_to_finish": len(runs),
            "budget_seconds_per_run": BUDGET_SECONDS,
            "seconds_on_emulator": round(seconds, 1),
            "tickets_read": visited,
            "tickets_read_per_overdue_ticket": round(visited / count, 3),
            "dynamodb_until_done": through,
            "dynamodb_items_read_per_overdue_ticket": round(through["items_read"] / count, 2),
            "describe_execution_calls": describes,
            "timers_restarted": len(workflows.started),
            "each_later_run": {**after, "tickets_read": idle["overdue_tickets"], "describe_execution_calls": 0},
            "before_issue_9_each_run": {
                "queries": _OLD_QUERIES_PER_RUN, "items_read": count, "describe_execution_calls": count,
                "note": "by arithmetic from the old code: every 5-minute run read all overdue tickets again, "
                        "from tier 1, inside a 30 s timeout, and the set only grew",
            },
        }
    finally:
        server.reset()
