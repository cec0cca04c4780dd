"""Agents answer by email (threaded, signed reply address) and keep internal notes (never sent)."""

from __future__ import annotations

from typing import Any

from ..domain.access import Caller
from ..domain.ids import new_item_id
from ..domain.models import Channel, Direction, Message, Status, Ticket
from ..domain.reply_address import reply_address
from ..errors import Conflict, Unprocessable
from ..mail.compose import Envelope, UndeliverableAddress, compose, deliverable
from ..mail.message_ids import message_key, new_outgoing_id, ses_message_key
from ..mail.render import render, template_language
from . import tickets
from .context import Desk
from .sla_terms import pause_clock, record_response


def reply(desk: Desk, raw_id: str, body: str, caller: Caller, keep_open: bool = False) -> tuple[Ticket, Message]:
    """Email the customer; the ticket then waits on them (pending) unless the agent keeps it open."""
    ticket = tickets.load(desk, raw_id)
    if ticket.status == Status.CLOSED:
        raise Conflict(f"ticket {ticket.id} is closed; the customer would not see a reply", code="ticket_closed")
    settings = desk.settings
    now = desk.now()
    language = template_language(ticket.language)
    mail = render("reply", language, {
        "ticket_id": ticket.id, "subject": ticket.subject, "customer_name": ticket.customer_name,
        "body": body, "support_name": settings.support_name, "store_name": settings.store_name,
    })
    own_id = new_outgoing_id(ticket.id, "reply", now, settings.support_domain)
    envelope = Envelope(
        sender_name=settings.support_name, sender_address=settings.support_address,
        to=ticket.customer_email, to_name=ticket.customer_name,
        reply_to=reply_address(settings.support_address, ticket.id, settings.reply_signing_secret),
        message_id=own_id, automatic=False,  # a person wrote this: auto-responders may answer it
        in_reply_to=ticket.last_inbound_message_id, references=list(ticket.references),
    )
    try:
        raw = compose(envelope, mail)
    except UndeliverableAddress as error:
        raise Unprocessable(f"cannot email this customer: {error}", code="undeliverable_address") from error
    ses_id = desk.mailer.send_raw(settings.support_address, [deliverable(ticket.customer_email)], raw)
    message = Message(
        id=new_item_id(now), ticket_id=ticket.id, direction=Direction.OUTBOUND, channel=Channel.EMAIL,
        author=caller.principal, subject=mail.subject, body=body, created_at=now,
        email_message_id=own_id, ses_message_id=ses_id,
    )
    mappings = tuple({"PK": key, "SK": "MSGID", "type": "mapping", "ticket_id": ticket.id}
                     for key in (message_key(own_id), ses_message_key(ses_id)))

    def mutate(current: Ticket) -> tickets.Change:
        updates: dict[str, Any] = {"sla": record_response(settings, current, now),
                                   "references": [*current.references, own_id][-20:],
                                   "message_count": current.message_count + 1,
                                   "agent_reply_count": current.agent_reply_count + 1}
        if current.first_response_at is None:
            updates["first_response_at"] = now
        events = [tickets.audit(desk, current, caller.principal, "reply.sent",
                                detail={"message_id": message.id, "ses_message_id": ses_id})]
        target = current.status if keep_open else Status.PENDING
        if current.status in {Status.RESOLVED}:
            target = current.status  # a courtesy note after resolving does not reopen it
        if target != current.status:
            updates["sla"] = pause_clock(settings, current.model_copy(update={"sla": updates["sla"]}), now)
            updates["status"] = target
            events.append(tickets.audit(desk, current, caller.principal, "ticket.status_changed",
                                        before={"status": current.status}, after={"status": target},
                                        detail={"reason": "replied to the customer"}))
        return tickets.Change(current.model_copy(update=updates), events, [message])

    # The mail is out: record it even if the ticket moved meanwhile (change() re-reads on conflict).
    return tickets.change(desk, ticket.id, mutate, extra=mappings), message


def note(desk: Desk, raw_id: str, body: str, caller: Caller) -> tuple[Ticket, Message]:
    holder: dict[str, Message] = {}

    def mutate(current: Ticket) -> tickets.Change:
        now = desk.now()
        message = Message(id=new_item_id(now), ticket_id=current.id, direction=Direction.NOTE,
                          channel=Channel.API, author=caller.principal, body=body, created_at=now)
        holder["message"] = message
        event = tickets.audit(desk, current, caller.principal, "note.added", detail={"message_id": message.id})
        return tickets.Change(current, [event], [message])

    ticket = tickets.change(desk, raw_id, mutate)
    return ticket, holder["message"]
