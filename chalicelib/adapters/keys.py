"""The single table's key layout. Access patterns decide the keys; no request path scans.

Only the adapters know these: services name what they want (`ports.py`), never where it is."""

from __future__ import annotations

import hashlib
import zlib
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from ..domain.clock import iso
from ..domain.models import (
    PRIORITY_RANK,
    ApiKey,
    AuditEvent,
    Message,
    OutboxItem,
    Priority,
    QuarantinedMail,
    Remedy,
    Status,
    Ticket,
    TicketSummary,
)

QUEUED_STATUSES = (Status.NEW.value, Status.OPEN.value, Status.PENDING.value)
_NOT_DUE = "9999-12-31T00:00:00.000000Z"
_MOMENT = TypeAdapter(datetime)


def stored_time(moment: datetime) -> str:
    """A time as the records store it (pydantic's JSON form), which the sort keys reuse."""
    return str(_MOMENT.dump_python(moment, mode="json"))


def ticket_pk(ticket_id: str) -> str:
    return f"TICKET#{ticket_id}"


def customer_pk(email: str) -> str:
    return f"CUST#{email.lower()}"


# Hot index keys are spread over shards, each a partition of its own (1,000 writes a second at
# most): a queue over QUEUE_SHARDS, the sweeper's deadlines over DUE_SHARDS, pending outbox work
# over OUTBOX_SHARDS. Readers query every shard and merge in order. README "Capacity" has the
# arithmetic behind the numbers.
QUEUE_SHARDS = 8
DUE_SHARDS = 8


def shard_of(value: str, shards: int) -> int:
    return int(hashlib.sha256(value.encode()).hexdigest()[:8], 16) % shards


def queue_pk(tier: int, status: str, shard: int) -> str:
    return f"QUEUE#{tier}#{status}#{shard}"


def due_pk(shard: int) -> str:
    return f"DUE#{shard}"


# Finding tickets (GET /tickets). GSI5: an agent's tickets by status, newest first (sparse: only
# assigned tickets; one agent's partition is never hot). GSI6: every ticket by status, newest
# first, sharded like the queues because every new ticket writes `STATUS#new#…`.
STATUS_SHARDS = 8


def owner_pk(email: str, status: str) -> str:
    return f"OWNER#{email.lower()}#{status}"


def status_pk(status: str, shard: int) -> str:
    return f"STATUS#{status}#{shard}"


def listing_sk(ticket: Ticket) -> str:
    """What listings sort on (newest first when read backwards): when the ticket was opened."""
    return f"{stored_time(ticket.created_at)}#{ticket.id}"


CUSTOMER_SK = "PROFILE"
TICKET_SK = "META"
MESSAGE_PREFIX = "MSG#"
EVENT_PREFIX = "EVT#"
REMEDY_PREFIX = "REM#"
OUTBOX_PREFIX = "OUT#"
QUARANTINE_LIST = "QUARANTINE"
THREAD_SK = "MSGID"

# Where each kind of claim lives. Idempotency keys and reply keys share a namespace (the services
# hash distinct scopes into them); Message-ID claims sit where threading looks them up.
_CLAIM_KEYS = {
    "idempotency": ("IDEM#", "IDEM"),
    "reply": ("IDEM#", "IDEM"),
    "remedy": ("IDEM#remedy:", "IDEM"),
    "inbound_ses": ("INBOUND#ses:", "INBOUND"),
    "inbound_content": ("INBOUND#content:", "INBOUND"),
    "inbound_release": ("INBOUND#release:", "INBOUND"),
    "message_id": ("MSGID#", THREAD_SK),
    "shipment_notice": ("NOTICE#", "NOTICE"),
    "webhook": ("WEBHOOK#", "WEBHOOK"),
    "survey_customer": ("SURVEYED#", "CLAIM"),
    "pattern_alert": ("ALERT#", "CLAIM"),
}


