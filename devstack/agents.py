"""The local stack's agents: a few sample people, their accounts in the emulator's user pool, and
their sign-in details in `.local/agents.json` (a list of {"email", "password", "name", "tier"}).

The emulator's pool starts empty on every run while the table's agents are restored, so every
agent on record gets their account again, with the password agents.json remembers (or a new one,
written there)."""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SAMPLE_AGENTS: list[dict[str, Any]] = [
    {"email": "ana.frontline@example.com", "name": "Ana Frontline", "tier": 1, "language": "en"},
    {"email": "sam.senior@example.com", "name": "Sam Senior", "tier": 2, "language": "en"},
    {"email": "rosa.resolution@example.com", "name": "Rosa Resolution", "tier": 3, "language": "es"},
    {"email": "alex.admin@example.com", "name": "Alex Admin", "tier": "admin", "language": "en"},
]


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        listed = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(listed, list):
        return {}
    return {str(a["email"]).lower(): a for a in listed if isinstance(a, dict) and a.get("email")}


def new_password() -> str:
    return f"Local-{secrets.token_urlsafe(12)}-1a"


def keep_or_make_agents(path: Path) -> list[dict[str, Any]]:
    """Every agent on record (the samples on a first run) with an account in the pool; written to `path`."""
    from chalicelib.domain.people import Agent
    from chalicelib.services import agents
    from chalicelib.services.context import desk

    current = desk()
    remembered = _read(path)
    on_record = {a.email: a for a in current.store.agents.all()}
    if not on_record:
        for sample in SAMPLE_AGENTS:
            password = remembered.get(sample["email"], {}).get("password") or new_password()
            agent, _ = agents.create(current, sample["email"], sample["name"], sample["tier"], sample["language"],
                                     password)
            remembered[agent.email] = {**sample, "password": password}
        on_record = {a.email: a for a in current.store.agents.all()}
    else:
        accounts = agents.accounts_of(current)
        for agent in on_record.values():
            password = remembered.get(agent.email, {}).get("password") or new_password()
            accounts.create(agent.email, agent.name, agent.group, password)
            if not agent.active:
                accounts.set_enabled(agent.email, False)
            remembered[agent.email] = {"password": password}
    listed = [_entry(agent, remembered[email]["password"]) for email, agent in sorted(on_record.items())
              if isinstance(agent, Agent)]
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(listed, indent=2) + "\n")
    partial.replace(path)
    return listed


def _entry(agent: Any, password: str) -> dict[str, Any]:
    return {"email": agent.email, "password": password, "name": agent.name, "tier": agent.tier,
            "language": agent.language, "active": agent.active}
