"""The sweeper over 10,000 overdue tickets on DynamoDB (moto): a run stops when its time budget is
spent, the next goes on where it stopped, every tier is reached from the first run on, and no
ticket is read twice for the same missed deadline."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest

from chalicelib.adapters.dynamo import serialize_item
from chalicelib.adapters.keys import ticket_item
from chalicelib.adapters.memory import MemoryBlobs, MemoryEventBus, MemoryMailer, MemoryWorkflows
from chalicelib.adapters.repository import DynamoStore
from chalicelib.config import Settings
from chalicelib.domain.models import SlaDeadlines, Ticket
from chalicelib.services import escalation
from chalicelib.services.context import Desk
from tests.contract.records import NOW

OVERDUE = int(os.environ.get("SWEEP_SCALE_TICKETS", "10000"))
BUDGET_SECONDS = 10.0


def overdue_ticket(n: int) -> Ticket:
    created = NOW - timedelta(hours=8)
    due = created + timedelta(hours=1, seconds=n)  # every one passed, in the order of n
    return Ticket(id=f"T-{n:010d}", tier=1 + n % 3, category="other", priority="normal", language="en",
                  subject=f"Parcel {n}", customer_email=f"c{n}@example.org", created_at=created,
                  updated_at=created, timer_name=f"T-{n:010d}",
                  sla=SlaDeadlines(first_response_due=due, resolution_due=created + timedelta(days=3)))


def seed_overdue(table: str, count: int) -> None:
    client = boto3.client("dynamodb")
    items = [serialize_item(ticket_item(overdue_ticket(n))) for n in range(count)]
    for start in range(0, len(items), 25):
        request = {table: [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


pytestmark = pytest.mark.long


@pytest.fixture
def dynamodb_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto's DynamoDB (with the devstack's transaction fix) in this process rather than over
    loopback HTTP: the same service, at about half the cost per call for 10,000 tickets."""
    from moto import mock_aws

    from devstack.emulator import FAKE_CREDENTIALS, install_patches
    from devstack.provision import table_definition

    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        install_patches()
        table = f"table-{uuid.uuid4().hex[:12]}"
        boto3.client("dynamodb").create_table(**table_definition(table))
        yield table


def test_the_sweeper_works_through_ten_thousand_overdue_tickets_within_its_budget(dynamodb_table: str) -> None:
    seed_overdue(dynamodb_table, OVERDUE)
    store = DynamoStore(dynamodb_table)
    workflows = MemoryWorkflows()  # no timer is running: every ticket needs a new one
    settings = Settings(table_name=dynamodb_table, state_machine_arn="arn:aws:states:us-east-1:1:stateMachine:sla",
                        tier_addresses='{"1": "t1@example.com", "2": "t2@example.com", "3": "t3@example.com"}')
    desk = Desk(settings=settings, store=store, mailer=MemoryMailer(), workflows=workflows, bus=MemoryEventBus(),
                blobs=MemoryBlobs(), clock=lambda: NOW)

    runs: list[dict[str, Any]] = []
    while not (runs and runs[-1]["overdue_finished"]):
        runs.append(escalation.sweep_tickets(desk, escalation.Budget(BUDGET_SECONDS)))
        assert runs[-1]["breaches_recorded"] or runs[-1]["overdue_finished"], "a run made no progress"

    recorded = [ticket_id for run in runs for ticket_id in run["breaches_recorded"]]
    assert len(runs) > 1  # the budget cut the first run short, and the next ones went on
    assert all(not run["overdue_finished"] for run in runs[:-1])
    assert len(recorded) == len(set(recorded)) == OVERDUE  # each one once, none left behind
    # Earliest deadline first, whatever the tier: the earliest tenth handled holds every tier
    # about equally (the deadlines alternate tiers), and came from the earliest fifth of deadlines.
    earliest = recorded[:OVERDUE // 10]
    tiers = Counter(int(ticket_id[2:]) % 3 + 1 for ticket_id in earliest)
    assert set(tiers) == {1, 2, 3} and min(tiers.values()) >= len(earliest) / 4
    assert max(int(ticket_id[2:]) for ticket_id in earliest) < OVERDUE // 5
    assert sorted(workflows.started) == sorted(f"T-{n:010d}-r1" for n in range(OVERDUE))
    assert store.tickets.overdue(NOW, 10) == []
    sample = store.tickets.get(f"T-{OVERDUE - 1:010d}")
    assert sample is not None and "first_response" in sample.sla.breaches and sample.timer_name.endswith("-r1")
