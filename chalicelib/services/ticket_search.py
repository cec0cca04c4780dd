"""GET /tickets: find tickets by any mix of filters, newest first, paged, through the indexes.

The most selective filter picks the index (owner, then order, then customer, else status); the
other filters are checked on the tickets read. A page reads at most `_READ_BUDGET` tickets: when
the filters are rare, it answers with fewer tickets and a cursor to go on, never with a scan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

from ..domain import cursors
from ..domain.access import Caller
from ..domain.ids import normalise_ticket_id
from ..domain.models import Status, Ticket
from ..domain.people import agent_email
from ..errors import BadRequest
from .agent_schemas import TicketsQuery
from .context import Desk

ALL_STATUSES = tuple(s.value for s in Status)
_READ_BUDGET = 500
_SCOPE = "tickets"


def find(desk: Desk, query: TicketsQuery, caller: Caller) -> tuple[list[Ticket], str | None]:
    if query.id:
        ticket_id = normalise_ticket_id(query.id)
        typed = desk.store.tickets.get(ticket_id) if ticket_id else None
        return ([typed] if typed and _keep(query, caller)(typed) else []), None
    statuses = tuple(dict.fromkeys(query.status.split(","))) if query.status else ALL_STATUSES
    created_from = datetime.combine(query.created_from, time.min, UTC) if query.created_from else None
    created_before = datetime.combine(query.created_to, time.max, UTC) if query.created_to else None
    if created_from and created_before and created_from > created_before:
        raise BadRequest("created_from is after created_to")
    listing = _listing(desk, query, caller, statuses)
    secret = desk.settings.reply_signing_secret
    scope = f"{_SCOPE}:{_fingerprint(query, caller)}"
    try:
        after = str(cursors.unseal(query.cursor, scope, secret)["at"]) if query.cursor else None
    except (cursors.CursorError, KeyError) as error:
        raise BadRequest(f"cursor: {error}; start again without it", code="invalid_cursor") from None
    keep = _keep(query, caller, statuses)
    found: list[Ticket] = []
    read = 0
    left_over = False  # a match this page read but had no room for
    while len(found) < query.limit and read < _READ_BUDGET:
        page, after = listing(query.limit, after, created_from, created_before)
        read += len(page)
        for ticket in page:
            if keep(ticket):
                if len(found) < query.limit:
                    found.append(ticket)
                else:
                    left_over = True
        if after is None:
            break
    if found and len(found) == query.limit and (after is not None or left_over):
        # Continue right after the last ticket returned (the page may have read past it).
        after = desk.store.ticket_lists.position_of(found[-1])
    return found, cursors.seal({"at": after}, scope, secret) if after else None


Listing = Callable[[int, str | None, datetime | None, datetime | None], tuple[list[Ticket], str | None]]


def _listing(desk: Desk, query: TicketsQuery, caller: Caller, statuses: tuple[str, ...]) -> Listing:
    lists = desk.store.ticket_lists
    owner = _owner(query, caller)
    if owner:
        return lambda n, a, f, b: lists.owned(owner, statuses, n, a, f, b)
    if query.order_id:
        order_id = query.order_id
        return lambda n, a, f, b: lists.for_order(order_id, n, a, f, b)
    if query.email:
        email = query.email
        return lambda n, a, f, b: lists.for_customer(email, n, a, f, b)
    return lambda n, a, f, b: lists.with_status(statuses, n, a, f, b)


def _owner(query: TicketsQuery, caller: Caller) -> str | None:
    if query.assignee is None or query.assignee.lower() == "none":
        return None
    if query.assignee.lower() == "me":
        if not caller.is_person:
            raise BadRequest("assignee=me needs an agent's sign-in token, not an API key; "
                             "sign in with POST /auth/sign-in", code="not_a_person")
        return caller.email
    return agent_email(query.assignee)


def _keep(query: TicketsQuery, caller: Caller, statuses: tuple[str, ...] = ALL_STATUSES) -> Callable[[Ticket], bool]:
    owner = _owner(query, caller) if query.assignee else None
    unassigned = query.assignee is not None and query.assignee.lower() == "none"

    def keep(ticket: Ticket) -> bool:
        checks: list[Any] = [
            ticket.status in statuses,
            owner is None or (ticket.assignee or "").lower() == owner,
            not unassigned or ticket.assignee is None,
            query.order_id is None or ticket.order_id == query.order_id,
            query.email is None or ticket.customer_email.lower() == query.email,
            query.tier is None or ticket.tier == query.tier,
            query.priority is None or ticket.priority == query.priority,
            query.category is None or ticket.category == query.category,
            query.channel is None or ticket.channel == query.channel,
            query.tag is None or query.tag in ticket.tags,
        ]
        return all(checks)

    return keep


def _fingerprint(query: TicketsQuery, caller: Caller) -> str:
    """A cursor continues only the listing it came from (same filters, same 'me')."""
    values = query.model_dump(mode="json", exclude={"cursor", "limit"})
    values["me"] = caller.email if query.assignee == "me" else ""
    return "&".join(f"{k}={v}" for k, v in sorted(values.items()) if v is not None)