def claim_key(kind: str, value: str) -> tuple[str, str]:
    prefix, sk = _CLAIM_KEYS[kind]
    return f"{prefix}{value}", sk


def thread_pk(thread_key: str) -> str:
    """A Message-ID's threading key (see `mail.message_ids`) -> the item naming its ticket."""
    return f"MSGID#{thread_key}"


def thread_item(thread_key: str, ticket_id: str) -> dict[str, Any]:
    return {"PK": thread_pk(thread_key), "SK": THREAD_SK, "type": "mapping", "ticket_id": ticket_id}


def approvals_pk(tier: int) -> str:
    return f"APPROVALS#{tier}"


def apikey_key(digest: str) -> tuple[str, str]:
    return f"APIKEY#{digest}", "APIKEY"


def apikey_item(key: ApiKey) -> dict[str, Any]:
    pk, sk = apikey_key(key.digest)
    return {"PK": pk, "SK": sk, "type": "apikey", "role": key.role, "label": key.label, "key_id": key.key_id,
            "created_at": iso(key.created_at), "active": key.active}


def apikey_from_item(item: dict[str, Any]) -> ApiKey:
    return ApiKey.model_validate({**strip_keys(item), "digest": item["PK"].removeprefix("APIKEY#")})


def message_sk(message: Message) -> str:
    return f"{MESSAGE_PREFIX}{stored_time(message.created_at)}#{message.id}"


def event_sk(event: AuditEvent) -> str:
    return f"{EVENT_PREFIX}{stored_time(event.at)}#{event.id}"


def next_due(ticket: Ticket) -> str:
    """What the queue sorts on: the deadline the agent must meet next."""
    sla = ticket.sla
    if sla.first_response_at is None:
        return iso(sla.first_response_due)
    candidates = [d for d in (sla.next_response_due, sla.resolution_due) if d is not None]
    return iso(min(candidates)) if candidates else _NOT_DUE


def sweep_due(ticket: Ticket) -> str | None:
    """When the sweeper should next look at a queued ticket: its earliest deadline not yet
    recorded as breached (or later, when it asked to be left alone until `sweep_after`). Once a
    breach is recorded the ticket moves on to its next deadline, so no run reads it twice for
    the same reason; with every deadline recorded it leaves the sweeper's index."""
    if ticket.status not in QUEUED_STATUSES:
        return None
    sla = ticket.sla
    pending = []
    first_met_in_time = sla.first_response_at is not None and sla.first_response_at <= sla.first_response_due
    if "first_response" not in sla.breaches and not first_met_in_time:
        pending.append(sla.first_response_due)
    if sla.next_response_due is not None and "next_response" not in sla.breaches:
        pending.append(sla.next_response_due)
    if sla.resolution_due is not None and "resolution" not in sla.breaches:
        pending.append(sla.resolution_due)
    if not pending:
        return None
    due = min(pending)
    if ticket.sweep_after is not None and ticket.sweep_after > due:
        due = ticket.sweep_after
    return iso(due)


def queue_sk(ticket: Ticket) -> str:
    """What a queue sorts on: priority rank, then the next deadline."""
    return f"{PRIORITY_RANK[Priority(ticket.priority)]}#{next_due(ticket)}#{ticket.id}"


def customer_sk(ticket: Ticket) -> str:
    """What a customer's listing sorts on: when the ticket was opened."""
    return f"{stored_time(ticket.created_at)}#{ticket.id}"


