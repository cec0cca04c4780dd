"""`GET /metrics` over 90 days: how many items it reads at 1,000 and at 100,000 tickets.

Tickets spread over 90 days are counted the way the stream consumer counts them (each ticket's
contributions added with its event marker, 25 events to a transaction) into a table on moto;
then the period is read through the service that answers `GET /metrics`, counting the items
DynamoDB hands back. The baseline is what reading the tickets would cost: one item a ticket."""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.domain.models import CATEGORIES, CHANNELS, PRIORITIES, SlaDeadlines, Survey, Ticket

START = datetime(2026, 8, 1, tzinfo=UTC)


def synthetic_ticket(n: int, rng: random.Random) -> Ticket:
    created = START + timedelta(seconds=rng.randrange(90 * 86400))
    answered = created + timedelta(seconds=rng.randrange(60, 3 * 86400))
    resolved = answered + timedelta(seconds=rng.randrange(600, 7 * 86400))
    survey = (
        Survey(
            id=f"S{n:025d}",
            sent_at=resolved,
            expires_at=resolved + timedelta(days=14),
            status="answered",
            csat=rng.randint(1, 5),
            nps=rng.randint(0, 10),
            answered_at=resolved + timedelta(hours=2),
            rated_at=resolved + timedelta(hours=2),
        )
        if n % 3 == 0
        else None
    )
    return Ticket(
        id=f"T-{n:010d}",
        category=CATEGORIES[n % len(CATEGORIES)],
        priority=rng.choice(PRIORITIES),
        language="en",
        channel=rng.choice(CHANNELS[:3]),
        subject="s",
        customer_email=f"c{n}@example.org",
        created_at=created,
        updated_at=resolved,
        sla=SlaDeadlines(
            first_response_due=created + timedelta(hours=4), breaches=["first_response"] if n % 9 == 0 else []
        ),
        tier=1 + (n % 7 == 0) + (n % 21 == 0),
        first_response_at=answered,
        status="resolved",
        resolved_at=resolved,
        first_contact_resolution=n % 2 == 0,
        survey=survey,
    )


class CountingClient:
    """The DynamoDB client, counting the items and calls of every read."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.items = 0
        self.calls = 0

    def query(self, **kwargs: Any) -> Any:
        response = self._client.query(**kwargs)
        self.items += len(response.get("Items", ()))
        self.calls += 1
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def bench_metrics(volumes: tuple[int, ...] = (1_000, 100_000)) -> dict[str, Any]:
    import boto3

    from chalicelib.adapters.keys import kpi_key
    from chalicelib.adapters.repository import DynamoStore
    from chalicelib.config import Settings
    from chalicelib.domain import kpis
    from chalicelib.services import kpis as kpi_service
    from chalicelib.services.context import Desk
    from devstack.provision import table_definition

    results: dict[str, Any] = {}
    client = boto3.client("dynamodb")
    for volume in volumes:
        table = f"bench-metrics-{uuid.uuid4().hex[:8]}"
        client.create_table(**table_definition(table))
        store = DynamoStore(table)
        rng = random.Random(volume)
        started = time.perf_counter()
        # What the consumer would have added for these tickets, summed per counter item and put
        # in place at once (moto takes about a second per 100-action transaction, so counting
        # 100,000 tickets one batch at a time would take hours; the read does not care how the
        # counters got there; tests/functional/test_kpis.py shows the consumer's way comes to the
        # figures worked out by hand).
        total = kpis.combine(
            kpis.ticket_contributions(synthetic_ticket(n, rng), "UTC") for n in range(volume)
        )
        for (section, day), counters in total.items():
            pk, sk = kpi_key(section, day)
            store.table.put_item({"PK": pk, "SK": sk, "type": "kpi", **counters})
        counted_s = time.perf_counter() - started

        counting = CountingClient(client)
        desk = Desk(
            settings=Settings(table_name=table),
            store=DynamoStore(table, counting),
            mailer=None,  # type: ignore[arg-type]
            workflows=None,
            bus=None,
            blobs=None,  # type: ignore[arg-type]
            clock=lambda: START + timedelta(days=95),
        )
        reads = []
        for _ in range(5):
            counting.items = counting.calls = 0
            begun = time.perf_counter()
            figures = kpi_service.figures(desk, START.date(), (START + timedelta(days=89)).date())
            reads.append(time.perf_counter() - begun)
        results[f"{volume}_tickets"] = {
            "items_read": counting.items,
            "queries": counting.calls,
            "baseline_items_reading_tickets": volume,
            "read_s_median": round(sorted(reads)[2], 4),
            "seed_s": round(counted_s, 1),
            "counter_items": len(total),
            "tickets_opened_reported": figures["metrics"]["tickets_opened"],
        }
        client.delete_table(TableName=table)
    small, large = (results[f"{v}_tickets"] for v in (volumes[0], volumes[-1]))
    results["items_read_ratio_large_to_small"] = round(large["items_read"] / small["items_read"], 2)
    results["read_time_ratio_large_to_small"] = round(large["read_s_median"] / small["read_s_median"], 2)
    return results
