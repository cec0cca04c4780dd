"""Who may do what. API keys carry one role; agents also carry their tier."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

# The one list of roles: API keys, the API's schemas and the local stack's keys use it.
ROLES = ("storefront", "agent_tier1", "agent_tier2", "agent_tier3", "admin")
AGENT_ROLES = ("agent_tier1", "agent_tier2", "agent_tier3")

# What the API's schemas accept (see `models.CategoryName`); plain str to type checkers.
if TYPE_CHECKING:
    RoleName: TypeAlias = str
else:
    RoleName = Literal[ROLES]
_EVERYONE = frozenset(ROLES)
_STAFF = frozenset((*AGENT_ROLES, "admin"))

PERMISSIONS: dict[str, frozenset[str]] = {
    "ticket.create": _EVERYONE,
    "ticket.read": _EVERYONE,
    "ticket.follow_up": _EVERYONE,  # agents log phone calls on the customer's behalf
    "customer.tickets": _EVERYONE,
    "queue.read": _STAFF,
    "ticket.status": _STAFF,
    "ticket.triage": _STAFF,
    "ticket.reply": _STAFF,
    "ticket.note": _STAFF,
    "ticket.escalate": _STAFF,
    "remedy.request": _STAFF,
    "remedy.decide": _STAFF,
    "quarantine.read": _STAFF,
    "quarantine.release": _STAFF,
    "apikey.manage": frozenset({"admin"}),
    "agent.manage": frozenset({"admin"}),  # create agents, change their tier, deactivate them
    "agent.me": _STAFF,
    "ticket.assign": _STAFF,
    "ticket.attachments": _STAFF,  # download what customers sent (short-lived links)
    "ticket.tag": _STAFF,
    "ticket.merge": _STAFF,
    "ticket.status_link": _STAFF,  # revoke the customer's status-page links
    "macro.use": _STAFF,
    "macro.manage": frozenset({"admin"}),
    "quarantine.discard": _STAFF,
    "qa.score": frozenset({"agent_tier3", "admin"}),  # quality review of another agent's reply
    "agent.kpis": _STAFF,  # an agent reads their own; admins everyone's  # take a ticket, hand it to someone, put it back in its queue
    "kb.manage": frozenset({"admin"}),  # write, publish and retire articles; read drafts and stats
    "kb.suggest": _STAFF,  # articles to paste into a reply
    "shipment.write": frozenset({"storefront", "admin"}),
    "shipment.read": _EVERYONE,
    "metrics.read": frozenset({"admin", "agent_tier3"}),  # KPIs: operators and the resolution center
}


@dataclass(frozen=True)
class Caller:
    role: str
    key_id: str
    label: str = ""
    email: str = ""  # set when a person signed in (not an API key): who acts
    name: str = ""

    @property
    def tier(self) -> int:
        """The agent's tier; admins act with the highest authority, storefronts with none."""
        if self.role == "admin":
            return 3
        if self.role in AGENT_ROLES:
            return int(self.role[-1])
        return 0

    @property
    def is_staff(self) -> bool:
        return self.role in _STAFF

    @property
    def is_person(self) -> bool:
        return bool(self.email)

    @property
    def principal(self) -> str:
        """Who the audit trail, notes and replies name: the agent's address, or the key's role and id."""
        return self.email if self.email else f"{self.role}:{self.key_id}"

    def may(self, action: str) -> bool:
        return self.role in PERMISSIONS.get(action, frozenset())


def new_api_key(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return f"rc_{role.split('_')[0][:5]}_{secrets.token_urlsafe(30)}"


def hash_api_key(key: str) -> str:
    # Keys are 240 random bits, so a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(key.encode()).hexdigest()