def ticket_item(ticket: Ticket) -> dict[str, Any]:
    # Unset optional fields are left out, not stored as NULL: reading the item gives them their
    # default again, and every list, stream record and write carries a third fewer attributes.
    item: dict[str, Any] = ticket.model_dump(mode="json", exclude_none=True)
    item.update(
        PK=ticket_pk(ticket.id),
        SK=TICKET_SK,
        type="ticket",
        GSI1PK=customer_pk(ticket.customer_email),
        GSI1SK=customer_sk(ticket),
    )
    if ticket.status in QUEUED_STATUSES:
        item["GSI2PK"] = queue_pk(ticket.tier, ticket.status, shard_of(ticket.id, QUEUE_SHARDS))
        item["GSI2SK"] = queue_sk(ticket)
    due = sweep_due(ticket)
    if due is not None:
        item["GSI4PK"] = due_pk(shard_of(ticket.id, DUE_SHARDS))
        item["GSI4SK"] = f"{due}#{ticket.id}"
    item["GSI6PK"] = status_pk(ticket.status, shard_of(ticket.id, STATUS_SHARDS))
    item["GSI6SK"] = listing_sk(ticket)
    if ticket.assignee:
        item["GSI5PK"] = owner_pk(ticket.assignee, ticket.status)
        item["GSI5SK"] = listing_sk(ticket)
    if ticket.order_id:
        item["GSI3PK"] = f"ORDER#{ticket.order_id}"
        item["GSI3SK"] = f"{item['created_at']}#{ticket.id}"
    return item


def message_item(message: Message) -> dict[str, Any]:
    item: dict[str, Any] = message.model_dump(mode="json", exclude_none=True)  # as ticket_item
    item.update(
        PK=ticket_pk(message.ticket_id),
        SK=message_sk(message),
        type="message",
    )
    return item


def event_item(event: AuditEvent) -> dict[str, Any]:
    item: dict[str, Any] = event.model_dump(mode="json", exclude_none=True)  # as ticket_item
    item.update(PK=ticket_pk(event.ticket_id), SK=event_sk(event), type="event")
    return item


def strip_keys(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in {"PK", "SK", "type"} and not k.startswith("GSI")}


# The attributes of a ticket item a list row reads (a projection of the whole item).
SUMMARY_FIELDS = (*(name for name in TicketSummary.model_fields if name != "sla"),
                  *(f"sla.{name}" for name in TicketSummary.SLA_FIELDS))


def ticket_from_item(item: dict[str, Any]) -> Ticket:
    return Ticket.model_validate(strip_keys(item))


def quarantine_pk(quarantine_id: str) -> str:
    return f"QUAR#{quarantine_id}"


def quarantine_sk(held: QuarantinedMail) -> str:
    return f"{stored_time(held.received_at)}#{held.id}"


def quarantine_item(held: QuarantinedMail) -> dict[str, Any]:
    item: dict[str, Any] = held.model_dump(mode="json")
    item.update(PK=quarantine_pk(held.id), SK=TICKET_SK, type="quarantine")
    if held.released_at is None and held.discarded_at is None:  # the list shows what is still held, newest first
        item.update(GSI2PK=QUARANTINE_LIST, GSI2SK=quarantine_sk(held))
    return item


def quarantine_from_item(item: dict[str, Any]) -> QuarantinedMail:
    return QuarantinedMail.model_validate(strip_keys(item))


def remedy_sk(remedy_id: str) -> str:
    return f"{REMEDY_PREFIX}{remedy_id}"


def awaits_approval(remedy: Remedy) -> bool:
    return remedy.status == "awaiting_approval" and bool(remedy.approval_tier) and remedy.approval_due is not None


def approval_sk(remedy: Remedy) -> str:
    assert remedy.approval_due is not None
    return f"{stored_time(remedy.approval_due)}#{remedy.id}"


def remedy_item(remedy: Remedy) -> dict[str, Any]:
    item: dict[str, Any] = remedy.model_dump(mode="json")
    # `type` is the remedy's own field here, so the item says what it is under `entity`.
    item.update(PK=ticket_pk(remedy.ticket_id), SK=remedy_sk(remedy.id), entity="remedy")
    if awaits_approval(remedy):
        # Approvers see what waits for them, the most urgent first.
        item.update(GSI2PK=approvals_pk(remedy.approval_tier or 0), GSI2SK=approval_sk(remedy))
    return item


