"""The SLA timer's decision, called by the state machine each time it wakes up, and by the sweeper.

A breach moves the ticket one tier up (frontline → senior → resolution center), is recorded on
the ticket and in its audit trail, and the next tier is told by email. A warning (by default at
80 % of the allowed time) tells the current tier once.
"""

from __future__ import annotations

import logging
from typing import Any

from ..domain.lifecycle import TERMINAL_STATUSES
from ..domain.models import TIER_NAMES, Ticket
from ..errors import NotFound
from . import notifications, tickets
from .context import Desk
from .sla_terms import due_events
from .timer_work import current_timer, next_wake_at, superseded, wake_time

log = logging.getLogger(__name__)


def check(desk: Desk, ticket_id: str, execution: str | None = None) -> dict[str, Any]:
    """Record what has come due, escalate on a breach, then say when to look again, or stop.
    The answer is the execution's next state: it sleeps until `wake_at` unless `action` is stop.
    `execution`: the execution asking; one a newer execution replaced stops."""
    try:
        ticket = tickets.load(desk, ticket_id)
    except NotFound:
        return {"action": "stop", "reason": "no such ticket"}
    if ticket.status in TERMINAL_STATUSES:
        return {"action": "stop", "reason": str(ticket.status)}
    if execution and superseded(ticket, execution):
        return {"action": "stop", "reason": f"superseded by {ticket.timer_name}"}
    now = desk.now()
    breached, warned = due_events(desk.settings, ticket, now)
    woken_by = execution or current_timer(ticket)
    # The ticket notes when its timer wakes next (a change that brings a deadline sooner then
    # starts a new timer), in the same write as what came due; the wake is computed on the
    # ticket as saved, so a change saved meanwhile is taken into account.
    if breached or warned or next_wake_at(desk.settings, ticket, now) != ticket.timer_wake_at:
        ticket = apply_due_events(desk, ticket, breached, warned, woken_by=woken_by)
    if ticket.status in TERMINAL_STATUSES:
        return {"action": "stop", "reason": str(ticket.status)}
    if superseded(ticket, woken_by):
        return {"action": "stop", "reason": f"superseded by {ticket.timer_name}"}
    wake = ticket.timer_wake_at or next_wake_at(desk.settings, ticket, now)
    return {"action": "wait", "ticket_id": ticket.id, "wake_at": wake_time(wake),
            "breached": breached, "warned": warned, "tier": ticket.tier}


def apply_due_events(desk: Desk, ticket: Ticket, breached: list[str], warned: list[str],
                     woken_by: str | None = None) -> Ticket:
    """Record breaches and warnings (once each). `woken_by`: the timer execution that found them,
    which sleeps next until the ticket's next deadline; noted on the ticket unless a newer timer
    has replaced it meanwhile."""
    def mutate(current: Ticket) -> tickets.Change:
        if woken_by is not None and not superseded(current, woken_by) and current.status not in TERMINAL_STATUSES:
            wake = next_wake_at(desk.settings, current, desk.now())
            if wake != current.timer_wake_at:
                current = current.model_copy(update={"timer_wake_at": wake})
        return due_change(desk, current, breached, warned)

    return tickets.change(desk, ticket.id, mutate)


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
