"""Quality review of replies, and KPIs by agent."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from ..domain.access import Caller
from ..errors import Forbidden
from ..services import agent_kpis, agents
from ..services.action_schemas import KpiQuery, QaReview
from ..services.context import desk
from .http import endpoint

routes = Blueprint(__name__)


@endpoint(routes, "/tickets/{ticket_id}/qa", ["POST"], "qa.score", status=201, body=QaReview)
def score_reply(caller: Caller, ticket_id: str, body: QaReview) -> Any:
    """Score an agent's reply on accuracy, empathy and policy (1-5) with a comment (tier 3, admins)."""
    scores = {"accuracy": body.accuracy, "empathy": body.empathy, "policy": body.policy}
    event = agent_kpis.score(desk(), ticket_id, body.message_id, scores, body.comment, caller)
    return {"review": event.model_dump(mode="json")}


@endpoint(routes, "/metrics/agents", ["GET"], "agent.manage", query=KpiQuery)
def every_agents_kpis(caller: Caller, query: KpiQuery) -> Any:
    """KPIs of every agent over the days asked (admins)."""
    current = desk()
    return {"agents": [agent_kpis.report(current, a.email, query.from_, query.to) | {"name": a.name, "tier": a.tier}
                       for a in agents.everyone(current)]}


@endpoint(routes, "/metrics/agents/{agent_email}", ["GET"], "agent.kpis", query=KpiQuery)
def agent_kpi(caller: Caller, agent_email: str, query: KpiQuery) -> Any:
    """One agent's KPIs over the days asked: their own, or anyone's for an admin."""
    email = unquote(agent_email).lower()
    if caller.role != "admin" and caller.email != email:
        raise Forbidden("agents read their own KPIs; admins read everyone's", code="wrong_role")
    agent = agents.get(desk(), email)
    return {"kpis": agent_kpis.report(desk(), agent.email, query.from_, query.to)}
