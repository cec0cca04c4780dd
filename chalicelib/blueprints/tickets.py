"""Ticket routes: open, read, follow up, change status."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..services import intake, tickets
from ..services.context import desk
from ..services.schemas import FollowUp, NewTicket, StatusChange, TriageCorrection
from .http import endpoint, parse_body
from .views import history_view, ticket_view

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
