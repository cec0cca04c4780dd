"""The SLA timer's decision, called by the state machine each time it wakes up, and by the sweeper.

A breach moves the ticket one tier up (frontline → senior → resolution center), is recorded on
the ticket and in its audit trail, and the next tier is told by email. A warning (by default at
80 % of the allowed time) tells the current tier once.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from ..domain.lifecycle import TERMINAL_STATUSES
from ..domain.models import TIER_NAMES, Ticket
from ..errors import NotFound
from . import notifications, tickets
from .context import Desk
from .sla_terms import due_events, idle_recheck, next_wake

log = logging.getLogger(__name__)
_MIN_SLEEP = timedelta(seconds=1)


def wake_time(moment: datetime) -> str:
    """Step Functions wants whole seconds; rounding up never wakes the timer early."""
    whole = datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)
    return whole.strftime("%Y-%m-%dT%H:%M:%SZ")


def check(desk: Desk, ticket_id: str) -> dict[str, Any]:
    """Record what has come due, escalate on a breach, then say when to look again, or stop."""
    try:
        ticket = tickets.load(desk, ticket_id)
    except NotFound:
        return {"action": "stop", "reason": "no such ticket"}
    if ticket.status in TERMINAL_STATUSES:
        return {"action": "stop", "reason": str(ticket.status)}
    now = desk.now()
    breached, warned = due_events(desk.settings, ticket, now)
    if breached or warned:
        ticket = apply_due_events(desk, ticket, breached, warned)
    wake = next_wake(desk.settings, ticket, now) or now + idle_recheck(desk.settings, ticket)
    # Never sooner than a second from now: whatever a clock says, a timer must not spin.
    wake = max(wake, now + _MIN_SLEEP)
    return {"action": "wait", "wake_at": wake_time(wake), "breached": breached, "warned": warned,
            "tier": ticket.tier}


def apply_due_events(desk: Desk, ticket: Ticket, breached: list[str], warned: list[str]) -> Ticket:
    return tickets.change(desk, ticket.id, lambda current: due_change(desk, current, breached, warned))


def due_change(desk: Desk, current: Ticket, breached: list[str], warned: list[str]) -> tickets.Change:
    """What recording these deadlines changes on the ticket as it is now (nothing if recorded)."""
    new_breaches = [b for b in breached if b not in current.sla.breaches]
    new_warnings = [w for w in warned if w not in current.sla.warnings and w not in current.sla.breaches]
    if not new_breaches and not new_warnings:
        return tickets.Change(current)
    events = []
    sla = current.sla.model_copy(update={"breaches": [*current.sla.breaches, *new_breaches],
                                         "warnings": [*current.sla.warnings, *new_warnings]})
    tier = min(3, current.tier + len(new_breaches))
    for clock in new_warnings:
        events.append(tickets.audit(desk, current, "system:sla", "sla.warning",
                                    detail={"deadline": clock, "tier": current.tier}))
    for clock in new_breaches:
        events.append(tickets.audit(desk, current, "system:sla", "sla.breached",
                                    detail={"deadline": clock, "tier": current.tier}))
    if tier != current.tier:
        events.append(tickets.audit(desk, current, "system:sla", "ticket.escalated",
                                    before={"tier": current.tier}, after={"tier": tier},
                                    detail={"reason": f"SLA breach: {', '.join(new_breaches)}"}))
    updated = current.model_copy(update={"sla": sla, "tier": tier})
    notices = [notifications.warning(desk, updated, clock) for clock in new_warnings]
    if new_breaches and tier != current.tier:
        notices.append(notifications.escalated(
            desk, updated, current.tier,
            f"SLA breach ({', '.join(new_breaches)}) at tier {current.tier} ({TIER_NAMES[current.tier]})"))
    return tickets.Change(updated, events, outbox=notices)
