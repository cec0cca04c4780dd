"""The SLA policy in force (from configuration) applied to tickets."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache

from ..config import Settings
from ..domain import sla
from ..domain.models import SlaDeadlines


@lru_cache(maxsize=8)
def _policy(raw_policy: str, scale: float) -> sla.SlaPolicy:
    configured = json.loads(raw_policy)
    policy = sla.SlaPolicy.from_config(configured) if configured else sla.default_policy()
    return policy.scaled(scale) if scale != 1 else policy


def policy_for(settings: Settings) -> sla.SlaPolicy:
    return _policy(json.dumps(settings.sla_policy, sort_keys=True), settings.sla_scale)


def store_timezone(settings: Settings) -> str:
    return policy_for(settings).calendar.timezone


def initial_deadlines(settings: Settings, priority: str, now: datetime) -> SlaDeadlines:
    state = sla.SlaState(started_at=now, priority=priority)
    due = sla.deadlines(state, policy_for(settings))
    return SlaDeadlines(
        first_response_due=due.first_response_due,
        resolution_due=due.resolution_due,
        next_response_due=due.next_response_due,
    )


def pause_clock(settings: Settings, deadlines: SlaDeadlines, now: datetime) -> SlaDeadlines:
    """Waiting on the customer: the resolution clock stops until they answer."""
    if deadlines.paused_since is not None:
        return deadlines
    return deadlines.model_copy(update={"paused_since": now})


def resume_clock(settings: Settings, deadlines: SlaDeadlines, now: datetime) -> SlaDeadlines:
    """The customer answered: the resolution deadline moves out by the working time paused."""
    if deadlines.paused_since is None:
        return deadlines
    calendar = policy_for(settings).calendar
    paused = sla.business_time_between(deadlines.paused_since, now, calendar)
    resolution_due = deadlines.resolution_due
    if resolution_due is not None:
        resolution_due = sla.add_business_time(resolution_due, paused, calendar)
    return deadlines.model_copy(
        update={
            "paused_since": None,
            "paused_seconds": deadlines.paused_seconds + paused.total_seconds(),
            "resolution_due": resolution_due,
        }
    )


def customer_wrote(settings: Settings, deadlines: SlaDeadlines, priority: str, now: datetime) -> SlaDeadlines:
    """After our first answer, each new customer message starts the next-response clock."""
    if deadlines.first_response_at is None or deadlines.next_response_due is not None:
        return deadlines
    policy = policy_for(settings)
    due = sla.add_business_time(now, policy.targets[priority].next_response, policy.calendar)
    return deadlines.model_copy(update={"next_response_due": due})


def record_response(settings: Settings, deadlines: SlaDeadlines, now: datetime) -> SlaDeadlines:
    """An agent answered: the first-response (or next-response) clock is met."""
    updates: dict[str, object] = {"next_response_due": None}
    if deadlines.first_response_at is None:
        updates["first_response_at"] = now
    return deadlines.model_copy(update=updates)
