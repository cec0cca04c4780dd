"""Agents are people: name, email, tier (1-3) or admin, language, and whether they may sign in."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AgentTier = Literal[1, 2, 3, "admin"]
# The user pool's groups: one per tier, so the pool itself says who is what (and the console shows it).
GROUPS: dict[int | str, str] = {1: "tier1", 2: "tier2", 3: "tier3", "admin": "admin"}


class Agent(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: str
    name: str
    tier: AgentTier
    language: str = "en"
    active: bool = True
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def role(self) -> str:
        """The role the agent acts with: the same permissions as that role's API keys."""
        return "admin" if self.tier == "admin" else f"agent_tier{self.tier}"

    @property
    def group(self) -> str:
        return GROUPS[self.tier]


def agent_email(raw: str) -> str:
    """Addresses name agents case-insensitively: `Ana@Store.example` is `ana@store.example`."""
    return raw.strip().lower()


class AgentView(BaseModel):
    email: str
    name: str
    tier: AgentTier
    language: str
    active: bool = Field(default=True)


def view(agent: Agent) -> dict[str, object]:
    return AgentView.model_validate(agent.model_dump()).model_dump(mode="json")
