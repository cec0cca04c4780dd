"""Where shipments live in the single table.

- the shipment: `PK=SHIP#<id> SK=SHIPMENT`
- its tracking number: `PK=TRACK#<number> SK=TRACK` → the shipment id (carriers' webhooks name
  only the tracking number)
- an order's shipments: GSI3 `ORDERSHIP#<order id>` (its own partition key, so the tickets an
  order has under `ORDER#<id>` are never mixed with shipments)
- the due-date index: GSI2 `SHIPDUE#<day of watch_from>#<shard>`, sorted by `<watch_from>#<id>`.
  Sparse: only a shipment that can still be late carries these attributes. Partitioned by day, so
  the parcels still on time sit in future days' partitions and the scan's queries (each past day
  up to the look-back, and today's up to the cut-off) touch what is due and nothing else, in
  DynamoDB and in the emulator alike. GSI2 is the table's index of "work that comes due" already
  (queues by SLA deadline, approvals, outbox retries); a shipment fits its shape, so no new index
  (and no table migration) is needed. Two shards per day keep a busy day off one hot key.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ..domain.clock import iso
from ..domain.shipping import Shipment, tracking_key
from .keys import shard_of, strip_keys

SHIPMENT_SK = "SHIPMENT"
TRACKING_SK = "TRACK"
DUE_SHARDS = 2


def shipment_pk(shipment_id: str) -> str:
    return f"SHIP#{shipment_id}"


def tracking_pk(tracking_number: str) -> str:
    return f"TRACK#{tracking_key(tracking_number)}"


def order_pk(order_id: str) -> str:
    return f"ORDERSHIP#{order_id}"


def due_pk(day: date, shard: int) -> str:
    return f"SHIPDUE#{day.isoformat()}#{shard}"


def due_shard(shipment_id: str) -> int:
    return shard_of(shipment_id, DUE_SHARDS)


def due_range(since: datetime, before: datetime) -> tuple[str, str]:
    """The sort keys from `since` to `before`, both included ('~' sorts after every id character)."""
    return f"{iso(since)}#", f"{iso(before)}#~"


def shipment_item(shipment: Shipment) -> dict[str, Any]:
    item: dict[str, Any] = shipment.model_dump(mode="json")
    item.update(PK=shipment_pk(shipment.id), SK=SHIPMENT_SK, type="shipment")
    if shipment.order_id:
        item.update(GSI3PK=order_pk(shipment.order_id), GSI3SK=f"{iso(shipment.created_at)}#{shipment.id}")
    if shipment.watch_from is not None:
        day = shipment.watch_from.astimezone(UTC).date()
        item.update(GSI2PK=due_pk(day, due_shard(shipment.id)), GSI2SK=f"{iso(shipment.watch_from)}#{shipment.id}")
    return item


def tracking_item(shipment: Shipment) -> dict[str, Any]:
    return {"PK": tracking_pk(shipment.tracking_number), "SK": TRACKING_SK, "type": "tracking",
            "shipment_id": shipment.id}


def shipment_from_item(item: dict[str, Any]) -> Shipment:
    return Shipment.model_validate(strip_keys(item))
