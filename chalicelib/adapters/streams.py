"""DynamoDB stream records as the desk's records: which ticket, remedy or outbox work changed,
from what to what. The stream consumer's only view of the table's layout."""

from __future__ import annotations

import base64
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


def _binary(value: Any) -> Any:
    """Lambda's stream events carry binary attributes base64-encoded, as JSON must."""
    if isinstance(value, dict):
        if isinstance(value.get("B"), str):
            return {"B": base64.b64decode(value["B"])}
        if isinstance(value.get("BS"), list):
            return {"BS": [base64.b64decode(v) if isinstance(v, str) else v for v in value["BS"]]}
        if isinstance(value.get("M"), dict):
            return {"M": {k: _binary(v) for k, v in value["M"].items()}}
        if isinstance(value.get("L"), list):
            return {"L": [_binary(v) for v in value["L"]]}
    return value


def _record(image: dict[str, Any] | None) -> Record | None:
    if not image:
        return None
    item = deserialize_item({name: _binary(value) for name, value in image.items()})
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
