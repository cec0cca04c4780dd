"""Mail to the agent tiers: escalations, SLA warnings, approvals waiting. Never to customers.

Each notice is built as outbox work, saved with the change that causes it and sent after."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from ..domain.clock import parse_iso
from ..domain.ids import new_item_id
from ..domain.models import TIER_NAMES, OutboxItem, Ticket
from ..mail.compose import Envelope, compose
from ..mail.render import local_time, render
from . import outbox
from .context import Desk
from .sla_terms import store_timezone


def tier_address(desk: Desk, tier: int) -> str:
    configured = json.loads(desk.settings.tier_addresses or "{}")
    return str(configured.get(str(tier)) or f"tier{tier}@{desk.settings.support_domain}")


def _notice(desk: Desk, ticket: Ticket, tier: int, template: str, context: dict[str, object]) -> OutboxItem:
    settings = desk.settings
    timezone = store_timezone(settings)

    def when(moment: object) -> str:
        return local_time(moment, timezone, "en") if moment else ""  # type: ignore[arg-type]

    mail = render(template, "en", {"support_name": settings.support_name, "tier_name": TIER_NAMES[tier],
                                   "tier": tier, "ticket": ticket, "when": when,
                                   "customer_words": ticket.latest_customer_words, **context})
    message_id = f"{template}.{new_item_id(desk.now()).lower()}@{settings.support_domain}"
    envelope = Envelope(sender_name=settings.support_name, sender_address=settings.support_address,
                        to=tier_address(desk, tier), reply_to=settings.support_address,
                        message_id=message_id, automatic=True, sent_at=desk.now())
    return outbox.email(desk, ticket.id, f"tier_{template}", [envelope.to], compose(envelope, mail), message_id)


def escalated(desk: Desk, ticket: Ticket, from_tier: int, reason: str) -> OutboxItem:
    return _notice(desk, ticket, ticket.tier, "escalation", {"from_tier": from_tier, "reason": reason})


def warning(desk: Desk, ticket: Ticket, clock: str) -> OutboxItem:
    return _notice(desk, ticket, ticket.tier, "sla_warning", {"clock": clock.replace("_", " ")})


def approval_needed(desk: Desk, ticket: Ticket, tier: int, remedy: dict[str, object]) -> OutboxItem:
    amount, percent = _number(remedy.get("amount")), _number(remedy.get("percent"))
    due = remedy.get("approval_due")
    return _notice(desk, ticket, tier, "approval_request", {
        "remedy": remedy, "money": f"{amount} {remedy.get('currency', '')}".strip() if amount else "",
        "percent": str(percent) if percent else "",
        "approval_due": parse_iso(due) if isinstance(due, str) else due,
    })


def _number(value: object) -> Decimal:
    """Zero for a missing or unreadable amount: a discount has no amount, only a percentage."""
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)
