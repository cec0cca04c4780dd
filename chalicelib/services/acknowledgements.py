"""The acknowledgement: ticket number, what we understood, and when the customer hears back."""

from __future__ import annotations

import logging

from ..domain.models import Priority, Ticket
from ..domain.reply_address import reply_address
from ..errors import UpstreamError
from ..mail.compose import Envelope, UndeliverableAddress, compose, deliverable
from ..mail.labels import category_label
from ..mail.message_ids import ses_message_key
from ..mail.render import local_time, render, template_language
from .context import Desk
from .sla_terms import store_timezone

log = logging.getLogger(__name__)
_QUOTE_LIMIT = 2000


def acknowledge(desk: Desk, ticket: Ticket, body: str, in_reply_to: str | None = None,
                references: tuple[str, ...] = ()) -> str | None:
    """Send the acknowledgement; returns the threading key of SES's Message-ID, None on failure."""
    settings = desk.settings
    language = template_language(ticket.language)
    timezone = store_timezone(settings)
    mail = render(
        "acknowledgement",
        language,
        {
            "ticket_id": ticket.id,
            "subject": ticket.subject,
            "customer_name": ticket.customer_name,
            "store_name": settings.store_name,
            "support_name": settings.support_name,
            "category_label": category_label(ticket.category, language),
            "first_response_within": ticket.sla.first_response_due - ticket.created_at,
            "first_response_due": local_time(ticket.sla.first_response_due, timezone, language),
            "urgent": ticket.priority == Priority.CRITICAL,
            "articles": [],
            "quoted_body": body[:_QUOTE_LIMIT],
        },
    )
    envelope = Envelope(
        sender_name=settings.support_name,
        sender_address=settings.support_address,
        to=ticket.customer_email,
        to_name=ticket.customer_name,
        reply_to=reply_address(settings.support_address, ticket.id, settings.reply_signing_secret),
        message_id=ticket.ack_message_id or f"ack.{ticket.id.lower()}@{settings.support_domain}",
        automatic=True,
        in_reply_to=in_reply_to,
        references=[*references, *([in_reply_to] if in_reply_to else [])],
    )
    try:
        raw = compose(envelope, mail)
        ses_id = desk.mailer.send_raw(settings.support_address, [deliverable(ticket.customer_email)], raw)
    except (UpstreamError, UndeliverableAddress):
        log.exception("acknowledgement not sent", extra={"ticket_id": ticket.id})
        return None
    return ses_message_key(ses_id)
