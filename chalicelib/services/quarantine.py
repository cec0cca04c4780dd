"""Quarantined mail: kept, visible to agents, never answered; an agent can let one through."""

from __future__ import annotations

from typing import Any

from ..adapters.keys import strip_keys
from ..domain.access import Caller
from ..domain.clock import iso
from ..domain.models import QuarantinedMail
from ..errors import Conflict, NotFound
from ..mail.ses_event import Delivery
from . import inbound
from .context import Desk


def listing(desk: Desk, limit: int) -> list[QuarantinedMail]:
    items = desk.repository.list_index("GSI2", "QUARANTINE", limit)
    return [QuarantinedMail.model_validate(strip_keys(item)) for item in items]


def release(desk: Desk, quarantine_id: str, caller: Caller) -> tuple[QuarantinedMail, inbound.Outcome]:
    item = desk.repository.get_item(f"QUAR#{quarantine_id}", "META")
    if item is None:
        raise NotFound(f"there is no quarantined message {quarantine_id}")
    held = QuarantinedMail.model_validate(strip_keys(item))
    if held.released_at is not None:
        raise Conflict(f"{quarantine_id} was already released into {held.released_ticket_id}", code="already_released")
    delivery = Delivery(ses_message_id=held.ses_message_id, bucket=held.raw_bucket, key=held.raw_key,
                        recipients=held.recipients, source=held.envelope_sender)
    outcome = inbound.process(desk, delivery, release_of=quarantine_id)
    record: dict[str, Any] = dict(item)
    record.update(released_at=iso(desk.now()), released_by=caller.principal, released_ticket_id=outcome.ticket_id)
    record.pop("GSI2PK", None)  # out of the quarantine list
    record.pop("GSI2SK", None)
    desk.repository.put_item(record)
    return QuarantinedMail.model_validate(strip_keys(record)), outcome
