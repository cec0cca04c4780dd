"""Mail that tells customers where their case stands: resolved, a remedy granted, and the
satisfaction survey. Each is outbox work saved with the change that causes it, in the customer's
language, threaded into the ticket's conversation with the signed reply address (a reply to any
of them reaches the ticket, and reopens it when resolved)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ..domain.models import OutboxItem, Remedy, Survey, Ticket
from ..domain.reply_address import reply_address
from ..mail.compose import Envelope, UnsendableMail, compose, deliverable
from ..mail.labels import category_label
from ..mail.message_ids import new_outgoing_id
from ..mail.render import local_time, render, template_language
from . import outbox
from .context import Desk
from .sla_terms import store_timezone


def _mail(desk: Desk, ticket: Ticket, template: str, kind: str, context: dict[str, Any],
          links: dict[str, str] | None = None) -> OutboxItem | None:
    """The mail as outbox work; None when the customer cannot be written to (a bouncing or
    undeliverable address), which the caller notes on the ticket."""
    if ticket.customer_bouncing:
        return None
    settings = desk.settings
    now = desk.now()
    language = template_language(ticket.language)
    mail = render(template, language, {
        "ticket_id": ticket.id, "subject": ticket.subject, "customer_name": ticket.customer_name,
        "store_name": settings.store_name, "support_name": settings.support_name,
        "thread_subject": ticket.thread_subject or f"[#{ticket.id}] {ticket.subject}",
        "category_label": category_label(ticket.category, language), **context,
    })
    own_id = new_outgoing_id(ticket.id, kind, now, settings.support_domain)
    thread = [ref for ref in (ticket.ack_message_id, *ticket.references) if ref]
    envelope = Envelope(
        sender_name=settings.support_name, sender_address=settings.support_address,
        to=ticket.customer_email, to_name=ticket.customer_name,
        reply_to=reply_address(settings.support_address, ticket.id, settings.reply_signing_secret),
        message_id=own_id, automatic=True,
        in_reply_to=ticket.last_inbound_message_id or ticket.ack_message_id,
        references=list(dict.fromkeys(thread))[-20:], sent_at=now,
    )
    try:
        raw = compose(envelope, mail)
        recipient = deliverable(ticket.customer_email)
    except UnsendableMail:
        return None
    return outbox.email(desk, ticket.id, template, [recipient], raw, own_id, links=links, thread_ses_id=True)


def resolved(desk: Desk, ticket: Ticket) -> OutboxItem | None:
    return _mail(desk, ticket, "resolved", "resolved", {})


def survey(desk: Desk, ticket: Ticket, sent: Survey, token: str) -> OutboxItem | None:
    """The survey: one link per CSAT value (one click rates) and the whole form."""
    base = f"{desk.settings.public_base_url.rstrip('/')}/survey/{token}"
    language = template_language(ticket.language)
    return _mail(desk, ticket, "survey", "survey", {
        "survey_url": base,
        "rating_urls": [(value, f"{base}?csat={value}") for value in range(1, 6)],
        "expires": _when(desk, sent.expires_at, language),
    })


def remedy_granted(desk: Desk, ticket: Ticket, remedy: Remedy) -> OutboxItem | None:
    """What was granted, how much, and what happens next (the store's systems carry it out)."""
    return _mail(desk, ticket, "remedy_granted", "remedy", {
        "remedy_type": remedy.type, "amount": _money(remedy.amount), "currency": remedy.currency,
        "percent": _money(remedy.percent), "rma_number": remedy.rma_number or "",
        "order_id": remedy.order_id or "",
    })


def _when(desk: Desk, moment: datetime, language: str) -> str:
    return local_time(moment, store_timezone(desk.settings), language)


def _money(value: str) -> str:
    """'19.90', '15' — empty for nothing."""
    try:
        amount = Decimal(value or "0")
    except InvalidOperation:
        return ""
    if not amount.is_finite() or amount <= 0:
        return ""
    return f"{amount:.2f}" if amount != amount.to_integral_value() else str(amount.to_integral_value())
