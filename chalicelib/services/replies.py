"""Agents answer by email (threaded, signed reply address) and keep internal notes (never sent).

A reply is recorded (message, audit event, outbox work) in one transaction and mailed after, so
a mail the desk sends is always on its ticket, once. A retried reply sends nothing new: the same
`Idempotency-Key`, or without one the same text from the same agent on the same ticket within
`_SAME_REPLY_WINDOW`, hands back the reply already recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..adapters.ports import AlreadyExists, Claim
from ..domain.access import Caller
from ..domain.models import Attachment, Channel, Direction, Message, Status, Ticket
from ..domain.reply_address import reply_address
from ..errors import Conflict, Unprocessable, UpstreamError
from ..mail.compose import Envelope, UnsendableMail, compose, deliverable
from ..mail.message_ids import message_key, new_outgoing_id
from ..mail.render import render, template_language
from . import messages, outbox, reply_files, tickets
from .context import Desk
from .messages import Said
from .sla_terms import pause_clock, record_response
from .status_page import link_for

_IDEMPOTENCY_TTL = timedelta(days=7)
_SAME_REPLY_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Replied:
    ticket: Ticket
    message: Message
    replayed: bool = False


def reply(desk: Desk, raw_id: str, body: str, caller: Caller, keep_open: bool = False,
          idempotency_key: str | None = None, files: tuple[reply_files.OutgoingFile, ...] = ()) -> Replied:
    """Email the customer; the ticket then waits on them (pending) unless the agent keeps it open."""
    ticket_id = tickets.resolve_id(raw_id)
    digest_of = body + "".join(hashlib.sha256(f.content).hexdigest() for f in files)
    claims = _claims(desk, ticket_id, caller, digest_of, keep_open, idempotency_key)
    kept = reply_files.store(desk, ticket_id, files) if files else []
    try:
        applied = tickets.apply(desk, ticket_id, lambda current: _reply_change(desk, current, body, caller,
                                                                                 keep_open, claims, kept))
    except AlreadyExists as taken:
        return _replay(desk, ticket_id, taken.taken_among(claims))
    [message] = applied.change.messages
    [work] = applied.change.outbox
    sent = applied.delivered.get(work.id, {})
    if sent.get("ses_message_id"):
        message = message.model_copy(update={"ses_message_id": sent["ses_message_id"]})
    return Replied(applied.ticket, message)


def _reply_change(desk: Desk, current: Ticket, body: str, caller: Caller, keep_open: bool,
                  claims: tuple[Claim, ...], kept: list[Attachment] | None = None) -> tickets.Change:
    if current.status == Status.CLOSED:
        raise Conflict(f"ticket {current.id} is closed; the customer would not see a reply", code="ticket_closed")
    settings = desk.settings
    now = desk.now()
    own_id = new_outgoing_id(current.id, "reply", now, settings.support_domain)
    thread = [ref for ref in (current.ack_message_id, *current.references) if ref]
    mail = render("reply", template_language(current.language), {
        "ticket_id": current.id, "subject": current.subject, "customer_name": current.customer_name,
        "thread_subject": current.thread_subject or f"[#{current.id}] {current.subject}",
        "body": body, "support_name": settings.support_name, "store_name": settings.store_name,
        "agent_name": caller.name,  # a person signs their reply; an API key's reply is the team's
        "status_url": link_for(desk, current),
    })
    envelope = Envelope(
        sender_name=settings.support_name, sender_address=settings.support_address,
        to=current.customer_email, to_name=current.customer_name,
        reply_to=reply_address(settings.support_address, current.id, settings.reply_signing_secret),
        message_id=own_id, automatic=False,  # a person wrote this: auto-responders may answer it
        # Answer the customer's latest mail, or the acknowledgement that opened the thread.
        in_reply_to=current.last_inbound_message_id or current.ack_message_id,
        references=list(dict.fromkeys(thread))[-20:], cc=list(current.cc), sent_at=now,
    )
    try:
        raw = compose(envelope, mail)
        recipients = [deliverable(a) for a in [current.customer_email, *current.cc]]
    except UnsendableMail as error:
        raise Unprocessable(f"cannot email this customer: {error}", code="undeliverable_address") from error
    message = messages.message(current.id, Said(
        author=caller.principal, body=body, channel=Channel.EMAIL, direction=Direction.OUTBOUND,
        subject=mail.subject, email_message_id=own_id, cc=tuple(current.cc), attachments=tuple(kept or ())), now)
    message_at = message.model_dump(mode="json")["created_at"]
    work = outbox.email(desk, current.id, "reply", recipients, raw, own_id,
                        links={"message_id": message.id, "message_at": message_at}, thread_ses_id=True,
                        attachments=[{"bucket": settings.attachments_bucket, "key": a.key, "filename": a.filename,
                                      "content_type": a.content_type} for a in kept or ()])
    updates: dict[str, Any] = {"sla": record_response(settings, current, now),
                               "references": [*current.references, own_id][-20:],
                               "message_count": current.message_count + 1,
                               "agent_reply_count": current.agent_reply_count + 1}
    if current.first_response_at is None:
        updates["first_response_at"] = now
    events = [tickets.audit(desk, current, caller.principal, "reply.sent",
                            detail={"message_id": message.id, "email_message_id": own_id})]
    target = current.status if keep_open else Status.PENDING
    if current.status in {Status.RESOLVED}:
        target = current.status  # a courtesy note after resolving does not reopen it
    if target != current.status:
        updates["sla"] = pause_clock(settings, current.model_copy(update={"sla": updates["sla"]}), now)
        updates["status"] = target
        events.append(tickets.audit(desk, current, caller.principal, "ticket.status_changed",
                                    before={"status": current.status}, after={"status": target},
                                    detail={"reason": "replied to the customer"}))
    bound = Claim.bind(claims, message_id=message.id, message_at=message_at)
    own_mapping = Claim("message_id", message_key(own_id), {"ticket_id": current.id})
    return tickets.Change(current.model_copy(update=updates), events, [message], [*bound, own_mapping], [work])


def _claims(desk: Desk, ticket_id: str, caller: Caller, body: str, keep_open: bool,
            key: str | None) -> tuple[Claim, ...]:
    now = int(desk.now().timestamp())
    if key:
        if not 1 <= len(key) <= 200:
            raise Unprocessable("Idempotency-Key must be 1 to 200 characters", code="bad_idempotency_key")
        scope = hashlib.sha256(f"reply\n{ticket_id}\n{caller.key_id}\n{key}".encode()).hexdigest()
        return (Claim("reply", scope, {"request_hash": _digest(body, keep_open)},
                      ttl=now + int(_IDEMPOTENCY_TTL.total_seconds())),)
    # No key: the very same reply again within minutes is a double click or a client's retry.
    same = hashlib.sha256(f"reply\n{ticket_id}\n{caller.principal}\n{_digest(body, keep_open)}".encode())
    return (Claim("reply", same.hexdigest(), {}, ttl=now + int(_SAME_REPLY_WINDOW.total_seconds())),)


def _digest(body: str, keep_open: bool) -> str:
    return hashlib.sha256(f"{keep_open}\n{body}".encode()).hexdigest()


def _replay(desk: Desk, ticket_id: str, claim: Claim | None) -> Replied:
    stored = desk.store.claims.find(claim) if claim else None
    if claim is None or stored is None or "message_id" not in stored:
        raise UpstreamError("the same reply is being recorded right now; retry")
    if "request_hash" in claim.attributes and stored.get("request_hash") != claim.attributes["request_hash"]:
        raise Unprocessable("this Idempotency-Key was already used for a different reply; use a new key",
                            code="idempotency_key_reused")
    message = desk.store.tickets.message(ticket_id, str(stored["message_at"]), str(stored["message_id"]))
    if message is None:
        raise UpstreamError("the reply for this request is not readable yet; retry")
    return Replied(tickets.load(desk, ticket_id), message, replayed=True)


def note(desk: Desk, raw_id: str, body: str, caller: Caller) -> tuple[Ticket, Message]:
    def mutate(current: Ticket) -> tickets.Change:
        now = desk.now()
        message = messages.message(current.id, Said(author=caller.principal, body=body, channel=Channel.API,
                                                     direction=Direction.NOTE), now)
        event = tickets.audit(desk, current, caller.principal, "note.added", detail={"message_id": message.id})
        return tickets.Change(current, [event], [message])

    applied = tickets.apply(desk, raw_id, mutate)
    return applied.ticket, applied.change.messages[0]
