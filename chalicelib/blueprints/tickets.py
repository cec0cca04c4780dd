"""Ticket routes: open, read, follow up, change status."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..services import intake, shipments, tickets
from ..services.context import desk
from ..services.schemas import EventsQuery, FollowUp, MessagesQuery, NewTicket, StatusChange, TriageCorrection
from .http import endpoint
from .observability import count
from .views import history_view, message_view, ticket_view

routes = Blueprint(__name__)


@endpoint(routes, "/tickets", ["POST"], "ticket.create", status=201, body=NewTicket, other_statuses=(200,),
          gives={"ticket_id": "/ticket/id"})
def open_ticket(caller: Caller, body: NewTicket) -> Any:
    """Open a ticket; an `Idempotency-Key` header makes a retry return the same ticket (200)."""
    headers = routes.current_request.headers
    key = headers.get("idempotency-key")
    opened = intake.open_from_api(desk(), body, caller, key)
    if not opened.replayed:
        count("TicketsOpened", channel=str(opened.ticket.channel))
        count("AcknowledgementsSent", 1 if opened.acknowledged else 0)
    # A "where is my order?" after a delay notice joins the proactive ticket: the answer says so.
    return Response(
        body={"ticket": ticket_view(opened.ticket), **({"joined_proactive_ticket": True} if opened.folded else {})},
        status_code=200 if opened.replayed else 201,
        headers={"Content-Type": "application/json", "Location": f"/tickets/{opened.ticket.id}",
                 **({"Idempotent-Replayed": "true"} if opened.replayed else {})},
    )


@endpoint(routes, "/tickets/{ticket_id}", ["GET"], "ticket.read")
def read_ticket(caller: Caller, ticket_id: str) -> Any:
    """The ticket with its messages, audit events, and its order's shipments with their tracking events
    (storefronts see no internal notes)."""
    found = tickets.history(desk(), ticket_id, caller)
    body = history_view(found)
    body["shipments"] = [shipments.view(s) for s in shipments.of_ticket(desk(), found.ticket.order_id,
                                                                        found.ticket.customer_email)]
    return {"ticket": body}


@endpoint(routes, "/tickets/{ticket_id}/messages", ["GET"], "ticket.read", query=MessagesQuery)
def list_messages(caller: Caller, ticket_id: str, query: MessagesQuery) -> Any:
    """Messages whole, newest first, a page at a time (`before` = the previous page's older_cursor)."""
    found = tickets.history(desk(), ticket_id, caller, messages_before=query.before, limit=query.limit,
                            parts=("messages",))
    return {"messages": [message_view(m) for m in found.messages], "older_cursor": found.older_messages}


@endpoint(routes, "/tickets/{ticket_id}/events", ["GET"], "ticket.read", query=EventsQuery)
def list_events(caller: Caller, ticket_id: str, query: EventsQuery) -> Any:
    """The audit trail, newest first, a page at a time."""
    found = tickets.history(desk(), ticket_id, caller, events_before=query.before, limit=query.limit,
                            parts=("events",))
    return {"events": [e.model_dump(mode="json") for e in found.events], "older_cursor": found.older_events}


@endpoint(routes, "/tickets/{ticket_id}/messages", ["POST"], "ticket.follow_up", status=201, body=FollowUp)
def follow_up(caller: Caller, ticket_id: str, body: FollowUp) -> Any:
    """A customer follow-up: reopens a resolved ticket, resumes a pending one."""
    ticket, message = tickets.add_customer_message(desk(), ticket_id, body, caller)
    return {"ticket": ticket_view(ticket), "message": message.model_dump(mode="json")}


@endpoint(routes, "/tickets/{ticket_id}/status", ["POST"], "ticket.status", body=StatusChange)
def change_status(caller: Caller, ticket_id: str, body: StatusChange) -> Any:
    """Move the ticket to open, pending, resolved or closed."""
    return {"ticket": ticket_view(tickets.set_status(desk(), ticket_id, body, caller))}


@endpoint(routes, "/tickets/{ticket_id}/triage", ["POST"], "ticket.triage", body=TriageCorrection)
def correct_triage(caller: Caller, ticket_id: str, body: TriageCorrection) -> Any:
    """Correct priority or category; a new priority recomputes the SLA deadlines."""
    return {"ticket": ticket_view(tickets.correct_triage(desk(), ticket_id, body, caller))}
