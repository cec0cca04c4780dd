"""Bounces and complaints SES reports about mail we sent: the address is marked (no more
acknowledgements, notices or surveys to it) and the ticket the mail belonged to says so.

SES reports through our own SNS topic, which only SES in this account may publish to, so every
recipient named is believed (unlike a bounce message that arrives as mail, see inbound)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..domain.models import Ticket
from ..mail.message_ids import ses_message_key
from ..mail.ses_feedback import MailFeedback
from . import tickets
from .context import Desk

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedbackOutcome:
    kind: str
    marked: list[str] = field(default_factory=list)
    ticket_id: str | None = None
    reason: str = ""


def apply(desk: Desk, report: MailFeedback) -> FeedbackOutcome:
    """Mark what the report says for good (a soft bounce marks nothing: SES tries again and the
    next mail may arrive); note it on the ticket once. Delivered twice, it changes nothing more."""
    if not report.permanent:
        return FeedbackOutcome(report.kind, reason=f"transient: {report.reason}")
    now = desk.now()
    for address in report.addresses:
        desk.store.customers.mark_bouncing(address, report.reason, now)
    ticket_id = desk.store.inbound.threads([ses_message_key(report.ses_message_id)]).get(
        ses_message_key(report.ses_message_id))
    if ticket_id is not None:
        _note_on_ticket(desk, ticket_id, report)
    return FeedbackOutcome(report.kind, list(report.addresses), ticket_id, report.reason)


def _note_on_ticket(desk: Desk, ticket_id: str, report: MailFeedback) -> None:
    ticket = desk.store.tickets.get(ticket_id)
    if ticket is None:
        log.info("mail feedback for a ticket that is gone", extra={"ticket_id": ticket_id})
        return
    if ticket.customer_email.lower() not in report.addresses or ticket.customer_bouncing:
        return

    def mark(current: Ticket) -> tickets.Change:
        event = tickets.audit(desk, current, "system:ses", f"mail.{report.kind}",
                              before={"customer_bouncing": current.customer_bouncing},
                              after={"customer_bouncing": True},
                              detail={"reason": report.reason, "ses_message_id": report.ses_message_id,
                                      "addresses": list(report.addresses)[:20]})
        return tickets.Change(current.model_copy(update={"customer_bouncing": True}), events=[event])

    tickets.change(desk, ticket_id, mark)