def remedy_from_item(item: dict[str, Any]) -> Remedy:
    return Remedy.model_validate({k: v for k, v in item.items()
                                  if k not in {"PK", "SK", "entity"} and not k.startswith("GSI")})


# Pending outbox work: each new ticket adds two entries and removes them once delivered (four
# index writes), hence more shards than the queues.
OUTBOX_SHARDS = 32


def outbox_shard_pk(shard: int) -> str:
    return f"OUTBOX#{shard}"


def outbox_sk(work_id: str) -> str:
    return f"{OUTBOX_PREFIX}{work_id}"


def outbox_shard(work_id: str) -> int:
    return shard_of(work_id, OUTBOX_SHARDS)


def outbox_item(work: OutboxItem) -> dict[str, Any]:
    item: dict[str, Any] = work.model_dump(mode="json")
    # `type` names the item kind in the table; the work's own kind stays in `kind`.
    # Fixed-width times: the sweeper's index sorts on them and a lease compares them as text.
    item.update(PK=ticket_pk(work.ticket_id), SK=outbox_sk(work.id), type="outbox",
                next_attempt_at=iso(work.next_attempt_at))
    if work.mime is not None:
        item["mime"] = zlib.compress(work.mime, 6)
    if work.status == "pending":
        item.update(GSI2PK=outbox_shard_pk(outbox_shard(work.id)), GSI2SK=f"{item['next_attempt_at']}#{work.id}")
    return item


def outbox_from_item(item: dict[str, Any]) -> OutboxItem:
    mime = item.get("mime")
    work = OutboxItem.model_validate(strip_keys({k: v for k, v in item.items() if k != "mime"}))
    if mime is not None:
        work.mime = zlib.decompress(bytes(getattr(mime, "value", mime)))
    return work


# -- knowledge base -----------------------------------------------------------------------------
# An article and its versions share a partition; the published ones are also copied into one
# catalogue partition that search reads with a consistent query (an index must not miss an
# article published a moment ago, as a GSI read could); a revision item moves on with every change.
ARTICLE_SK = "META"
ARTICLE_STATS_SK = "STATS"
ARTICLE_VERSION_PREFIX = "VER#"
KB_CATALOGUE_PK = "KB#CATALOGUE"
KB_REVISION_KEY = ("KB#REVISION", "REVISION")


def article_pk(article_id: str) -> str:
    return f"ARTICLE#{article_id}"


def article_slug_key(language: str, slug: str) -> tuple[str, str]:
    return f"KBSLUG#{language}#{slug}", "SLUG"


def article_listing_pk(status: str) -> str:
    return f"KB#{status}"


def article_version_sk(version: int) -> str:
    return f"{ARTICLE_VERSION_PREFIX}{version:06d}"


def kb_day_key(day: str) -> tuple[str, str]:
    return f"KBDAY#{day}", "COUNTS"


# -- feedback: KPI counters, the stream consumer's markers, recurring-problem occurrences --------
# One counter item per section and day (`KPI#<section>`, day): a period is one query per section,
# however many tickets it holds. A stream event counted is marked (`KPIEVT#<event id>`, with a TTL
# past the stream's 24 hours) in the same transaction as its counts, so a replay counts once.
KPI_ITEM_TYPES = frozenset({"kpi", "kpi_marker", "occurrence"})


def kpi_key(section: str, day: str) -> tuple[str, str]:
    return f"KPI#{section}", day


def kpi_marker_key(event_id: str) -> tuple[str, str]:
    return f"KPIEVT#{event_id}", "KPIEVT"


def occurrence_key(subject: str, at: datetime, ticket_id: str) -> tuple[str, str]:
    """A ticket counted under a recurring-problem subject (`sku:…`, `category:…`), by time."""
    return f"PATTERN#{subject}", f"{stored_time(at)}#{ticket_id}"


def occurrence_pk(subject: str) -> str:
    return f"PATTERN#{subject}"
