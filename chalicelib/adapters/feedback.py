"""The feedback loop's part of the store on DynamoDB: daily KPI counters (atomic `ADD`, each stream
event counted once) and recurring-problem occurrences and alerts. Layout in `keys.py`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..domain.clock import parse_iso
from ..domain.kpis import Contribution, combine
from .dynamo import deserialize_item, serialize_value
from .keys import kpi_key, kpi_marker_key, occurrence_key, occurrence_pk, stored_time
from .ports import AlreadyExists, Claim, CounterDays, Occurrence
from .repository import Table

# A transaction holds at most 100 actions (each event's marker, and one update per counter item,
# which it may touch only once) and an update expression at most 4 KB: a batch is written in as
# many transactions as it takes. One ticket adds some 25 counters to an item.
_MAX_ACTIONS = 100
_MAX_EVENTS_PER_WRITE = 25
_MAX_COUNTERS_PER_UPDATE = 150  # keeps an update expression well under DynamoDB's 4 KB


def _marker(table: Table, event_id: str, expires_at: int, now: int) -> dict[str, Any]:
    pk, sk = kpi_marker_key(event_id)
    action = table.put({"PK": pk, "SK": sk, "type": "kpi_marker", "expires_at": expires_at})
    # A marker past its TTL may linger until DynamoDB deletes it: it no longer counts as taken.
    action["Put"]["ConditionExpression"] = "attribute_not_exists(PK) OR expires_at < :now"
    action["Put"]["ExpressionAttributeValues"] = {":now": serialize_value(now)}
    return action


def _add(table: Table, section: str, day: str, counters: dict[str, Decimal]) -> dict[str, Any]:
    """One update of a counter item (a transaction may touch an item only once)."""
    pk, sk = kpi_key(section, day)
    names = sorted(counters)
    if len(names) > _MAX_COUNTERS_PER_UPDATE:
        raise ValueError(f"{len(names)} counters for one item in one event; at most {_MAX_COUNTERS_PER_UPDATE}")
    return {"Update": {
        "TableName": table.table_name,
        "Key": {"PK": {"S": pk}, "SK": {"S": sk}},
        "UpdateExpression": "SET #type = :type ADD " + ", ".join(f"#c{i} :v{i}" for i in range(len(names))),
        "ExpressionAttributeNames": {"#type": "type", **{f"#c{i}": name for i, name in enumerate(names)}},
        "ExpressionAttributeValues": {":type": {"S": "kpi"},
                                      **{f":v{i}": serialize_value(counters[n]) for i, n in enumerate(names)}},
    }}


class DynamoKpis:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, events: Sequence[tuple[str, Contribution]], marker_ttl: int) -> list[str]:
        counted: list[str] = []
        batch: list[tuple[str, Contribution]] = []
        for event in events:
            if batch and not self._fits([*batch, event]):
                counted += self._write(batch, marker_ttl)
                batch = []
            batch.append(event)
        if batch:
            counted += self._write(batch, marker_ttl)
        return counted

    def _fits(self, batch: list[tuple[str, Contribution]]) -> bool:
        if len(batch) > _MAX_EVENTS_PER_WRITE:
            return False
        total = combine(c for _, c in batch)
        if any(len(counters) > _MAX_COUNTERS_PER_UPDATE for counters in total.values()):
            return False
        return len(batch) + len(total) <= _MAX_ACTIONS

    def _write(self, batch: list[tuple[str, Contribution]], marker_ttl: int) -> list[str]:
        """One transaction: the markers and the summed counts. Events found counted already (a
        replay) are dropped and the rest written again."""
        remaining = list(batch)
        while remaining:
            now = int(time.time())
            total = combine(c for _, c in remaining)
            actions = [_marker(self.table, event_id, marker_ttl, now) for event_id, _ in remaining]
            labels = [event_id for event_id, _ in remaining]
            for (section, day), counters in sorted(total.items()):
                actions.append(_add(self.table, section, day, counters))
                labels.append("counter")
            try:
                self.table.transact(actions, labels)
            except AlreadyExists as taken:
                remaining = [(event_id, c) for event_id, c in remaining if event_id not in taken.reasons]
                continue
            return [event_id for event_id, _ in remaining]
        return []

    def read(self, sections: Sequence[str], first_day: str, last_day: str) -> CounterDays:
        found: CounterDays = {}
        for section in sections:
            pk, _ = kpi_key(section, first_day)
            items = self.table.query_all(
                KeyConditionExpression="PK = :pk AND SK BETWEEN :first AND :last",
                ExpressionAttributeValues={":pk": {"S": pk}, ":first": {"S": first_day}, ":last": {"S": last_day}},
            )
            found[section] = {str(item["SK"]): {name: Decimal(str(value)) for name, value in item.items()
                                                if name not in ("PK", "SK", "type")}
                              for item in items}
        return found


def _occurrence_item(occurrence: Occurrence) -> dict[str, Any]:
    pk, sk = occurrence_key(occurrence.subject, occurrence.at, occurrence.ticket_id)
    return {"PK": pk, "SK": sk, "type": "occurrence", "subject": occurrence.subject,
            "ticket_id": occurrence.ticket_id, "at": stored_time(occurrence.at), "customer": occurrence.customer,
            "words": occurrence.words, "expires_at": occurrence.expires_at}


def _occurrence(item: dict[str, Any]) -> Occurrence:
    return Occurrence(subject=str(item["subject"]), ticket_id=str(item["ticket_id"]), at=parse_iso(str(item["at"])),
                      customer=str(item.get("customer", "")), words=str(item.get("words", "")),
                      expires_at=int(item.get("expires_at", 0)))


class DynamoPatterns:
    def __init__(self, table: Table) -> None:
        self.table = table

    def note(self, occurrences: Sequence[Occurrence]) -> None:
        for occurrence in occurrences:  # each is its own idempotent put
            self.table.put_item(_occurrence_item(occurrence))

    def _query(self, subject: str, since: datetime, limit: int | None, count: bool) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "PK = :pk AND SK >= :since",
            "ExpressionAttributeValues": {":pk": {"S": occurrence_pk(subject)}, ":since": {"S": stored_time(since)}},
            "ScanIndexForward": False, "ConsistentRead": True,
        }
        if count:
            kwargs["Select"] = "COUNT"
        if limit:
            kwargs["Limit"] = limit
        return kwargs

    def recent(self, subject: str, since: datetime, limit: int) -> list[Occurrence]:
        response = self.table.query(**self._query(subject, since, limit, count=False))
        return [_occurrence(deserialize_item(item)) for item in response["Items"]]

    def count_since(self, subject: str, since: datetime) -> int:
        kwargs = self._query(subject, since, None, count=True)
        total = 0
        while True:
            response = self.table.query(**kwargs)
            total += int(response.get("Count", 0))
            if "LastEvaluatedKey" not in response:
                return total
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def alert(self, claim: Claim, outbox: Sequence[Any]) -> bool:
        try:
            self.table.write_together((), (claim,), outbox)
        except AlreadyExists:
            return False
        return True
