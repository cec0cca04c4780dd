"""Ticket routes: open, read, follow up, change status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..services import intake, tickets
from ..services.context import desk
from ..services.schemas import FollowUp, NewTicket, StatusChange, TriageCorrection
from .http import endpoint, parse_body, query_int
from .views import history_view, message_view, ticket_view

routes = Blueprint(__name__)


@endpoint(routes, "/tickets", ["POST"], "ticket.create", status=201)
def open_ticket(caller: Caller) -> Any:
    request = parse_body(routes, NewTicket)
    headers = routes.current_request.headers
    key = headers.get("idempotency-key")
    opened = intake.open_from_api(desk(), request, caller, key)
    return Response(
        body={"ticket": ticket_view(opened.ticket)},
        status_code=200 if opened.replayed else 201,
        headers={"Content-Type": "application/json", "Location": f"/tickets/{opened.ticket.id}",
                 **({"Idempotent-Replayed": "true"} if opened.replayed else {})},
    )


@endpoint(routes, "/tickets/{ticket_id}", ["GET"], "ticket.read")
def read_ticket(caller: Caller, ticket_id: str) -> Any:
    return {"ticket": history_view(tickets.history(desk(), ticket_id, caller))}


@endpoint(routes, "/tickets/{ticket_id}/messages", ["GET"], "ticket.read")
def list_messages(caller: Caller, ticket_id: str) -> Any:
    """Messages whole, newest first, a page at a time (`before` = the cursor of the last page)."""
    params: Mapping[str, str] = routes.current_request.query_params or {}
    limit = query_int(routes, "limit", 20, 1, 20)
    found = tickets.history(desk(), ticket_id, caller, messages_before=params.get("before"), limit=limit,
                            parts=("messages",))
    return {"messages": [message_view(m) for m in found.messages], "older_cursor": found.older_messages}


@endpoint(routes, "/tickets/{ticket_id}/events", ["GET"], "ticket.read")
def list_events(caller: Caller, ticket_id: str) -> Any:
    """The audit trail, newest first, a page at a time."""
    params: Mapping[str, str] = routes.current_request.query_params or {}
    limit = query_int(routes, "limit", 100, 1, 100)
    found = tickets.history(desk(), ticket_id, caller, events_before=params.get("before"), limit=limit,
                            parts=("events",))
    return {"events": [e.model_dump(mode="json") for e in found.events], "older_cursor": found.older_events}


@endpoint(routes, "/tickets/{ticket_id}/messages", ["POST"], "ticket.follow_up", status=201)
def follow_up(caller: Caller, ticket_id: str) -> Any:
    request = parse_body(routes, FollowUp)
    ticket, message = tickets.add_customer_message(desk(), ticket_id, request, caller)
    return {"ticket": ticket_view(ticket), "message": message.model_dump(mode="json")}


@endpoint(routes, "/tickets/{ticket_id}/status", ["POST"], "ticket.status")
def change_status(caller: Caller, ticket_id: str) -> Any:
    request = parse_body(routes, StatusChange)
    return {"ticket": ticket_view(tickets.set_status(desk(), ticket_id, request, caller))}


@endpoint(routes, "/tickets/{ticket_id}/triage", ["POST"], "ticket.triage")
def correct_triage(caller: Caller, ticket_id: str) -> Any:
    request = parse_body(routes, TriageCorrection)
    return {"ticket": ticket_view(tickets.correct_triage(desk(), ticket_id, request, caller))}
