"""DynamoDB stream records as the desk's records: which ticket, remedy or outbox work changed,
from what to what. The stream consumer's only view of the table's layout."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..domain.models import OutboxItem, Remedy, Ticket
from .dynamo import deserialize_item
from .keys import outbox_from_item, remedy_from_item, ticket_from_item

log = logging.getLogger(__name__)
Record = Ticket | Remedy | OutboxItem


@dataclass(frozen=True)
class StreamChange:
    event_id: str
    name: str  # INSERT | MODIFY | REMOVE
    old: Record | None
    new: Record | None


def _record(image: dict[str, Any] | None) -> Record | None:
    if not image:
        return None
    item = deserialize_item(image)
    if item.get("entity") == "remedy":
        return remedy_from_item(item)
    kind = item.get("type")
    if kind == "ticket":
        return ticket_from_item(item)
    if kind == "outbox":
        return outbox_from_item(item)
    return None  # messages, events, claims, counters: nothing the KPIs count


def decode(records: list[dict[str, Any]]) -> list[StreamChange]:
    """The changes to records the KPIs count. A record that cannot be read is logged and left out:
    one bad image must not hold up the shard (its ticket is counted again on its next change)."""
    changes = []
    for record in records:
        stream = record.get("dynamodb") or {}
        try:
            old, new = _record(stream.get("OldImage")), _record(stream.get("NewImage"))
        except Exception:
            log.exception("unreadable stream record", extra={"event_id": record.get("eventID")})
            continue
        if old is None and new is None:
            continue
        changes.append(StreamChange(str(record.get("eventID")), str(record.get("eventName")), old, new))
    return changes
