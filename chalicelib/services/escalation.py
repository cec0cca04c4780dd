"""Escalation by hand, and the sweeper: the safety net behind the per-ticket SLA timers.

The sweeper runs on a schedule. It reads only what is overdue, straight from the queue index
(no scan): tickets whose next deadline has passed, and remedies whose approval is late. A
ticket whose timer is not running gets a new one; a late approval moves up a tier.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from ..domain.access import Caller
from ..domain.models import TIER_NAMES, Remedy, Ticket
from ..errors import Conflict, UpstreamError
from . import notifications, outbox, remedies, tickets
from .context import Desk
from .schemas import Escalation
from .sla_terms import due_events
from .timer_work import start_input
from .timers import apply_due_events

log = logging.getLogger(__name__)
_MAX_RESTARTS = 50


def escalate(desk: Desk, raw_id: str, body: Escalation, caller: Caller) -> Ticket:
    def mutate(current: Ticket) -> tickets.Change:
        target = body.tier or current.tier + 1
        if current.tier >= 3:
            raise Conflict("the ticket is already with the resolution center (tier 3)", code="highest_tier")
        if target <= current.tier:
            raise Conflict(f"the ticket is already at tier {current.tier}", code="not_higher")
        event = tickets.audit(desk, current, caller.principal, "ticket.escalated",
                              before={"tier": current.tier}, after={"tier": target},
                              detail={"reason": body.reason, "by_hand": True})
        updated = current.model_copy(update={"tier": target})
        notice = notifications.escalated(desk, updated, current.tier,
                                         f"escalated by {caller.principal} from tier {current.tier} "
                                         f"({TIER_NAMES[current.tier]}): {body.reason}")
        return tickets.Change(updated, [event], outbox=[notice])

    return tickets.change(desk, raw_id, mutate)


def sweep(desk: Desk) -> dict[str, Any]:
    now = desk.now()
    restarted: list[str] = []
    caught: list[str] = []
    seen = 0
    for ticket in desk.store.tickets.overdue(now):
        seen += 1
        if restart_timer_if_missing(desk, ticket):
            restarted.append(ticket.id)
        elif record_missed_deadlines(desk, ticket):
            caught.append(ticket.id)
    approvals = [r.id for r in chase_approvals(desk, now)]
    return {"overdue_tickets": seen, "timers_restarted": restarted, "breaches_recorded": caught,
            "approvals_escalated": approvals, **outbox.retry_due(desk)}


def record_missed_deadlines(desk: Desk, ticket: Ticket) -> bool:
    """A running timer may be sleeping through a clock that was re-armed: do its work now."""
    breached, warned = due_events(desk.settings, ticket, desk.now())
    if not breached:
        return False
    apply_due_events(desk, ticket, breached, warned)
    return True


def restart_timer_if_missing(desk: Desk, ticket: Ticket) -> bool:
    name = ticket.timer_name or ticket.id
    status = desk.workflows.timer_status(name)
    if status == "RUNNING":
        return False
    # Execution names stay taken after an execution ends: each restart takes the next suffix.
    done = int(name.rsplit("-r", 1)[1]) if name != ticket.id and "-r" in name else 0
    for attempt in range(done + 1, done + _MAX_RESTARTS + 1):
        candidate = f"{ticket.id}-r{attempt}"
        try:
            started = desk.workflows.start_timer(candidate, start_input(desk, ticket, immediately=True))
        except UpstreamError as error:
            # At the account's open-execution limit (ExecutionLimitExceeded) or in an outage: no
            # timer now. The sweep records what came due itself and tries again on its next run.
            log.warning("could not restart the SLA timer", extra={"ticket_id": ticket.id, "error": str(error)})
            return False
        if started:
            break
    else:
        log.error("could not restart the SLA timer", extra={"ticket_id": ticket.id})
        return False

    def mutate(current: Ticket) -> tickets.Change:
        event = tickets.audit(desk, current, "system:sla-sweeper", "sla.timer_restarted",
                              before={"timer": name, "status": status}, after={"timer": candidate})
        return tickets.Change(current.model_copy(update={"timer_name": candidate}), [event])

    tickets.change(desk, ticket.id, mutate)
    return True


def chase_approvals(desk: Desk, now: datetime) -> list[Remedy]:
    chased = []
    policy = remedies.policy_for(desk)
    for tier in (1, 2, 3):
        for remedy in desk.store.remedies.approvals_due(tier, now):
            ticket = tickets.load(desk, remedy.ticket_id)
            next_tier = min(3, tier + 1)
            allowed = timedelta(hours=policy.approval_hours) / desk.settings.sla_scale
            moved = remedy.model_copy(update={"approval_tier": next_tier, "approval_due": desk.now() + allowed})
            event = tickets.audit(desk, ticket, "system:sla-sweeper", "remedy.approval_overdue",
                                  before={"approval_tier": tier}, after={"approval_tier": next_tier},
                                  detail={"remedy_id": remedy.id})
            notice = notifications.approval_needed(desk, ticket, next_tier, moved.model_dump(mode="json"))
            if not desk.store.remedies.update(moved, event, (notice,), while_status="awaiting_approval"):
                continue  # decided meanwhile
            outbox.deliver(desk, [notice])
            chased.append(moved)
    return chased
