"""Reading tickets and changing them: every change is versioned and leaves an audit event."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..adapters.ports import AlreadyExists, BadPosition, Claim
from ..domain import cursors
from ..domain.access import Caller
from ..domain.ids import new_item_id, normalise_ticket_id
from ..domain.lifecycle import transition_error
from ..domain.models import AuditEvent, Channel, Direction, Message, OutboxItem, Status, Ticket, TicketSummary
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from . import agent_kpis, messages, outbox, timer_work
from .context import Desk
from .messages import Said
from .schemas import FollowUp, StatusChange, TriageCorrection
from .sla_terms import customer_wrote, pause_clock, reprioritised, resume_clock

# Many writers on one ticket (16 agents replying at once, a mail storm) take turns: each lost
# race re-reads and tries again after a random pause that grows with the attempts.
_SAVE_ATTEMPTS = 10
_BACKOFF_SECONDS = 0.01
_PUBLIC_EVENTS = frozenset({"ticket.created", "ticket.status_changed", "ticket.reopened", "message.received"})


@dataclass
class Change:
    """What a use case wants saved: the new ticket plus what happened to it."""

    ticket: Ticket
    events: list[AuditEvent] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    outbox: list[OutboxItem] = field(default_factory=list)  # carried out once the change is saved


@dataclass(frozen=True)
class TicketHistory:
    ticket: Ticket
    messages: list[Message]
    events: list[AuditEvent]
    older_messages: str | None = None  # where the next (older) page of messages starts, if any
    older_events: str | None = None


@dataclass(frozen=True)
class Applied:
    """What a saved change produced: the new ticket, what the mutation recorded, and the results
    of the work carried out after it (by outbox id; missing when it is left for the sweeper)."""

    ticket: Ticket
    change: Change
    delivered: dict[str, dict[str, Any]]


def excerpt(text: str, limit: int = 1000) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def resolve_id(raw_id: str) -> str:
    ticket_id = normalise_ticket_id(raw_id)
    if ticket_id is None:
        raise NotFound(f"{raw_id!r} is not a ticket number; they look like T-0ABCDE1234")
    return ticket_id


def load(desk: Desk, raw_id: str) -> Ticket:
    ticket_id = resolve_id(raw_id)
    ticket = desk.store.tickets.get(ticket_id)
    if ticket is None:
        raise NotFound(f"there is no ticket {ticket_id}")
    return ticket


def history(desk: Desk, raw_id: str, caller: Caller, messages_before: str | None = None,
            events_before: str | None = None, limit: int = 50,
            parts: tuple[str, ...] = ("messages", "events")) -> TicketHistory:
    """The ticket with its newest messages and events (each page newest first, `limit` long), and
    where the older ones continue. Storefronts show tickets to customers: no internal notes, no
    staff-only events, and no agent's free-text reasons or names."""
    ticket = load(desk, raw_id)
    staff = caller.is_staff
    messages: list[Message] = []
    events: list[AuditEvent] = []
    older_messages = older_events = None
    try:
        if "messages" in parts:
            messages, older_messages = desk.store.tickets.messages(
                ticket.id, limit, _page_position(desk, ticket.id, "messages", messages_before),
                keep=None if staff else lambda m: m.direction != Direction.NOTE)
        if "events" in parts:
            events, older_events = desk.store.tickets.events(
                ticket.id, limit, _page_position(desk, ticket.id, "events", events_before),
                keep=None if staff else lambda e: e.action in _PUBLIC_EVENTS)
    except BadPosition as error:
        raise BadRequest("cursor is not one this API returned for this ticket; start again without it",
                         code="invalid_cursor") from error
    if not staff:
        events = [public_event(e) for e in events]
        # Which agent answered is the team's business: customers read the reply's signature.
        messages = [m.model_copy(update={"author": "support"}) if m.direction == Direction.OUTBOUND else m
                    for m in messages]
        ticket = ticket.model_copy(update={"assignee": None, "assignee_name": "", "resolved_by": None})
    return TicketHistory(ticket, messages, events, _page_cursor(desk, ticket.id, "messages", older_messages),
                         _page_cursor(desk, ticket.id, "events", older_events))


def public_event(event: AuditEvent) -> AuditEvent:
    """What a customer may see of an audit event: what changed and when, not who or why."""
    actor = "customer" if event.actor.startswith("customer:") or event.actor.startswith("storefront:") \
        else "support"
    keep = {"status"}
    return event.model_copy(update={
        "actor": actor, "detail": None,
        "before": {k: v for k, v in (event.before or {}).items() if k in keep} or None,
        "after": {k: v for k, v in (event.after or {}).items() if k in keep} or None,
    })


