"""Quarantined mail: kept, visible to agents, never answered; an agent can let one through."""

from __future__ import annotations

from ..domain.access import Caller
from ..domain.models import QuarantinedMail
from ..errors import Conflict, NotFound
from ..mail.ses_event import Delivery
from . import inbound
from .context import Desk


def listing(desk: Desk, limit: int) -> list[QuarantinedMail]:
    return desk.store.quarantine.held(limit)


def release(desk: Desk, quarantine_id: str, caller: Caller) -> tuple[QuarantinedMail, inbound.Outcome]:
    held = desk.store.quarantine.get(quarantine_id)
    if held is None:
        raise NotFound(f"there is no quarantined message {quarantine_id}")
    if held.released_at is not None:
        raise Conflict(f"{quarantine_id} was already released into {held.released_ticket_id}", code="already_released")
    delivery = Delivery(ses_message_id=held.ses_message_id, bucket=held.raw_bucket, key=held.raw_key,
                        recipients=held.recipients, source=held.envelope_sender)
    outcome = inbound.process(desk, delivery, release_of=quarantine_id)
    released = held.model_copy(update={"released_at": desk.now(), "released_by": caller.principal,
                                       "released_ticket_id": outcome.ticket_id})
    desk.store.quarantine.mark_released(released)  # released items leave the list
    return released, outcome
