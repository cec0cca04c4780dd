"""Quarantined mail: kept, visible to agents, never answered; an agent can let one through."""

from __future__ import annotations

from typing import Any

from ..domain.access import Caller
from ..domain.models import QuarantinedMail
from ..errors import Conflict, NotFound
from ..mail.parse import parse_message
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
    if held.discarded_at is not None:
        raise Conflict(f"{quarantine_id} was discarded by {held.discarded_by}", code="discarded")
    delivery = Delivery(ses_message_id=held.ses_message_id, bucket=held.raw_bucket, key=held.raw_key,
                        recipients=held.recipients, source=held.envelope_sender)
    outcome = inbound.process(desk, delivery, release_of=quarantine_id)
    released = held.model_copy(update={"released_at": desk.now(), "released_by": caller.principal,
                                       "released_ticket_id": outcome.ticket_id})
    desk.store.quarantine.mark_released(released)  # released items leave the list
    return released, outcome


_SHOWN_TEXT = 20_000  # characters of the message's text shown to an agent
_SHOWN_HEADERS = ("From", "To", "Cc", "Reply-To", "Date", "Subject", "Message-ID", "Return-Path",
                  "Authentication-Results", "Received-SPF", "X-SES-Spam-Verdict", "X-SES-Virus-Verdict")


def read(desk: Desk, quarantine_id: str) -> tuple[QuarantinedMail, dict[str, Any]]:
    """The held message as an agent may look at it safely: plain text only (HTML turned into text,
    never rendered), the headers that tell where it came from, attachments by name and size
    (never opened), and what the parser found wrong with it."""
    held = _held(desk, quarantine_id)
    parsed = parse_message(desk.blobs.get(held.raw_bucket, held.raw_key))
    headers = {name: parsed.headers.get(name.lower(), [])[:5] for name in _SHOWN_HEADERS
               if parsed.headers.get(name.lower())}
    text = parsed.text or ""
    shown = {
        "headers": headers, "subject": parsed.subject, "from": parsed.from_address, "to": parsed.to,
        "text": text[:_SHOWN_TEXT], "text_truncated": len(text) > _SHOWN_TEXT,
        "had_html": parsed.html is not None,
        "attachments": [{"filename": a.filename, "content_type": a.content_type, "size": a.size}
                        for a in parsed.attachments],
        "defects": parsed.defects[:20],
    }
    return held, shown


def discard(desk: Desk, quarantine_id: str, reason: str, caller: Caller) -> QuarantinedMail:
    """Throw a held message away for good: it leaves the list; who, when and why stay on its
    record (the raw mail stays in S3 under the bucket's own retention)."""
    held = _held(desk, quarantine_id)
    if held.released_at is not None:
        raise Conflict(f"{quarantine_id} was already released into {held.released_ticket_id}", code="already_released")
    if held.discarded_at is not None:
        return held  # a retried discard is not an error
    discarded = held.model_copy(update={"discarded_at": desk.now(), "discarded_by": caller.principal,
                                        "discard_reason": reason})
    desk.store.quarantine.mark_released(discarded)
    return discarded


def _held(desk: Desk, quarantine_id: str) -> QuarantinedMail:
    held = desk.store.quarantine.get(quarantine_id)
    if held is None:
        raise NotFound(f"there is no quarantined message {quarantine_id}")
    return held
