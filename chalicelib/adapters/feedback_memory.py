"""The feedback loop's part of the store in memory (`MemoryStore.kpis`, `.patterns`): the same
promises as `feedback.py` on DynamoDB, held by the same contract tests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..domain.kpis import Contribution
from .keys import stored_time
from .ports import AlreadyExists, Claim, CounterDays, Occurrence

if TYPE_CHECKING:
    from .memory import MemoryStore


class MemoryKpis:
    def __init__(self, store: MemoryStore) -> None:
        self.db = store
        self.counters: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        self.markers: dict[str, int] = {}

    def add(self, events: Sequence[tuple[str, Contribution]], marker_ttl: int) -> list[str]:
        counted = []
        with self.db.lock:
            now = self.db.epoch()
            for event_id, contribution in events:
                held = self.markers.get(event_id)
                if held is not None and held >= now:
                    continue  # a replay: counted already
                self.markers[event_id] = marker_ttl
                for key, values in contribution.items():
                    for name, amount in values.items():
                        self.counters[key][name] += amount
                counted.append(event_id)
        return counted

    def read(self, sections: Sequence[str], first_day: str, last_day: str) -> CounterDays:
        with self.db.lock:
            found: CounterDays = {section: {} for section in sections}
            for (section, day), values in self.counters.items():
                if section in found and first_day <= day <= last_day:
                    found[section][day] = dict(values)
            return found


class MemoryPatterns:
    def __init__(self, store: MemoryStore, take: Callable[[Claim, Sequence[Any]], None]) -> None:
        self.db = store
        self._take = take
        self.occurrences: dict[str, dict[str, Occurrence]] = defaultdict(dict)

    def note(self, occurrences: Sequence[Occurrence]) -> None:
        with self.db.lock:
            for occurrence in occurrences:
                sort_key = f"{stored_time(occurrence.at)}#{occurrence.ticket_id}"
                self.occurrences[occurrence.subject][sort_key] = occurrence

    def _since(self, subject: str, since: datetime) -> list[Occurrence]:
        floor = stored_time(since)
        with self.db.lock:
            found = self.occurrences.get(subject, {})
            return [found[k] for k in sorted(found, reverse=True) if k >= floor]

    def recent(self, subject: str, since: datetime, limit: int) -> list[Occurrence]:
        return self._since(subject, since)[:limit]

    def count_since(self, subject: str, since: datetime) -> int:
        return len(self._since(subject, since))

    def alert(self, claim: Claim, outbox: Sequence[Any]) -> bool:
        try:
            self._take(claim, outbox)
        except AlreadyExists:
            return False
        return True
