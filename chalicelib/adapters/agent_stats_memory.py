"""The `AgentStats` port in memory, held to the same contract as `agent_stats.py` (tests/contract)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping
from datetime import date


class MemoryAgentStats:
    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._days: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)

    def add(self, email: str, day: date, counts: Mapping[str, int]) -> None:
        with self._lock:
            found = self._days[(email.lower(), day.isoformat())]
            for name, value in counts.items():
                if value:
                    found[name] = found.get(name, 0) + int(value)

    def days(self, email: str, first: date, last: date) -> dict[str, dict[str, int]]:
        with self._lock:
            return {day: dict(counts) for (who, day), counts in sorted(self._days.items())
                    if who == email.lower() and first.isoformat() <= day <= last.isoformat() and counts}
