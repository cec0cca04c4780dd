"""Which status changes an agent may make, and what each one means for the ticket."""

from __future__ import annotations

from .models import Status

ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.RESOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.RESOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    # A closed ticket stays closed: a customer writing again gets a new, linked ticket.
    Status.CLOSED: frozenset(),
}

ACTIVE_STATUSES = frozenset({Status.NEW, Status.OPEN, Status.PENDING})
TERMINAL_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})


def transition_error(current: str, target: str) -> str | None:
    """None when the move is allowed, otherwise a sentence telling the agent why not."""
    current_status, target_status = Status(current), Status(target)
    if target_status in ALLOWED_TRANSITIONS[current_status]:
        return None
    if current_status is Status.CLOSED:
        return "the ticket is closed; a new message from the customer opens a new linked ticket"
    allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[current_status]))
    return f"a {current_status.value} ticket can move to: {allowed}"
