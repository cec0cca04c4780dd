"""What a ticket's SLA timer must do after a change: nothing, stop, or start again sooner.

A timer execution sleeps until one moment (a Wait state on `wake_at`, kept on the ticket as
`timer_wake_at`) and cannot be woken early. After a change:
- the ticket is resolved or closed: the execution is stopped;
- its next deadline comes sooner than the execution wakes (a customer's reply re-arming the
  next-response clock while the timer sleeps long, a higher priority): the execution is stopped
  and a new one starts, sleeping until that deadline;
- otherwise (an answer or a pause moves the next deadline later, or nothing moved) the execution
  sleeps on: if the ticket is still open when it wakes, it finds nothing due and sleeps until the
  real deadline. Starting a new execution at every answer would cost more than that one wake
  for most tickets, which are resolved before their timer first wakes.
Stops and starts are outbox work saved with the change (`timer_stop`, `timer`), so a crash in
between is finished by the sweeper; a timer that outlives its stop sees at its next wake that a
newer one replaced it and ends there.

Executions are named after the ticket, then `<ticket>-r<n>`: a name stays taken after its
execution ends, and the number says which of two executions is the newer.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from ..config import Settings
from ..domain.lifecycle import TERMINAL_STATUSES
from ..domain.models import OutboxItem, Ticket
from . import outbox
from .context import Desk
from .sla_terms import next_wake

# No clock running (waiting on the customer, or every deadline already missed): sleep this long.
# Only a change re-arms a clock, and that change restarts the timer; the long wake keeps an
# execution well inside Step Functions' one-year limit and looks once in a while all the same.
IDLE_WAKE = timedelta(days=90)
_MIN_SLEEP = timedelta(seconds=1)


def wake_time(moment: datetime) -> str:
    """Step Functions wants whole seconds (rounded up: never early)."""
    return whole_second(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def whole_second(moment: datetime) -> datetime:
    return datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)


def next_wake_at(settings: Settings, ticket: Ticket, now: datetime) -> datetime:
    """When the ticket's timer must next look: its next warning or breach, else the idle wake.
    Never sooner than a second from now: whatever a clock says, a timer must not spin."""
    wake = next_wake(settings, ticket, now) or now + IDLE_WAKE
    return whole_second(max(wake, now + _MIN_SLEEP))


def armed(desk: Desk, ticket: Ticket) -> tuple[Ticket, dict[str, Any]]:
    """A new ticket noting when its first timer wakes, and that timer's input."""
    wake = next_wake_at(desk.settings, ticket, desk.now())
    return ticket.model_copy(update={"timer_wake_at": wake}), {"ticket_id": ticket.id, "wake_at": wake_time(wake)}


def start_input(desk: Desk, ticket: Ticket, immediately: bool = False) -> dict[str, Any]:
    """The input of a new execution: it first sleeps until `wake_at`. `immediately`: a timer
    started by the sweeper looks at once, something may have come due unwatched."""
    now = desk.now()
    return {"ticket_id": ticket.id,
            "wake_at": wake_time(now if immediately else next_wake_at(desk.settings, ticket, now))}


def generation(ticket_id: str, execution_name: str) -> int:
    suffix = execution_name.removeprefix(f"{ticket_id}-r")
    return int(suffix) if suffix != execution_name and suffix.isdigit() else 0


def current_timer(ticket: Ticket) -> str:
    return ticket.timer_name or ticket.id


def next_timer_name(ticket: Ticket) -> str:
    """The name a new execution for the ticket takes: the next `-r<n>` after the current one."""
    return f"{ticket.id}-r{generation(ticket.id, current_timer(ticket)) + 1}"


def superseded(ticket: Ticket, execution_name: str) -> bool:
    """A newer execution watches this ticket: the older one has nothing left to do."""
    return generation(ticket.id, current_timer(ticket)) > generation(ticket.id, execution_name)


def follow(desk: Desk, before: Ticket, after: Ticket) -> tuple[Ticket, list[OutboxItem]]:
    """The ticket as it will be saved (naming its timer) and the timer work to save with it."""
    was_open = before.status not in TERMINAL_STATUSES
    is_open = after.status not in TERMINAL_STATUSES
    running = current_timer(before)
    if not is_open:
        return after, [outbox.timer_stop(desk, after.id, running)] if was_open else []
    now = desk.now()
    wake = next_wake_at(desk.settings, after, now)
    sleeping_until = after.timer_wake_at  # None: a timer from before the desk noted it (or none)
    if was_open and sleeping_until is not None and sleeping_until <= wake:
        return after, []
    if was_open and sleeping_until is None and wake == next_wake_at(desk.settings, before, now):
        return after, []
    name = next_timer_name(after)
    work = [outbox.timer_stop(desk, after.id, running)] if was_open else []
    work.append(outbox.timer(desk, after.id, name, {"ticket_id": after.id, "wake_at": wake_time(wake)}))
    return after.model_copy(update={"timer_name": name, "timer_wake_at": wake}), work
