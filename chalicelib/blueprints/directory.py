"""Lists: a customer's tickets, an agent tier's queue; and API key administration."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from ..domain.access import Caller
from ..errors import BadRequest
from ..services import apikeys, tickets
from ..services.context import desk
from ..services.schemas import CustomerTicketsQuery, NewApiKey, QueueQuery, valid_email
from .http import endpoint
from .views import ticket_view

routes = Blueprint(__name__)


@endpoint(routes, "/customers/{email}/tickets", ["GET"], "customer.tickets", query=CustomerTicketsQuery)
def customer_tickets(caller: Caller, email: str, query: CustomerTicketsQuery) -> Any:
    """A customer's tickets, newest first; `next_cursor` continues the listing."""
    try:
        address = valid_email(unquote(email))
    except ValueError as error:
        raise BadRequest(f"email {error}") from None
    found, next_cursor = tickets.customer_tickets(desk(), address, query.limit, query.cursor)
    return {"tickets": [ticket_view(t) for t in found], "next_cursor": next_cursor}


@endpoint(routes, "/queues/{tier}", ["GET"], "queue.read", query=QueueQuery)
def agent_queue(caller: Caller, tier: str, query: QueueQuery) -> Any:
    """A tier's queue, by priority then the next SLA deadline."""
    if tier not in {"1", "2", "3"}:
        raise BadRequest("tier must be 1, 2 or 3")
    statuses = tuple(dict.fromkeys(query.status.split(",")))
    found = tickets.tier_queue(desk(), int(tier), statuses, query.limit, caller)
    return {"tier": int(tier), "tickets": [ticket_view(t) for t in found]}


@endpoint(routes, "/admin/api-keys", ["POST"], "apikey.manage", status=201, body=NewApiKey)
def create_api_key(caller: Caller, body: NewApiKey) -> Any:
    """Issue an API key for a role; the key is shown once, only its hash is kept."""
    key, created = apikeys.issue_key(desk(), body.role, body.label)
    return {"api_key": key, "role": created.role, "key_id": created.key_id,
            "note": "store this key now: only its hash is kept"}
