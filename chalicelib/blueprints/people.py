"""Agents as people: sign in, who am I, and the admin's directory of agents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from ..domain.access import Caller
from ..domain.clock import iso
from ..domain.people import view
from ..services import agents
from ..services.agent_schemas import AgentChange, NewAgent, SignIn
from ..services.context import desk
from .http import endpoint, public_endpoint

routes = Blueprint(__name__)


@public_endpoint(routes, "/auth/sign-in", ["POST"], body=SignIn)
def sign_in(body: SignIn) -> Any:
    """Sign an agent in: a token to send as `Authorization: Bearer <token>`, and when it expires.
    Public: it is how an agent gets a token (the user pool checks the password and throttles)."""
    current = desk()
    signed = agents.sign_in(current, body.email, body.password)
    expires_at = current.now() + timedelta(seconds=signed.expires_in)
    return {"token": signed.token, "expires_at": iso(expires_at), "agent": view(signed.agent)}


@endpoint(routes, "/me", ["GET"], "agent.me")
def who_am_i(caller: Caller) -> Any:
    """The signed-in agent (or, for an API key, its role)."""
    if not caller.is_person:
        return {"agent": None, "role": caller.role, "key_id": caller.key_id}
    return {"agent": view(agents.get(desk(), caller.email)), "role": caller.role}


@endpoint(routes, "/admin/agents", ["GET"], "agent.manage")
def list_agents(caller: Caller) -> Any:
    """Every agent, active or not, by address."""
    return {"agents": [view(a) for a in agents.everyone(desk())]}


@endpoint(routes, "/admin/agents", ["POST"], "agent.manage", status=201, body=NewAgent,
          gives={"agent_email": "/agent/email"})
def create_agent(caller: Caller, body: NewAgent) -> Any:
    """Add an agent: a record here and an account in the user pool, in the tier's group. Without a
    password one is generated and shown once."""
    agent, password = agents.create(desk(), body.email, body.name, body.tier, body.language, body.password)
    answer: dict[str, Any] = {"agent": view(agent)}
    if body.password is None:
        answer["password"] = password
        answer["note"] = "hand this password to the agent now: it is not shown again"
    return answer


@endpoint(routes, "/admin/agents/{agent_email}", ["GET"], "agent.manage")
def get_agent(caller: Caller, agent_email: str) -> Any:
    """One agent."""
    return {"agent": view(agents.get(desk(), unquote(agent_email)))}


@endpoint(routes, "/admin/agents/{agent_email}", ["PATCH"], "agent.manage", body=AgentChange)
def change_agent(caller: Caller, agent_email: str, body: AgentChange) -> Any:
    """Change an agent's name, tier or language, or deactivate (`"active": false`) or reactivate
    them. A deactivated agent cannot sign in and their tokens stop working."""
    _, changed = agents.change_by(desk(), unquote(agent_email), body.model_dump(exclude_none=True), caller)
    return {"agent": view(changed)}
