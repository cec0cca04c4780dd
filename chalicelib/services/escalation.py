"""Escalation by hand, and the sweeper: the safety net behind the per-ticket SLA timers.

The sweeper runs on a schedule, within a time budget. It reads only what is overdue, from
sparse index entries (no scan): tickets with a deadline passed and not yet recorded as missed,
and remedies whose approval is late. It records what a timer should have, and a ticket whose
timer is not running gets a new one; a late approval moves up a tier.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from ..domain.access import Caller
from ..domain.models import TIER_NAMES, OutboxItem, Remedy, Ticket
from ..errors import Conflict, UpstreamError
from . import notifications, outbox, ownership, remedies, tickets
from .context import Desk
from .schemas import Escalation
from .sla_terms import due_events
from .timer_work import current_timer, next_timer_name, next_wake_at, wake_time
from .timers import due_change

log = logging.getLogger(__name__)


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
        updated, released, notes = ownership.released_by_escalation(desk, current, updated, caller.principal)
        notice = notifications.escalated(desk, updated, current.tier,
                                         f"escalated by {caller.principal} from tier {current.tier} "
                                         f"({TIER_NAMES[current.tier]}): {body.reason}")
        return tickets.Change(updated, [event, *released], notes, outbox=[notice])

    return tickets.change(desk, raw_id, mutate)


# A ticket the sweeper found overdue yet could not move on is left alone this long (in SLA time).
_RETRY_AFTER = timedelta(hours=1)
_RETRY_FAILED = timedelta(minutes=10)
_PAGE = 25
_DELIVER_TOGETHER = 16
_TICKETS_SHARE = 0.6  # of a run's budget; approvals and the outbox have the rest


class Budget:
    """A run's time: the sweeper stops taking new work once it is spent, and the next run (five
    minutes later) goes on with what is left: the overdue slice only holds what is still due."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()

    def spent(self, share: float = 1.0) -> bool:
        return time.monotonic() - self.started >= self.seconds * share

    def left(self) -> float:
        return max(0.0, self.seconds - (time.monotonic() - self.started))


def sweep(desk: Desk, budget: Budget | None = None) -> dict[str, Any]:
    budget = budget or Budget(20.0)
    found = sweep_tickets(desk, budget)
    approvals = [r.id for r in chase_approvals(desk, desk.now())]
    return {**found, "approvals_escalated": approvals, **outbox.retry_due(desk, budget_seconds=budget.left())}


def sweep_tickets(desk: Desk, budget: Budget) -> dict[str, Any]:
    """The overdue slice, earliest deadline first across tiers, a page at a time, until it is
    empty or the tickets' share of the budget is spent. Every ticket read leaves the slice: its
    missed deadline is recorded (it moves to its next one), or it is put off for a while."""
    now = desk.now()
    visited: set[str] = set()
    restarted: list[str] = []
    caught: list[str] = []
    put_off: list[str] = []
    failed: list[str] = []
    finished = False
    while not budget.spent(_TICKETS_SHARE):
        page = [t for t in desk.store.tickets.overdue(now, _PAGE) if t.id not in visited]
        if not page:
            finished = True
            break
        promised: list[OutboxItem] = []
        for number, ticket in enumerate(page):
            # At least one ticket for every page read, however slow the reading was.
            if number and budget.spent(_TICKETS_SHARE):
                break
            visited.add(ticket.id)
            try:
                recorded, restarted_timer = catch_up(desk, ticket, now, promised)
            except Exception:  # one ticket must not stop the safety net for the others: try it later
                log.exception("the sweeper could not handle a ticket", extra={"ticket_id": ticket.id})
                failed.append(ticket.id)
                put_off_ticket(desk, ticket.id, now, _RETRY_FAILED)
                continue
            if restarted_timer:
                restarted.append(ticket.id)
            if recorded:
                caught.append(ticket.id)
            elif put_off_ticket(desk, ticket.id, now, _RETRY_AFTER):
                put_off.append(ticket.id)
        # The page's notices and timer starts, carried out together: marked done a few at a time.
        for start in range(0, len(promised), _DELIVER_TOGETHER):
            outbox.deliver(desk, promised[start:start + _DELIVER_TOGETHER])
    return {"overdue_tickets": len(visited), "timers_restarted": restarted, "breaches_recorded": caught,
            "put_off": put_off, "failed": failed, "overdue_finished": finished}


def put_off_ticket(desk: Desk, ticket_id: str, now: datetime, wait: timedelta) -> bool:
    """Overdue, yet nothing to record (or it failed): leave it out of the next runs for a while
    (audited), so the tickets behind it are reached."""
    until = now + wait / desk.settings.sla_scale

    def mutate(current: Ticket) -> tickets.Change:
        event = tickets.audit(desk, current, "system:sla-sweeper", "sla.sweep_put_off",
                              after={"until": until.isoformat()})
        return tickets.Change(current.model_copy(update={"sweep_after": until}), [event])

    try:
        tickets.change(desk, ticket_id, mutate)
    except Exception:
        log.exception("the sweeper could not put a ticket off", extra={"ticket_id": ticket_id})
        return False
    return True


def catch_up(desk: Desk, ticket: Ticket, now: datetime, promised: list[OutboxItem]) -> tuple[bool, bool]:
    """Do what the ticket's timer should have done, in one write: record the deadlines it missed
    and, when the timer is not running, a new timer's start. The notices and the start are
    outbox work, added to `promised` for the caller to carry out. Returns (deadlines recorded,
    timer restarted)."""
    watching = current_timer(ticket)
    try:
        status: str | None = desk.workflows.timer_status(watching)
    except UpstreamError as error:  # cannot tell: record what is due, leave the timer be
        log.warning("could not read the SLA timer", extra={"ticket_id": ticket.id, "error": str(error)})
        status = "RUNNING"
    breached, warned = due_events(desk.settings, ticket, now)
    if not breached and status == "RUNNING":
        return False, False
    restarted = False

    def mutate(current: Ticket) -> tickets.Change:
        nonlocal restarted
        change = due_change(desk, current, breached, warned)
        restarted = status != "RUNNING" and current_timer(current) == watching
        if not restarted:
            return change
        candidate = next_timer_name(current)
        event = tickets.audit(desk, current, "system:sla-sweeper", "sla.timer_restarted",
                              before={"timer": watching, "status": status}, after={"timer": candidate})
        # What was due is recorded by this very change: the new timer sleeps until what is next.
        wake = next_wake_at(desk.settings, change.ticket, desk.now())
        start = outbox.timer(desk, current.id, candidate, {"ticket_id": current.id, "wake_at": wake_time(wake)})
        return tickets.Change(change.ticket.model_copy(update={"timer_name": candidate, "timer_wake_at": wake}),
                              [*change.events, event], change.messages, change.claims, [*change.outbox, start])

    promised.extend(tickets.record(desk, ticket.id, mutate, loaded=ticket).outbox)
    return bool(breached), restarted


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
