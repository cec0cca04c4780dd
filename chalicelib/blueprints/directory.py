"""Lists: a customer's tickets, an agent tier's queue; and API key administration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from ..domain.access import Caller
from ..errors import BadRequest, Forbidden
from ..services import apikeys, tickets
from ..services.context import desk
from ..services.schemas import NewApiKey, valid_email
from .http import endpoint, parse_body, query_int
from .views import ticket_view

routes = Blueprint(__name__)
_QUEUE_STATUSES = ("new", "open", "pending")


@endpoint(routes, "/customers/{email}/tickets", ["GET"], "customer.tickets")
def customer_tickets(caller: Caller, email: str) -> Any:
    try:
        address = valid_email(unquote(email))
    except ValueError as error:
        raise BadRequest(f"email {error}") from None
    limit = query_int(routes, "limit", 20, 1, 100)
    params: Mapping[str, str] = routes.current_request.query_params or {}
    cursor = params.get("cursor")
    found, next_cursor = tickets.customer_tickets(desk(), address, limit, cursor)
    return {"tickets": [ticket_view(t) for t in found], "next_cursor": next_cursor}


@endpoint(routes, "/queues/{tier}", ["GET"], "queue.read")
def agent_queue(caller: Caller, tier: str) -> Any:
    if tier not in {"1", "2", "3"}:
        raise BadRequest("tier must be 1, 2 or 3")
    if int(tier) > caller.tier:
        raise Forbidden(f"a tier {caller.tier} agent cannot work the tier {tier} queue", code="wrong_tier")
    params: Mapping[str, str] = routes.current_request.query_params or {}
    statuses = tuple(s for s in params.get("status", "new,open").split(",") if s)
    unknown = [s for s in statuses if s not in _QUEUE_STATUSES]
    if unknown or not statuses:
        raise BadRequest(f"status must be a comma-separated list of {', '.join(_QUEUE_STATUSES)}")
    limit = query_int(routes, "limit", 50, 1, 200)
    found = tickets.queue(desk(), int(tier), statuses, limit)
    return {"tier": int(tier), "tickets": [ticket_view(t) for t in found]}


@endpoint(routes, "/admin/api-keys", ["POST"], "apikey.manage", status=201)
def create_api_key(caller: Caller) -> Any:
    request = parse_body(routes, NewApiKey)
    key, created = apikeys.issue_key(desk(), request.role, request.label)
    return {"api_key": key, "role": created.role, "key_id": created.key_id,
            "note": "store this key now: only its hash is kept"}