def _page_cursor(desk: Desk, ticket_id: str, kind: str, position: str | None) -> str | None:
    """Sealed and scoped to this ticket's list, so a cursor continues only the listing it came from."""
    if not position:
        return None
    return cursors.seal({"at": position}, f"ticket-{kind}:{ticket_id}", desk.settings.reply_signing_secret)


def _page_position(desk: Desk, ticket_id: str, kind: str, cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        position = cursors.unseal(cursor, f"ticket-{kind}:{ticket_id}", desk.settings.reply_signing_secret)
    except cursors.CursorError as error:
        raise BadRequest(f"cursor: {error}; start again without it", code="invalid_cursor") from None
    if not isinstance(position.get("at"), str):
        raise BadRequest("cursor: not a cursor this API issued; start again without it", code="invalid_cursor")
    return str(position["at"])


def change(desk: Desk, raw_id: str, mutate: Callable[[Ticket], Change], expected_version: int | None = None,
           thread_keys: tuple[str, ...] = (), loaded: Ticket | None = None) -> Ticket:
    """Apply `mutate` to the latest ticket and save it; see `apply`."""
    return apply(desk, raw_id, mutate, expected_version, thread_keys, loaded).ticket


def record(desk: Desk, raw_id: str, mutate: Callable[[Ticket], Change], loaded: Ticket | None = None) -> Change:
    """As `change`, but the outbox work it recorded is left for the caller to carry out (a batch
    of changes then marks its work done in one write, see `outbox.deliver`)."""
    return apply(desk, raw_id, mutate, loaded=loaded, deliver=False).change


def apply(desk: Desk, raw_id: str, mutate: Callable[[Ticket], Change], expected_version: int | None = None,
          thread_keys: tuple[str, ...] = (), loaded: Ticket | None = None, deliver: bool = True) -> Applied:
    """Apply `mutate` to the latest ticket and save it with everything it recorded, re-reading when
    someone else saved first; then carry out the outbox work it recorded.
    `thread_keys` (Message-IDs) lead to the ticket from now on.
    `loaded` is a ticket the caller has just read; a stale one only costs a retry."""
    for attempt in range(_SAVE_ATTEMPTS):
        current, loaded = loaded or load(desk, raw_id), None
        if expected_version is not None and current.version != expected_version:
            raise Conflict(
                f"ticket {current.id} is at version {current.version}, not {expected_version}; reload it",
                code="version_conflict",
            )
        result = mutate(current)
        # The timer follows every change: stopped when the ticket closes, replaced when its next
        # deadline comes sooner than the timer wakes (saved with the change, like all side effects).
        result.ticket, timer_changes = timer_work.follow(desk, current, result.ticket)
        work = [*result.outbox, *timer_changes]
        if result.ticket == current and not (work or result.events or result.messages or result.claims or thread_keys):
            # Nothing to record (a retried take, an unassign of nobody): saving would only bump the
            # version and make concurrent callers retry against each other.
            return Applied(current, result, {})
        updated = result.ticket.model_copy(update={"version": current.version + 1, "updated_at": desk.now()})
        try:
            desk.store.tickets.save(
                updated, current.version, events=result.events, messages=result.messages, claims=result.claims,
                thread_keys=thread_keys, outbox=work,
            )
        except Conflict:
            if expected_version is not None:
                raise
            time.sleep(random.uniform(0, _BACKOFF_SECONDS * 2 ** min(attempt, 5)))
            continue
        result.ticket = updated
        result.outbox = work
        agent_kpis.after_change(desk, current, updated, result.messages)
        return Applied(updated, result, outbox.deliver(desk, work) if deliver else {})
    raise Conflict("the ticket is changing too fast; nothing was changed, so retry", code="version_conflict")


def audit(desk: Desk, ticket: Ticket, actor: str, action: str, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, detail: dict[str, Any] | None = None) -> AuditEvent:
    now = desk.now()
    return AuditEvent(id=new_item_id(now), ticket_id=ticket.id, at=now, actor=actor, action=action,
                      before=before, after=after, detail=detail)


def set_status(desk: Desk, raw_id: str, request: StatusChange, caller: Caller) -> Ticket:
    """Resolving tells the customer and sends the survey; reopening cancels an open survey."""
    try:
        return _set_status(desk, raw_id, request, caller, with_survey=True)
    except AlreadyExists as taken:
        from . import surveys  # imported here: surveys builds on this module

        if not surveys.survey_claim_taken(taken):
            raise
        # Another of the customer's tickets was resolved at the same moment and took the survey.
        return _set_status(desk, raw_id, request, caller, with_survey=False)


def _set_status(desk: Desk, raw_id: str, request: StatusChange, caller: Caller, with_survey: bool) -> Ticket:
    from . import surveys  # imported here: surveys builds on this module

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
            updates["resolved_by"] = caller.email or None
            updates["first_contact_resolution"] = first_contact_resolution(ticket)
        if request.status == Status.CLOSED:
            updates["closed_at"] = now
        if ticket.status == Status.RESOLVED and request.status == Status.OPEN:
            updates["reopened_count"] = ticket.reopened_count + 1
            updates["resolved_at"] = None
            updates["first_contact_resolution"] = None
            updates.update(surveys.closed_on_reopen(ticket, "reopened by an agent"))
        updates["sla"] = sla
        new = ticket.model_copy(update=updates)
        event = audit(desk, ticket, caller.principal, "ticket.status_changed",
                      before={"status": ticket.status}, after={"status": request.status},
                      detail={"reason": request.reason} if request.reason else None)
        if request.status == Status.RESOLVED:
            extras = surveys.on_resolved(desk, new, caller.principal, with_survey)
            return Change(new.model_copy(update=extras.updates), [event, *extras.events], claims=extras.claims,
                          outbox=extras.outbox)
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
        if ticket.needs_review:
            # An agent looked at triage's unsure call: confirmed or corrected, it is reviewed.
            updates["needs_review"] = False
        if not updates:
            return Change(ticket)
        # The event keeps the final category and priority: with the ticket's first message it
        # is a labelled example for the next training run (scripts/export_triage_corrections.py).
        event = audit(desk, ticket, caller.principal, "ticket.triage_corrected", before=before,
                      after={k: v for k, v in updates.items() if k not in ("sla", "needs_review")},
                      detail={"reason": request.reason, "was_flagged": ticket.needs_review, "category": updates.get("category", ticket.category),
                              "priority": updates.get("priority", ticket.priority)})
        return Change(ticket.model_copy(update=updates), [event])

    return change(desk, raw_id, mutate)


def first_contact_resolution(ticket: Ticket) -> bool:
    """Solved by our first answer: one customer message, at most one reply, never reopened."""
    return ticket.reopened_count == 0 and ticket.inbound_count == 1 and ticket.agent_reply_count <= 1


def add_customer_message(desk: Desk, raw_id: str, request: FollowUp, caller: Caller) -> tuple[Ticket, Message]:
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
        message = messages.message(ticket.id, Said(author=author, body=request.body, channel=Channel.API), now)
        return customer_message_change(desk, ticket, message, caller.principal)

    applied = apply(desk, raw_id, mutate)
    return applied.ticket, applied.change.messages[0]


def customer_message_change(desk: Desk, ticket: Ticket, message: Message, actor: str) -> Change:
    """A customer wrote again: reopen a resolved ticket, resume a pending one, restart the clock."""
    now = desk.now()
    updates: dict[str, Any] = {"message_count": ticket.message_count + 1, "inbound_count": ticket.inbound_count + 1,
                               "latest_customer_words": excerpt(message.body)}
    events = [audit(desk, ticket, actor, "message.received", detail={"message_id": message.id})]
    if ticket.status == Status.PENDING:
        updates["status"] = Status.OPEN
    elif ticket.status == Status.RESOLVED:
        updates.update(status=Status.OPEN, resolved_at=None, reopened_count=ticket.reopened_count + 1,
                       first_contact_resolution=None)
        from . import surveys  # imported here: surveys builds on this module

        updates.update(surveys.closed_on_reopen(ticket, "the customer wrote again"))
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
        start = cursors.unseal(cursor, scope, secret) if cursor else None
        # A sealed position is ours, yet the store checks it belongs to this listing.
        tickets, last = desk.store.tickets.for_customer(email, limit, start)
    except (cursors.CursorError, BadPosition) as error:
        raise BadRequest(f"cursor: {error}; start again without it") from None
    return tickets, cursors.seal(last, scope, secret) if last else None


def queue(desk: Desk, tier: int, statuses: tuple[str, ...], limit: int) -> list[Ticket]:
    return desk.store.tickets.queue(tier, statuses, limit)


def tier_queue(desk: Desk, tier: int, statuses: tuple[str, ...], limit: int, caller: Caller) -> list[Ticket]:
    """A tier's queue, for the agents of that tier and above (the API's and the console's one check)."""
    require_tier(caller, tier, f"work the tier {tier} queue")
    return queue(desk, tier, statuses, limit)


def tier_queue_rows(desk: Desk, tier: int, statuses: tuple[str, ...], limit: int,
                    caller: Caller) -> list[TicketSummary]:
    """The same queue, each ticket read only for what a row of a list shows (the console's page)."""
    require_tier(caller, tier, f"work the tier {tier} queue")
    return desk.store.tickets.queue_summaries(tier, statuses, limit)


def require_tier(caller: Caller, tier: int, doing: str) -> None:
    """What tier `tier` works is for its agents and those above (the API's and the console's one check)."""
    if tier > caller.tier:
        raise Forbidden(f"a tier {caller.tier} agent cannot {doing}", code="wrong_tier")
