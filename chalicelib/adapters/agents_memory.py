"""The `Agents` port in memory, held to the same contract as `agents.py` (tests/contract)."""

from __future__ import annotations

import threading

from ..domain.people import Agent
from ..errors import Conflict


class MemoryAgents:
    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._agents: dict[str, Agent] = {}

    def get(self, email: str) -> Agent | None:
        with self._lock:
            found = self._agents.get(email.lower())
            return found.model_copy(deep=True) if found else None

    def all(self) -> list[Agent]:
        with self._lock:
            return [self._agents[k].model_copy(deep=True) for k in sorted(self._agents)]

    def save(self, agent: Agent, expected_version: int | None) -> None:
        with self._lock:
            current = self._agents.get(agent.email.lower())
            if expected_version is None and current is not None:
                raise Conflict(f"there is already an agent {agent.email}", code="agent_exists")
            if expected_version is not None and (current is None or current.version != expected_version):
                raise Conflict(f"agent {agent.email} changed meanwhile; reload and try again",
                               code="version_conflict")
            self._agents[agent.email.lower()] = agent.model_copy(deep=True)
