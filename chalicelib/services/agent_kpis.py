"""KPIs by agent: first responses (and how fast), replies, resolutions, how many of those the
customer reopened, the satisfaction ratings of the cases they resolved, and quality-review scores; counted per agent and day (atomic ADD) in the
agent's own partition, beside the desk-wide figures.

Counting follows a saved change (`after_change`, called by `tickets.apply`) and never fails it:
a count lost to a crash between the two is a rounding error in a KPI, a change lost to a count
would be a defect."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from ..domain.access import Caller
from ..domain.kpis import SATISFIED_FROM
from ..domain.models import AuditEvent, Direction, Message, Status, Ticket
from ..errors import BadRequest, Conflict, DeskError, Forbidden, NotFound
from .context import Desk

log = logging.getLogger(__name__)
RUBRIC = ("accuracy", "empathy", "policy")
_PAGE = 100


def _count(desk: Desk, email: str, **counts: int) -> None:
    try:
        desk.store.agent_stats.add(email, desk.now().date(), counts)
    except DeskError:
        log.warning("agent KPI not counted for %s: %s", email, counts, exc_info=True)


def after_change(desk: Desk, before: Ticket, after: Ticket, messages: list[Message]) -> None:
    """Count what a saved change did for the people involved."""
    for message in messages:
        if message.direction == Direction.OUTBOUND and "@" in message.author:
            first = before.first_response_at is None and after.first_response_at is not None
            seconds = int((after.first_response_at - after.created_at).total_seconds()) \
                if first and after.first_response_at else 0
            _count(desk, message.author, replies=1, first_responses=int(first), first_response_seconds=seconds)
    if after.status == Status.RESOLVED and before.status != Status.RESOLVED and after.resolved_by:
        _count(desk, after.resolved_by, resolutions=1)
    if before.status == Status.RESOLVED and after.status == Status.OPEN and before.resolved_by:
        _count(desk, before.resolved_by, reopens=1)
    _count_csat(desk, before, after)


def _count_csat(desk: Desk, before: Ticket, after: Ticket) -> None:
    """A survey's rating counts for the person who resolved the case it asks about; a rating the
    customer changes (one click in the mail, then the form) is counted once, at its last value."""
    survey, resolver = after.survey, after.resolved_by or before.resolved_by
    if survey is None or survey.csat is None or not resolver or "@" not in resolver:
        return
    earlier = before.survey.csat if before.survey is not None and before.survey.id == survey.id else None
    if earlier == survey.csat:
        return
    _count(desk, resolver, csat_responses=int(earlier is None), csat_sum=survey.csat - (earlier or 0),
           csat_satisfied=int(survey.csat >= SATISFIED_FROM) - int((earlier or 0) >= SATISFIED_FROM))


def score(desk: Desk, raw_id: str, message_id: str, scores: dict[str, int], comment: str,
          caller: Caller) -> AuditEvent:
    """A quality review of one agent's reply (tier 3 and admins), kept in the ticket's audit trail
    and counted for the agent who wrote it."""
    from . import tickets  # tickets calls after_change: imported where needed

    if caller.role not in {"agent_tier3", "admin"}:
        raise Forbidden("quality reviews are for tier 3 agents and admins", code="wrong_role")
    ticket = tickets.load(desk, raw_id)
    reply = _reply(desk, ticket.id, message_id)
    if "@" not in reply.author:
        raise Conflict("this reply was sent with an API key, not by a person: there is nobody to score",
                       code="not_a_person")
    if caller.is_person and reply.author == caller.email:
        raise Forbidden("score someone else's reply, not your own", code="own_reply")
    event = tickets.audit(desk, ticket, caller.principal, "qa.scored",
                          detail={"message_id": reply.id, "agent": reply.author, "scores": scores,
                                  **({"comment": comment} if comment else {})})
    tickets.change(desk, ticket.id, lambda current: tickets.Change(current, [event]))
    _count(desk, reply.author, qa_reviews=1, **{f"qa_{name}": scores[name] for name in RUBRIC})
    return event


def _reply(desk: Desk, ticket_id: str, message_id: str) -> Message:
    before = None
    while True:
        page, before = desk.store.tickets.messages(ticket_id, _PAGE, before)
        for message in page:
            if message.id == message_id:
                if message.direction != Direction.OUTBOUND:
                    raise BadRequest("only replies to the customer are scored", code="not_a_reply")
                return message
        if not before:
            raise NotFound(f"ticket {ticket_id} has no message {message_id}")


def report(desk: Desk, email: str, first: date, last: date) -> dict[str, Any]:
    if last < first:
        raise BadRequest("'from' is after 'to'")
    if last - first > timedelta(days=366):
        raise BadRequest("ask for a year at most")
    days = desk.store.agent_stats.days(email, first, last)
    total: dict[str, int] = {}
    for counts in days.values():
        for name, value in counts.items():
            total[name] = total.get(name, 0) + value
    firsts, resolutions, reviews = total.get("first_responses", 0), total.get("resolutions", 0), \
        total.get("qa_reviews", 0)
    qa = {name: round(total.get(f"qa_{name}", 0) / reviews, 2) if reviews else None for name in RUBRIC}
    return {
        "agent": email, "from": first.isoformat(), "to": last.isoformat(),
        "replies": total.get("replies", 0),
        "first_responses": firsts,
        "first_response_minutes_avg": round(total.get("first_response_seconds", 0) / firsts / 60, 1) if firsts else None,
        "resolutions": resolutions,
        "reopened": total.get("reopens", 0),
        "reopen_rate": round(total.get("reopens", 0) / resolutions, 3) if resolutions else None,
        "qa": {"reviews": reviews, **qa,
               "overall": round(sum(v for v in qa.values() if v is not None) / len(RUBRIC), 2) if reviews else None},
        "csat": _csat(total),
        "by_day": days,
    }


def _csat(total: dict[str, int]) -> dict[str, Any] | None:
    responses = total.get("csat_responses", 0)
    if not responses:
        return None
    return {"responses": responses, "average": round(total.get("csat_sum", 0) / responses, 2),
            "satisfied_share": round(total.get("csat_satisfied", 0) / responses, 3)}
