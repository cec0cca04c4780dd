"""Agents as people: sign-in against the user pool, tokens checked on every request, and the
admin's changes (create, tier, name, language, deactivate).

The pool holds credentials and groups; the desk's own record (`store.agents`) holds who the agent
is and whether they may work. The authorizer checks both: the token's signature, issuer, client
and expiry against the pool's JWKS, then the record, so a deactivated agent's still-unexpired
token is refused within `_CACHE_SECONDS` everywhere (at once in the container that deactivated)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from ..adapters.ports import AgentAccounts
from ..domain.access import Caller
from ..domain.people import Agent, agent_email
from ..domain.tokens import InvalidToken, key_id, verify
from ..errors import Conflict, Forbidden, NotFound, Unauthorized
from .context import Desk
from .recent import Recent

_log = logging.getLogger(__name__)
_CACHE_SECONDS = 30.0
_recent: Recent[Agent | None] = Recent()


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_in: int
    agent: Agent


def accounts_of(desk: Desk) -> AgentAccounts:
    if desk.accounts is None or not desk.accounts.configured:
        raise Unauthorized("agent sign-in is not set up on this desk; use an API key", code="sign_in_unavailable")
    return desk.accounts


def sign_in(desk: Desk, email: str, password: str) -> SignedIn:
    address = agent_email(email)
    agent = desk.store.agents.get(address)
    accounts = accounts_of(desk)
    token, expires_in = accounts.sign_in(address, password)
    if agent is None:
        raise Unauthorized("wrong email or password", code="sign_in_failed")
    if not agent.active:
        raise Forbidden(f"the account {address} is deactivated; ask an admin", code="agent_deactivated")
    return SignedIn(token, expires_in, agent)


def caller_for(agent: Agent) -> Caller:
    return Caller(role=agent.role, key_id=f"agent:{agent.email}", label=agent.name, email=agent.email,
                  name=agent.name)


def authenticate_token(desk: Desk, token: str) -> Caller | None:
    """The agent a pool token belongs to while it is valid and the agent active; None otherwise."""
    accounts = desk.accounts
    if accounts is None or not accounts.configured:
        return None
    try:
        kid = key_id(token)
        keys = accounts.jwks()
        if not any(k.get("kid") == kid for k in keys.get("keys", [])):
            keys = accounts.jwks(refresh=True)  # the pool may have rotated its keys
        claims = verify(token, keys, issuer=accounts.issuer, audience=accounts.client_id, now=time.time())
    except InvalidToken as why:
        _log.info("agent token refused: %s", why)
        return None
    email = claims.get("email")
    if not isinstance(email, str):
        return None
    agent = _agent(desk, agent_email(email))
    if agent is None or not agent.active:
        return None
    return caller_for(agent)


def _agent(desk: Desk, email: str) -> Agent | None:
    cache_key = f"{desk.settings.table_name}:{email}"
    known, cached = _recent.get(cache_key)
    if known:
        return cached
    return _recent.put(cache_key, desk.store.agents.get(email), _CACHE_SECONDS)


def forget(email: str) -> None:
    _recent.forget(lambda key: key.endswith(f":{email}"))


def create(desk: Desk, email: str, name: str, tier: Any, language: str, password: str | None) -> tuple[Agent, str]:
    """A new agent with an account in the pool; (the agent, the password to hand them)."""
    now = desk.now()
    agent = Agent(email=agent_email(email), name=name.strip(), tier=tier, language=language,
                  created_at=now, updated_at=now)
    accounts = accounts_of(desk)
    if desk.store.agents.get(agent.email) is not None:  # before the pool: never reset a colleague's password
        raise Conflict(f"there is already an agent {agent.email}", code="agent_exists")
    # The account first: a record without one would be an agent who can never sign in, while an
    # account without a record (the save lost a race) signs nobody in and is taken over by a retry.
    chosen = accounts.create(agent.email, agent.name, agent.group, password)
    desk.store.agents.save(agent, None)
    forget(agent.email)
    return agent, chosen


def get(desk: Desk, email: str) -> Agent:
    found = desk.store.agents.get(agent_email(email))
    if found is None:
        raise NotFound(f"there is no agent {email}")
    return found


def everyone(desk: Desk) -> list[Agent]:
    return desk.store.agents.all()


def change_by(desk: Desk, email: str, updates: dict[str, Any], caller: Caller) -> tuple[Agent, Agent]:
    """`change` asked for by someone signed in: nobody deactivates themselves (the API's and the
    console's one check), so a desk never loses its last admin by a slip."""
    if caller.is_person and caller.email == agent_email(email) and updates.get("active") is False:
        raise Forbidden("you cannot deactivate yourself; ask another admin", code="self_deactivation")
    return change(desk, email, updates, caller.principal)


def change(desk: Desk, email: str, updates: dict[str, Any], actor: str = "admin") -> tuple[Agent, Agent]:
    """(before, after). A tier moves the agent's group; `active` false disables the account and
    signs it out everywhere, the agent's tokens stop opening the API, and their tickets go back
    to their queues."""
    current = get(desk, email)
    changed = current.model_copy(update={**updates, "updated_at": desk.now(), "version": current.version + 1})
    Agent.model_validate(changed.model_dump())  # the values an admin sent are checked like a new agent's
    accounts = accounts_of(desk)
    desk.store.agents.save(changed, current.version)
    forget(changed.email)
    if changed.tier != current.tier:
        accounts.set_group(changed.email, changed.group)
    if changed.active != current.active:
        accounts.set_enabled(changed.email, changed.active)
    if current.active and not changed.active:
        from .ownership import release_all  # ownership reads agents: imported where it is needed

        release_all(desk, changed, actor)
    return current, changed
