"""Agent records on DynamoDB: the `Agents` port.

All agents share one small partition (`AGENTS`, one item per agent, sorted by address): the
directory is read whole by admins and one item at a time by the authorizer, which caches it, and
written only when an admin changes someone. A support team is tens to hundreds of people, far
below what one partition serves."""

from __future__ import annotations

from typing import Any

from ..domain.clock import iso
from ..domain.people import Agent
from ..errors import Conflict
from .ports import AlreadyExists
from .repository import Table

AGENTS_PK = "AGENTS"
AGENT_PREFIX = "AGENT#"


def agent_sk(email: str) -> str:
    return f"{AGENT_PREFIX}{email.lower()}"


def agent_item(agent: Agent) -> dict[str, Any]:
    item: dict[str, Any] = agent.model_dump(mode="json")
    item.update(PK=AGENTS_PK, SK=agent_sk(agent.email), type="agent",
                created_at=iso(agent.created_at), updated_at=iso(agent.updated_at))
    return item


def agent_from_item(item: dict[str, Any]) -> Agent:
    tier = item.get("tier")
    values = {k: v for k, v in item.items() if k not in {"PK", "SK", "type"}}
    values["tier"] = tier if tier == "admin" else int(str(tier))
    values["version"] = int(item.get("version", 1))
    return Agent.model_validate(values)


class DynamoAgents:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, email: str) -> Agent | None:
        item = self.table.get_item(AGENTS_PK, agent_sk(email))
        return agent_from_item(item) if item else None

    def all(self) -> list[Agent]:
        return [agent_from_item(i) for i in self.table.partition_prefix(AGENTS_PK, AGENT_PREFIX)]

    def save(self, agent: Agent, expected_version: int | None) -> None:
        """A new agent (`expected_version` None: refused when the address is taken) or a change to
        the version read."""
        item = agent_item(agent)
        action = self.table.put_new(item) if expected_version is None else \
            self.table.put_if(item, "version", expected_version)
        try:
            self.table.transact([action], ["agent"])
        except AlreadyExists as error:
            if expected_version is None:
                raise Conflict(f"there is already an agent {agent.email}", code="agent_exists") from error
            raise Conflict(f"agent {agent.email} changed meanwhile; reload and try again",
                           code="version_conflict") from error
