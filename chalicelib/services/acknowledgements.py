"""The acknowledgement: ticket number, what we understood, and when the customer hears back."""

from __future__ import annotations

from ..domain.models import OutboxItem, Priority, Ticket
from ..domain.reply_address import reply_address
from ..mail.compose import Envelope, compose, deliverable
from ..mail.labels import category_label
from ..mail.render import local_time, render, template_language
from . import outbox
from .context import Desk
from .self_service import acknowledgement_links
from .sla_terms import store_timezone
from .status_page import link_for

_QUOTE_LIMIT = 2000


def subject_of(desk: Desk, ticket: Ticket) -> str:
    """The acknowledgement's subject: for a ticket opened through the API it starts the mail thread,
    so replies answer it ("Re: …") and mail clients keep them together."""
    return render("acknowledgement", template_language(ticket.language), _context(desk, ticket, "")).subject


def acknowledgement(desk: Desk, ticket: Ticket, body: str, in_reply_to: str | None = None,
                    references: tuple[str, ...] = ()) -> OutboxItem:
    """The acknowledgement as outbox work. Raises UnsendableMail when it cannot be written (an
    address SES cannot send to), before anything is stored."""
    settings = desk.settings
    context = _context(desk, ticket, body)
    context["articles"] = acknowledgement_links(desk, ticket, body)
    mail = render("acknowledgement", template_language(ticket.language), context)
    assert ticket.ack_message_id
    envelope = Envelope(
        sender_name=settings.support_name,
        sender_address=settings.support_address,
        to=ticket.customer_email,
        to_name=ticket.customer_name,
        reply_to=reply_address(settings.support_address, ticket.id, settings.reply_signing_secret),
        message_id=ticket.ack_message_id,
        automatic=True,
        in_reply_to=in_reply_to,
        references=[*references, *([in_reply_to] if in_reply_to else [])],
        sent_at=desk.now(),
    )
    raw = compose(envelope, mail)
    return outbox.email(desk, ticket.id, "acknowledgement", [deliverable(ticket.customer_email)], raw,
                        ticket.ack_message_id, thread_ses_id=True)


def _context(desk: Desk, ticket: Ticket, body: str) -> dict[str, object]:
    settings = desk.settings
    language = template_language(ticket.language)
    return {
        "ticket_id": ticket.id,
        "subject": ticket.subject,
        "customer_name": ticket.customer_name,
        "store_name": settings.store_name,
        "support_name": settings.support_name,
        "category_label": category_label(ticket.category, language),
        "first_response_within": ticket.sla.first_response_due - ticket.created_at,
        "first_response_due": local_time(ticket.sla.first_response_due, store_timezone(settings), language),
        "urgent": ticket.priority == Priority.CRITICAL,
        "articles": [],
        "quoted_body": body[:_QUOTE_LIMIT],
        "status_url": link_for(desk, ticket),
    }
