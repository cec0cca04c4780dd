"""Agent actions beyond status: escalate, request and decide remedies, approval queues;
and the SLA sweeper's schedule."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..errors import BadRequest, Forbidden
from ..services import escalation, remedies
from ..services.context import desk
from ..services.schemas import Decision, Escalation, RemedyIn
from ..services.tickets import resolve_id
from .http import endpoint
from .observability import count
from .views import ticket_view

routes = Blueprint(__name__)


@endpoint(routes, "/tickets/{ticket_id}/escalate", ["POST"], "ticket.escalate", body=Escalation)
def escalate(caller: Caller, ticket_id: str, body: Escalation) -> Any:
    """Escalate by hand, with a reason, one tier up or to the tier given."""
    ticket = escalation.escalate(desk(), ticket_id, body, caller)
    count("Escalations", by="hand")
    return {"ticket": ticket_view(ticket)}


@endpoint(routes, "/tickets/{ticket_id}/remedies", ["POST"], "remedy.request", status=201, body=RemedyIn,
          other_statuses=(200, 202), gives={"ticket_id": "/remedy/ticket_id", "remedy_id": "/remedy/id"})
def request_remedy(caller: Caller, ticket_id: str, body: RemedyIn) -> Any:
    """Request a remedy: granted within the agent's authority (201), else held for approval (202)."""
    key = routes.current_request.headers.get("idempotency-key")
    remedy, replayed = remedies.request(desk(), ticket_id, body, caller, key)
    if not replayed:
        count("RemediesRequested", status=remedy.status)
        count("RemediesGranted", 1 if remedy.status == "granted" else 0, type=remedy.type)
    view = remedy.model_dump(mode="json")
    if remedy.status == "refused":
        return Response(body={"error": {"code": "remedy_refused", "message": remedy.refusal, "details": view}},
                        status_code=422, headers={"Content-Type": "application/json"})
    status = 200 if replayed else 202 if remedy.status == "awaiting_approval" else 201
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(body={"remedy": view}, status_code=status, headers=headers)


@endpoint(routes, "/tickets/{ticket_id}/remedies", ["GET"], "ticket.read")
def list_remedies(caller: Caller, ticket_id: str) -> Any:
    """The ticket's remedies (agents only)."""
    if not caller.is_staff:
        raise Forbidden("remedies are visible to agents only", code="wrong_role")
    return {"remedies": [r.model_dump(mode="json") for r in remedies.for_ticket(desk(), resolve_id(ticket_id))]}


@endpoint(routes, "/tickets/{ticket_id}/remedies/{remedy_id}/approve", ["POST"], "remedy.decide",
          body=Decision, body_required=False)
def approve(caller: Caller, ticket_id: str, remedy_id: str, body: Decision) -> Any:
    """Approve a held remedy (the approval tier or higher)."""
    remedy = remedies.decide(desk(), ticket_id, remedy_id, True, caller, body.reason)
    count("RemediesGranted", type=remedy.type)
    return {"remedy": remedy.model_dump(mode="json")}


@endpoint(routes, "/tickets/{ticket_id}/remedies/{remedy_id}/deny", ["POST"], "remedy.decide",
          body=Decision, body_required=False)
def deny(caller: Caller, ticket_id: str, remedy_id: str, body: Decision) -> Any:
    """Deny a held remedy, saying why."""
    if not body.reason:
        raise BadRequest("say why the remedy is denied: {\"reason\": \"...\"}", code="reason_required")
    return {"remedy": remedies.decide(desk(), ticket_id, remedy_id, False, caller, body.reason).model_dump(mode="json")}


@endpoint(routes, "/approvals/{tier}", ["GET"], "remedy.decide")
def approvals(caller: Caller, tier: str) -> Any:
    """Remedies waiting for this tier's approval, most urgent first."""
    if tier not in {"1", "2", "3"}:
        raise BadRequest("tier must be 1, 2 or 3")
    waiting = remedies.approvals_for(desk(), int(tier), caller)
    return {"tier": int(tier), "remedies": [r.model_dump(mode="json") for r in waiting]}
