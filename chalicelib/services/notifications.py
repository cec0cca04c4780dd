"""Mail to the agent tiers: escalations, SLA warnings, approvals waiting. Never to customers."""

from __future__ import annotations

import json
import logging

from ..domain.ids import new_item_id
from ..domain.models import TIER_NAMES, Ticket
from ..errors import UpstreamError
from ..mail.compose import Envelope, compose
from ..mail.render import render
from .context import Desk

log = logging.getLogger(__name__)


def tier_address(desk: Desk, tier: int) -> str:
    configured = json.loads(desk.settings.tier_addresses or "{}")
    return str(configured.get(str(tier)) or f"tier{tier}@{desk.settings.support_domain}")


def _send(desk: Desk, tier: int, template: str, context: dict[str, object]) -> None:
    settings = desk.settings
    mail = render(template, "en", {"support_name": settings.support_name, "tier_name": TIER_NAMES[tier],
                                   "tier": tier, **context})
    envelope = Envelope(sender_name=settings.support_name, sender_address=settings.support_address,
                        to=tier_address(desk, tier), reply_to=settings.support_address,
                        message_id=f"{template}.{new_item_id(desk.now()).lower()}@{settings.support_domain}",
                        automatic=True)
    try:
        desk.mailer.send_raw(settings.support_address, [envelope.to], compose(envelope, mail))
    except UpstreamError:
        # The ticket already shows the escalation; a lost notice must not undo it.
        log.exception("tier notification not sent", extra={"tier": tier, "template": template})


def escalated(desk: Desk, ticket: Ticket, from_tier: int, reason: str) -> None:
    _send(desk, ticket.tier, "escalation", {"ticket": ticket, "from_tier": from_tier, "reason": reason})


def warning(desk: Desk, ticket: Ticket, clock: str) -> None:
    _send(desk, ticket.tier, "sla_warning", {"ticket": ticket, "clock": clock.replace("_", " ")})


def approval_needed(desk: Desk, ticket: Ticket, tier: int, remedy: dict[str, object]) -> None:
    _send(desk, tier, "approval_request", {"ticket": ticket, "remedy": remedy})
