"""The delay scan at 100,000 shipments with 1 % late, on the emulator (moto with the local
DynamoDB's index): items the scan's index read returns and DynamoDB counts as read, per late
shipment (target ≤ 1.1), and its time as a ratio to reading the same shipments one GetItem each,
measured in the same run."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

TOTAL = 100_000
LATE_FRACTION = 0.01
DELIVERED_FRACTION = 0.40  # delivered parcels leave the index: the rest wait for their date
_BATCH = 25


def _shipments(total: int, late_every: int, now: datetime) -> list[Any]:
    from chalicelib.domain.shipping import DelayPolicy, Shipment, next_watch

    policy = DelayPolicy()
    made = []
    delivered_below = int(DELIVERED_FRACTION * late_every)
    for n in range(total):
        slot = n % late_every
        late = slot == 0
        promised = now - timedelta(days=3) if late else now + timedelta(days=1 + n % 9)
        status = "delivered" if 0 < slot <= delivered_below else "in_transit"
        shipment = Shipment(id=f"B{n:06d}", order_id=f"{n:06d}", customer_email=f"c{n}@example.org",
                            carrier="DHL", tracking_number=f"JJD{n:09d}", promised_delivery=promised,
                            status=status, created_at=now - timedelta(days=5), updated_at=now)
        shipment.watch_from = next_watch(shipment, policy, now)
        made.append(shipment)
    return made


def _load(client: Any, table: str, shipments: list[Any]) -> None:
    from chalicelib.adapters.dynamo import serialize_item
    from chalicelib.adapters.shipment_keys import shipment_item

    def write(chunk: list[Any]) -> None:
        request = {table: [{"PutRequest": {"Item": serialize_item(shipment_item(s))}} for s in chunk]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}

    chunks = [shipments[i:i + _BATCH] for i in range(0, len(shipments), _BATCH)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, chunks))


class ReadCounter:
    """What DynamoDB reports as read: a query's ScannedCount, a GetItem's item."""

    def __init__(self, client: Any) -> None:
        self.items = 0
        self.calls = 0
        client.meta.events.register("after-call.dynamodb.Query", self._query)
        client.meta.events.register("after-call.dynamodb.GetItem", self._get)

    def _query(self, parsed: dict[str, Any], **_: Any) -> None:
        self.calls += 1
        self.items += int(parsed.get("ScannedCount", 0))

    def _get(self, parsed: dict[str, Any], **_: Any) -> None:
        self.calls += 1
        self.items += 1 if parsed.get("Item") else 0

    def reset(self) -> None:
        self.items = self.calls = 0


def delay_scan(total: int = TOTAL, late_fraction: float = LATE_FRACTION, rounds: int = 3) -> dict[str, Any]:
    import boto3

    from chalicelib.adapters.repository import Table
    from chalicelib.adapters.shipment_keys import SHIPMENT_SK, shipment_pk
    from chalicelib.adapters.shipments import DynamoShipments
    from chalicelib.domain.shipping import DelayPolicy
    from devstack.provision import table_definition
    from scripts.bench import _emulator

    _emulator()
    client = boto3.client("dynamodb", region_name="us-east-1")
    name = "bench-shipments"
    client.create_table(**table_definition(name))
    now = datetime.now(UTC)
    late_every = round(1 / late_fraction)
    started = time.perf_counter()
    shipments = _shipments(total, late_every, now)
    _load(client, name, shipments)
    loaded_s = time.perf_counter() - started
    late = sum(1 for s in shipments if s.watch_from is not None and s.watch_from <= now - DelayPolicy().grace)

    counter = ReadCounter(client)
    table = Table(name, client)
    store = DynamoShipments(table)
    cutoff = now - DelayPolicy().grace
    # Warm up: the emulator indexes a table's items at its first query (the running stack did so
    # long ago); neither figure should carry that once-only cost.
    store.due(cutoff, limit=1, since=cutoff - timedelta(days=1))
    table.get_item(shipment_pk(shipments[0].id), SHIPMENT_SK)
    scan_s, get_s, read, found = [], [], 0, []
    for _ in range(rounds):  # interleaved, so drift hits both alike
        counter.reset()
        t0 = time.perf_counter()
        found = store.due(cutoff, limit=2 * late, since=cutoff - DelayPolicy().lookback)
        scan_s.append(time.perf_counter() - t0)
        read, scan_calls = counter.items, counter.calls
        t0 = time.perf_counter()
        for shipment in found:
            table.get_item(shipment_pk(shipment.id), SHIPMENT_SK)
        get_s.append(time.perf_counter() - t0)
    scan_time, get_time = statistics.median(scan_s), statistics.median(get_s)
    client.delete_table(TableName=name)
    return {
        "shipments": total, "late": late, "found_by_scan": len(found), "items_read_by_scan": read,
        "items_read_per_late_shipment": round(read / late, 3), "target": 1.1, "scan_queries": scan_calls,
        "scan_s": round(scan_time, 3), "same_number_of_get_items_s": round(get_time, 3),
        "scan_time_ratio_to_get_items": round(scan_time / get_time, 3),
        "load_s": round(loaded_s, 1),
    }
