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
    def principal(self) -> str:
        return f"{self.role}:{self.key_id}"

    def may(self, action: str) -> bool:
        return self.role in PERMISSIONS.get(action, frozenset())


def new_api_key(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return f"rc_{role.split('_')[0][:5]}_{secrets.token_urlsafe(30)}"


def hash_api_key(key: str) -> str:
    # Keys are 240 random bits, so a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(key.encode()).hexdigest()
