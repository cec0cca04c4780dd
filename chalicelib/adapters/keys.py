"""The single table's key layout. Access patterns decide the keys; no request path scans."""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

from ..domain.clock import iso
from ..domain.models import (
    PRIORITY_RANK,
    AuditEvent,
    Message,
    OutboxItem,
    Priority,
    QuarantinedMail,
    Remedy,
    Status,
    Ticket,
)

QUEUED_STATUSES = (Status.NEW.value, Status.OPEN.value, Status.PENDING.value)
_NOT_DUE = "9999-12-31T00:00:00.000000Z"


def ticket_pk(ticket_id: str) -> str:
    return f"TICKET#{ticket_id}"


def customer_pk(email: str) -> str:
    return f"CUST#{email.lower()}"


def queue_pk(tier: int, status: str) -> str:
    return f"QUEUE#{tier}#{status}"


def next_due(ticket: Ticket) -> str:
    """What the queue sorts on: the deadline the agent must meet next."""
    sla = ticket.sla
    if sla.first_response_at is None:
        return iso(sla.first_response_due)
    candidates = [d for d in (sla.next_response_due, sla.resolution_due) if d is not None]
    return iso(min(candidates)) if candidates else _NOT_DUE


def ticket_item(ticket: Ticket) -> dict[str, Any]:
    item: dict[str, Any] = ticket.model_dump(mode="json")
    item.update(
        PK=ticket_pk(ticket.id),
        SK="META",
        type="ticket",
        GSI1PK=customer_pk(ticket.customer_email),
        GSI1SK=f"{item['created_at']}#{ticket.id}",
    )
    if ticket.status in QUEUED_STATUSES:
        rank = PRIORITY_RANK[Priority(ticket.priority)]
        item["GSI2PK"] = queue_pk(ticket.tier, ticket.status)
        item["GSI2SK"] = f"{rank}#{next_due(ticket)}#{ticket.id}"
    if ticket.order_id:
        item["GSI3PK"] = f"ORDER#{ticket.order_id}"
        item["GSI3SK"] = f"{item['created_at']}#{ticket.id}"
    return item


def message_item(message: Message) -> dict[str, Any]:
    item: dict[str, Any] = message.model_dump(mode="json")
    item.update(
        PK=ticket_pk(message.ticket_id),
        SK=f"MSG#{item['created_at']}#{message.id}",
        type="message",
    )
    return item


def event_item(event: AuditEvent) -> dict[str, Any]:
    item: dict[str, Any] = event.model_dump(mode="json")
    item.update(PK=ticket_pk(event.ticket_id), SK=f"EVT#{item['at']}#{event.id}", type="event")
    return item


def strip_keys(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in {"PK", "SK", "type"} and not k.startswith("GSI")}


def ticket_from_item(item: dict[str, Any]) -> Ticket:
    return Ticket.model_validate(strip_keys(item))


def quarantine_pk(quarantine_id: str) -> str:
    return f"QUAR#{quarantine_id}"


def quarantine_item(held: QuarantinedMail) -> dict[str, Any]:
    item: dict[str, Any] = held.model_dump(mode="json")
    item.update(PK=quarantine_pk(held.id), SK="META", type="quarantine")
    if held.released_at is None:  # the quarantine list shows what is still held, newest first
        item.update(GSI2PK="QUARANTINE", GSI2SK=f"{item['received_at']}#{held.id}")
    return item


def quarantine_from_item(item: dict[str, Any]) -> QuarantinedMail:
    return QuarantinedMail.model_validate(strip_keys(item))


def remedy_item(remedy: Remedy) -> dict[str, Any]:
    item: dict[str, Any] = remedy.model_dump(mode="json")
    # `type` is the remedy's own field here, so the item says what it is under `entity`.
    item.update(PK=ticket_pk(remedy.ticket_id), SK=f"REM#{remedy.id}", entity="remedy")
    if remedy.status == "awaiting_approval" and remedy.approval_tier and remedy.approval_due:
        # Approvers see what waits for them, the most urgent first.
        item.update(GSI2PK=f"APPROVALS#{remedy.approval_tier}", GSI2SK=f"{item['approval_due']}#{remedy.id}")
    return item


def remedy_from_item(item: dict[str, Any]) -> Remedy:
    return Remedy.model_validate({k: v for k, v in item.items()
                                  if k not in {"PK", "SK", "entity"} and not k.startswith("GSI")})


# Pending outbox work is spread over a few index partitions so a burst of tickets never
# writes one hot key; the sweeper reads every shard.
OUTBOX_SHARDS = 4


def outbox_shard_pk(shard: int) -> str:
    return f"OUTBOX#{shard}"


def outbox_item(work: OutboxItem) -> dict[str, Any]:
    item: dict[str, Any] = work.model_dump(mode="json")
    # `type` names the item kind in the table; the work's own kind stays in `kind`.
    # Fixed-width times: the sweeper's index sorts on them and a lease compares them as text.
    item.update(PK=ticket_pk(work.ticket_id), SK=f"OUT#{work.id}", type="outbox",
                next_attempt_at=iso(work.next_attempt_at))
    if work.mime is not None:
        item["mime"] = zlib.compress(work.mime, 6)
    if work.status == "pending":
        shard = int(hashlib.sha256(work.id.encode()).hexdigest(), 16) % OUTBOX_SHARDS
        item.update(GSI2PK=outbox_shard_pk(shard), GSI2SK=f"{item['next_attempt_at']}#{work.id}")
    return item


def outbox_from_item(item: dict[str, Any]) -> OutboxItem:
    mime = item.get("mime")
    work = OutboxItem.model_validate(strip_keys({k: v for k, v in item.items() if k != "mime"}))
    if mime is not None:
        work.mime = zlib.decompress(bytes(getattr(mime, "value", mime)))
    return work
