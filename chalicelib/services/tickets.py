"""Reading tickets and changing them: every change is versioned and leaves an audit event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..adapters.keys import customer_pk
from ..adapters.repository import Claim, TicketHistory
from ..domain import cursors
from ..domain.access import Caller
from ..domain.ids import new_item_id, normalise_ticket_id
from ..domain.lifecycle import transition_error
from ..domain.models import AuditEvent, Channel, Direction, Message, Status, Ticket
from ..errors import BadRequest, Conflict, NotFound
from .context import Desk
from .schemas import FollowUp, StatusChange, TriageCorrection
from .sla_terms import customer_wrote, pause_clock, reprioritised, resume_clock

_SAVE_ATTEMPTS = 4
_PUBLIC_EVENTS = frozenset({"ticket.created", "ticket.status_changed", "ticket.reopened", "message.received"})


@dataclass
class Change:
    """What a use case wants saved: the new ticket plus what happened to it."""

    ticket: Ticket
    events: list[AuditEvent] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def resolve_id(raw_id: str) -> str:
    ticket_id = normalise_ticket_id(raw_id)
    if ticket_id is None:
        raise NotFound(f"{raw_id!r} is not a ticket number; they look like T-0ABCDE1234")
    return ticket_id


def load(desk: Desk, raw_id: str) -> Ticket:
    ticket_id = resolve_id(raw_id)
    ticket = desk.repository.get_ticket(ticket_id)
    if ticket is None:
        raise NotFound(f"there is no ticket {ticket_id}")
    return ticket


def history(desk: Desk, raw_id: str, caller: Caller) -> TicketHistory:
    ticket_id = resolve_id(raw_id)
    found = desk.repository.get_history(ticket_id)
    if found is None:
        raise NotFound(f"there is no ticket {ticket_id}")
    if caller.is_staff:
        return found
    # Storefronts show tickets to customers: no internal notes, no staff-only events.
    messages = [m for m in found.messages if m.direction != Direction.NOTE]
    events = [e for e in found.events if e.action in _PUBLIC_EVENTS]
    return TicketHistory(found.ticket, messages, events)


def change(desk: Desk, raw_id: str, mutate: Callable[[Ticket], Change], expected_version: int | None = None,
           extra: tuple[dict[str, Any], ...] = (), loaded: Ticket | None = None) -> Ticket:
    """Apply `mutate` to the latest ticket and save it, re-reading when someone else saved first.
    `loaded` is a ticket the caller has just read; a stale one only costs a retry."""
    for _ in range(_SAVE_ATTEMPTS):
        current, loaded = loaded or load(desk, raw_id), None
        if expected_version is not None and current.version != expected_version:
            raise Conflict(
                f"ticket {current.id} is at version {current.version}, not {expected_version}; reload it",
                code="version_conflict",
            )
        result = mutate(current)
        updated = result.ticket.model_copy(update={"version": current.version + 1, "updated_at": desk.now()})
        try:
            desk.repository.save_ticket(
                updated, current.version, tuple(result.events), tuple(result.messages), tuple(result.claims),
                extra,
            )
        except Conflict:
            if expected_version is not None:
                raise
            continue
        return updated
    raise Conflict("the ticket is changing too fast; retry", code="version_conflict")


def audit(desk: Desk, ticket: Ticket, actor: str, action: str, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, detail: dict[str, Any] | None = None) -> AuditEvent:
    now = desk.now()
    return AuditEvent(id=new_item_id(now), ticket_id=ticket.id, at=now, actor=actor, action=action,
                      before=before, after=after, detail=detail)


def set_status(desk: Desk, raw_id: str, request: StatusChange, caller: Caller) -> Ticket:
    def mutate(ticket: Ticket) -> Change:
        if ticket.status == request.status:
            return Change(ticket)  # a retried request is not an error
        problem = transition_error(ticket.status, request.status)
        if problem:
            raise Conflict(problem, code="invalid_transition")
        now = desk.now()
        updates: dict[str, Any] = {"status": request.status}
        sla = ticket.sla
        if request.status == Status.PENDING:
            sla = pause_clock(desk.settings, ticket, now)
        elif ticket.status == Status.PENDING:
            sla = resume_clock(desk.settings, ticket, now)
        if request.status == Status.RESOLVED:
            updates["resolved_at"] = now
            updates["first_contact_resolution"] = first_contact_resolution(ticket)
        if request.status == Status.CLOSED:
            updates["closed_at"] = now
        if ticket.status == Status.RESOLVED and request.status == Status.OPEN:
            updates["reopened_count"] = ticket.reopened_count + 1
            updates["resolved_at"] = None
            updates["first_contact_resolution"] = None
        updates["sla"] = sla
        new = ticket.model_copy(update=updates)
        event = audit(desk, ticket, caller.principal, "ticket.status_changed",
                      before={"status": ticket.status}, after={"status": request.status},
                      detail={"reason": request.reason} if request.reason else None)
        return Change(new, [event])

    return change(desk, raw_id, mutate, request.expected_version)


def correct_triage(desk: Desk, raw_id: str, request: TriageCorrection, caller: Caller) -> Ticket:
    if request.priority is None and request.category is None:
        raise BadRequest("say what to change: priority, category or both")

    def mutate(ticket: Ticket) -> Change:
        updates: dict[str, Any] = {}
        before: dict[str, Any] = {}
        if request.category and request.category != ticket.category:
            before["category"], updates["category"] = ticket.category, request.category
        if request.priority and request.priority != ticket.priority:
            before["priority"], updates["priority"] = ticket.priority, request.priority
            # Deadlines count from the ticket's start with the new targets: time used still counts.
            updates["sla"] = reprioritised(desk.settings, ticket, request.priority)
        if not updates:
            return Change(ticket)
        event = audit(desk, ticket, caller.principal, "ticket.triage_corrected", before=before,
                      after={k: v for k, v in updates.items() if k != "sla"}, detail={"reason": request.reason})
        return Change(ticket.model_copy(update=updates), [event])

    return change(desk, raw_id, mutate)


def first_contact_resolution(ticket: Ticket) -> bool:
    """Solved by our first answer: one customer message, at most one reply, never reopened."""
    return ticket.reopened_count == 0 and ticket.inbound_count == 1 and ticket.agent_reply_count <= 1


def add_customer_message(desk: Desk, raw_id: str, request: FollowUp, caller: Caller) -> tuple[Ticket, Message]:
    holder: dict[str, Message] = {}

    def mutate(ticket: Ticket) -> Change:
        if ticket.status == Status.CLOSED:
            raise Conflict(
                f"ticket {ticket.id} is closed; open a new ticket and mention {ticket.id}",
                code="ticket_closed",
            )
        author = request.author or ticket.customer_email
        if author.lower() != ticket.customer_email.lower() and not caller.is_staff:
            raise BadRequest(f"author must be the ticket's customer ({ticket.customer_email})")
        now = desk.now()
        message = Message(id=new_item_id(now), ticket_id=ticket.id, direction=Direction.INBOUND,
                          channel=Channel.API, author=author, body=request.body, created_at=now)
        holder["message"] = message
        return customer_message_change(desk, ticket, message, caller.principal)

    ticket = change(desk, raw_id, mutate)
    return ticket, holder["message"]


def customer_message_change(desk: Desk, ticket: Ticket, message: Message, actor: str) -> Change:
    """A customer wrote again: reopen a resolved ticket, resume a pending one, restart the clock."""
    now = desk.now()
    updates: dict[str, Any] = {"message_count": ticket.message_count + 1, "inbound_count": ticket.inbound_count + 1}
    events = [audit(desk, ticket, actor, "message.received", detail={"message_id": message.id})]
    if ticket.status == Status.PENDING:
        updates["status"] = Status.OPEN
    elif ticket.status == Status.RESOLVED:
        updates.update(status=Status.OPEN, resolved_at=None, reopened_count=ticket.reopened_count + 1,
                       first_contact_resolution=None)
        events.append(audit(desk, ticket, actor, "ticket.reopened",
                            before={"status": ticket.status}, after={"status": Status.OPEN.value},
                            detail={"why": "customer replied"}))
    updates["sla"] = customer_wrote(desk.settings, ticket, now)
    if "status" in updates and ticket.status == Status.PENDING:
        events.append(audit(desk, ticket, actor, "ticket.status_changed",
                            before={"status": ticket.status}, after={"status": Status.OPEN.value},
                            detail={"reason": "customer replied"}))
    return Change(ticket.model_copy(update=updates), events, [message])


def customer_tickets(desk: Desk, email: str, limit: int, cursor: str | None) -> tuple[list[Ticket], str | None]:
    """A page of the customer's tickets, newest first, and a cursor that continues only this listing."""
    scope = f"customer-tickets:{email.lower()}"
    secret = desk.settings.reply_signing_secret
    try:
        start = _position(email, cursors.unseal(cursor, scope, secret)) if cursor else None
    except cursors.CursorError as error:
        raise BadRequest(f"cursor: {error}; start again without it") from None
    tickets, last = desk.repository.tickets_for_customer(email, limit, start)
    return tickets, cursors.seal(last, scope, secret) if last else None


def queue(desk: Desk, tier: int, statuses: tuple[str, ...], limit: int) -> list[Ticket]:
    return desk.repository.queue(tier, statuses, limit)


_CUSTOMER_INDEX_KEY = ("GSI1PK", "GSI1SK", "PK", "SK")


def _position(email: str, position: dict[str, Any]) -> dict[str, Any]:
    """A sealed position is ours, yet check its shape: exactly the customer index's key, as strings."""
    if set(position) != set(_CUSTOMER_INDEX_KEY) or not all(
        isinstance(value, dict) and set(value) == {"S"} and isinstance(value["S"], str)
        for value in position.values()
    ) or position["GSI1PK"]["S"] != customer_pk(email):
        raise cursors.CursorError("the cursor belongs to another listing")
    return position
