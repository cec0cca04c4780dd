"""The SLA policy in force (from configuration) applied to tickets.

The ticket stores the clock's state (start, first response, pauses, awaiting reply); every
deadline is derived from it by `domain.sla`, so a priority change or a pause recomputes them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from functools import lru_cache

from ..config import Settings
from ..domain import sla
from ..domain.models import SlaDeadlines, Ticket


@lru_cache(maxsize=8)
def _policy(raw_policy: str, scale: float, store_timezone: str) -> sla.SlaPolicy:
    configured = json.loads(raw_policy)
    policy = sla.SlaPolicy.from_config(configured) if configured else sla.default_policy()
    if "timezone" not in configured.get("calendar", {}):
        # The store's own time zone, unless the SLA calendar names one.
        policy = replace(policy, calendar=replace(policy.calendar, timezone=store_timezone))
    return policy.scaled(scale) if scale != 1 else policy


def policy_for(settings: Settings) -> sla.SlaPolicy:
    return _policy(json.dumps(settings.sla_policy, sort_keys=True), settings.sla_scale, settings.store_timezone)


def store_timezone(settings: Settings) -> str:
    return policy_for(settings).calendar.timezone


def state_of(ticket: Ticket) -> sla.SlaState:
    record = ticket.sla
    return sla.SlaState(
        started_at=ticket.created_at,
        priority=str(ticket.priority),
        first_response_at=record.first_response_at,
        paused_since=record.paused_since,
        paused_total=timedelta(seconds=record.paused_seconds),
        awaiting_response_since=record.awaiting_response_since,
    )


def record_of(settings: Settings, state: sla.SlaState, previous: SlaDeadlines | None = None) -> SlaDeadlines:
    due = sla.deadlines(state, policy_for(settings))
    kept = previous.model_dump(include={"breaches", "warnings", "policy"}) if previous else {}
    return SlaDeadlines(
        **kept,
        first_response_due=due.first_response_due,
        first_response_warn_at=due.first_response_warn_at,
        resolution_due=due.resolution_due,
        resolution_warn_at=due.resolution_warn_at,
        next_response_due=due.next_response_due,
        next_response_warn_at=due.next_response_warn_at,
        first_response_at=state.first_response_at,
        awaiting_response_since=state.awaiting_response_since,
        paused_since=state.paused_since,
        paused_seconds=state.paused_total.total_seconds(),
    )


def initial_deadlines(settings: Settings, priority: str, now: datetime) -> SlaDeadlines:
    return record_of(settings, sla.SlaState(started_at=now, priority=priority))


def pause_clock(settings: Settings, ticket: Ticket, now: datetime) -> SlaDeadlines:
    """Waiting on the customer: the resolution clock stops until they answer."""
    return record_of(settings, sla.pause(state_of(ticket), now), ticket.sla)


def resume_clock(settings: Settings, ticket: Ticket, now: datetime) -> SlaDeadlines:
    """Back with us: the resolution deadline moves out by the working time spent paused."""
    return record_of(settings, sla.resume(state_of(ticket), now, policy_for(settings)), ticket.sla)


def customer_wrote(settings: Settings, ticket: Ticket, now: datetime) -> SlaDeadlines:
    """A customer message: resumes a paused clock and, after our first answer, starts next-response."""
    policy = policy_for(settings)
    state = sla.customer_replied(sla.resume(state_of(ticket), now, policy), now)
    return record_of(settings, state, ticket.sla)


def record_response(settings: Settings, ticket: Ticket, now: datetime) -> SlaDeadlines:
    """An agent answered in public: the first-response (or next-response) clock is met."""
    return record_of(settings, sla.agent_replied(state_of(ticket), now), ticket.sla)


def reprioritised(settings: Settings, ticket: Ticket, priority: str) -> SlaDeadlines:
    return record_of(settings, sla.change_priority(state_of(ticket), priority), ticket.sla)


def due_events(settings: Settings, ticket: Ticket, now: datetime) -> tuple[list[str], list[str]]:
    """(breaches, warnings) that are due as of `now` and not yet recorded on the ticket."""
    policy = policy_for(settings)
    state = state_of(ticket)
    breached = [b for b in sla.breaches(state, policy, now) if b not in ticket.sla.breaches]
    recorded = {*ticket.sla.warnings, *ticket.sla.breaches, *breached}
    warned = [w for w in sla.warnings_due(state, policy, now) if w not in recorded]
    return breached, warned


def next_wake(settings: Settings, ticket: Ticket, now: datetime) -> datetime | None:
    check = sla.next_check(state_of(ticket), policy_for(settings), now)
    return check.at if check else None
