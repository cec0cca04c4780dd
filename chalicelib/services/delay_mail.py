"""The customer's mail about a late parcel: the notice (with the apology, the carrier's new
estimate and the remedy offered) and the short note when it arrived after all."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from ..domain.models import OutboxItem, Remedy, Ticket
from ..domain.reply_address import reply_address
from ..domain.shipping import Shipment
from ..mail.compose import Envelope, compose, deliverable
from ..mail.render import RenderedMail, local_time, render, template_language
from . import outbox
from .context import Desk
from .sla_terms import store_timezone


@dataclass(frozen=True)
class Written:
    mail: RenderedMail
    raw: bytes


def _when(desk: Desk, moment: datetime | None, language: str) -> str:
    if moment is None:
        return ""
    text = local_time(moment, store_timezone(desk.settings), language)
    return text.rsplit(",", 1)[0]  # a delivery is promised for a day, not a minute


def notice_mail(desk: Desk, shipment: Shipment, stage: str, ticket_id: str, remedy: Remedy | None) -> RenderedMail:
    language = template_language(shipment.language)
    mail = render("delay_notice", language, {
        "stage": stage, "exception": shipment.exception or "", "ticket_id": ticket_id,
        "customer_name": shipment.customer_name, "store_name": desk.settings.store_name,
        "support_name": desk.settings.support_name, "order_id": shipment.order_id or "",
        "carrier": shipment.carrier, "tracking_number": shipment.tracking_number,
        "promised": _when(desk, shipment.promised_delivery, language),
        "estimate": _when(desk, shipment.estimated_delivery, language)
        if shipment.estimated_delivery and shipment.estimated_delivery > desk.now() else "",
        "remedy_type": remedy.type if remedy else "", "percent": remedy.percent if remedy else "",
        "code": (remedy.code or "") if remedy else "",
    })
    # Paragraphs that had nothing to say (no estimate, no remedy) leave no gap.
    return replace(mail, text=re.sub(r"\n{3,}", "\n\n", mail.text.lstrip("\n")))


def delivered_mail(desk: Desk, shipment: Shipment, ticket: Ticket) -> RenderedMail:
    return render("delivered_note", template_language(shipment.language), {
        "ticket_id": ticket.id, "customer_name": shipment.customer_name, "order_id": shipment.order_id or "",
        "support_name": desk.settings.support_name, "store_name": desk.settings.store_name,
    })


def envelope(desk: Desk, ticket_id: str, to: str, to_name: str, message_id: str,
             in_reply_to: str | None = None, references: tuple[str, ...] = ()) -> Envelope:
    settings = desk.settings
    return Envelope(
        sender_name=settings.support_name, sender_address=settings.support_address, to=to, to_name=to_name,
        reply_to=reply_address(settings.support_address, ticket_id, settings.reply_signing_secret),
        message_id=message_id, automatic=True, in_reply_to=in_reply_to, references=list(references),
        sent_at=desk.now(),
    )


def as_outbox(desk: Desk, ticket_id: str, purpose: str, mail: RenderedMail, env: Envelope) -> OutboxItem:
    """Composed now, so a retry sends the very same bytes; a reply to it threads home by SES's id."""
    return outbox.email(desk, ticket_id, purpose, [deliverable(env.to)], compose(env, mail), env.message_id,
                        thread_ses_id=True)
