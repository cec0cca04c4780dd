"""Who handles what, and finding tickets: assign, take, and GET /tickets with filters."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..domain.access import Caller
from ..services import ownership, ticket_search
from ..services.agent_schemas import Assignment, TicketsQuery
from ..services.context import desk
from .http import endpoint
from .views import ticket_view

routes = Blueprint(__name__)


@endpoint(routes, "/tickets", ["GET"], "queue.read", query=TicketsQuery)
def find_tickets(caller: Caller, query: TicketsQuery) -> Any:
    """Find tickets, newest first: by assignee (`me`, `none` or an email), order, customer email,
    status, tier, priority, category, channel, opening dates, or the ticket number as typed."""
    found, next_cursor = ticket_search.find(desk(), query, caller)
    return {"tickets": [ticket_view(t) for t in found], "next_cursor": next_cursor}


@endpoint(routes, "/tickets/{ticket_id}/assign", ["POST"], "ticket.assign", body=Assignment)
def assign(caller: Caller, ticket_id: str, body: Assignment) -> Any:
    """Give the ticket to an agent (`"agent": "<email>"`), take it (`"me"`), or put it back in its
    queue (`null`)."""
    return {"ticket": ticket_view(ownership.assign(desk(), ticket_id, body.agent, caller, body.note))}


@endpoint(routes, "/tickets/{ticket_id}/take", ["POST"], "ticket.assign")
def take(caller: Caller, ticket_id: str) -> Any:
    """Take the ticket: the signed-in agent owns it from now on."""
    return {"ticket": ticket_view(ownership.assign(desk(), ticket_id, "me", caller))}
