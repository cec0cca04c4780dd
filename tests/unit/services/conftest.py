"""Services on the in-memory ports, with a clock the test moves: no emulator, no sleeping.

The same store promises hold on DynamoDB (`tests/contract`), and the whole app runs on moto in
`tests/functional`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.adapters.memory import MemoryBlobs, MemoryEventBus, MemoryMailer, MemoryStore, MemoryWorkflows
from chalicelib.config import Settings
from chalicelib.domain.access import Caller
from chalicelib.services.context import Desk

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
STOREFRONT = Caller(role="storefront", key_id="shop-key", label="shop")
TIER1 = Caller(role="agent_tier1", key_id="agent1-key", label="Ann")
TIER2 = Caller(role="agent_tier2", key_id="agent2-key", label="Ben")
TIER3 = Caller(role="agent_tier3", key_id="agent3-key", label="Cy")


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class FakeDesk:
    """The desk and its fakes, typed for the tests."""

    desk: Desk
    clock: Clock
    store: MemoryStore
    mailer: MemoryMailer
    bus: MemoryEventBus
    workflows: MemoryWorkflows
    blobs: MemoryBlobs

    def mail_to(self, address: str) -> list[Any]:
        from email import message_from_bytes, policy

        found = [message_from_bytes(m.raw, policy=policy.default) for m in self.mailer.sent if address in m.recipients]
        return found


@pytest.fixture
def fake() -> FakeDesk:
    clock = Clock()
    store = MemoryStore(clock)
    mailer, bus, workflows, blobs = MemoryMailer(), MemoryEventBus(), MemoryWorkflows(), MemoryBlobs()
    settings = Settings(state_machine_arn="arn:aws:states:us-east-1:123456789012:stateMachine:sla",
                        tier_addresses='{"1": "tier1@example.com", "2": "tier2@example.com", "3": "tier3@example.com"}')
    desk = Desk(settings=settings, store=store, mailer=mailer, workflows=workflows, bus=bus, blobs=blobs, clock=clock)
    return FakeDesk(desk, clock, store, mailer, bus, workflows, blobs)
