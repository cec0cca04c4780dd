"""The SLA timer's decision: called by the state machine each time it wakes up."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from ..domain.lifecycle import TERMINAL_STATUSES
from ..domain.models import Ticket
from ..errors import NotFound
from . import tickets
from .context import Desk

_PAUSED_RECHECK = timedelta(hours=1)


def wake_time(moment: datetime) -> str:
    """Step Functions wants whole seconds; rounding up never wakes the timer early."""
    whole = datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)
    return whole.strftime("%Y-%m-%dT%H:%M:%SZ")


def pending_deadlines(ticket: Ticket) -> dict[str, datetime]:
    sla = ticket.sla
    due: dict[str, datetime] = {}
    if sla.first_response_at is None:
        due["first_response"] = sla.first_response_due
    if sla.next_response_due is not None:
        due["next_response"] = sla.next_response_due
    if sla.resolution_due is not None and sla.paused_since is None:
        due["resolution"] = sla.resolution_due
    return {name: when for name, when in due.items() if name not in sla.breaches}


def check(desk: Desk, ticket_id: str) -> dict[str, Any]:
    """Record any deadline that has passed, then say when to look again, or stop."""
    try:
        ticket = tickets.load(desk, ticket_id)
    except NotFound:
        return {"action": "stop", "reason": "no such ticket"}
    if ticket.status in TERMINAL_STATUSES:
        return {"action": "stop", "reason": ticket.status}
    now = desk.now()
    due = pending_deadlines(ticket)
    breached = sorted(name for name, when in due.items() if when <= now)
    if breached:
        ticket = record_breaches(desk, ticket, breached)
        due = pending_deadlines(ticket)
    upcoming = [when for when in due.values() if when > now]
    # While paused nothing is due; look again later in case the customer answered.
    wake = min(upcoming) if upcoming else now + _PAUSED_RECHECK / desk.settings.sla_scale
    return {"action": "wait", "wake_at": wake_time(wake), "breached": breached}


def record_breaches(desk: Desk, ticket: Ticket, breached: list[str]) -> Ticket:
    def mutate(current: Ticket) -> tickets.Change:
        new_breaches = [b for b in breached if b not in current.sla.breaches]
        if not new_breaches:
            return tickets.Change(current)
        sla = current.sla.model_copy(update={"breaches": [*current.sla.breaches, *new_breaches]})
        event = tickets.audit(desk, current, "system:sla", "sla.breached",
                              detail={"deadlines": new_breaches, "tier": current.tier})
        return tickets.Change(current.model_copy(update={"sla": sla}), [event])

    return tickets.change(desk, ticket.id, mutate)
