"""KPIs: the stream consumer keeps daily counters; `GET /metrics` reads them back.

The consumer turns each changed ticket, remedy and outbox record into counter deltas
(`domain.kpis.delta`) and adds them with the event's marker in one write, so a batch the stream
delivers again counts once. Reading a period reads the counter items of its days, never a ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..adapters.streams import StreamChange
from ..domain import kpis
from ..errors import BadRequest
from . import patterns
from .context import Desk
from .sla_terms import store_timezone

# Longer than the stream keeps a record (24 hours): a replay always finds the marker.
MARKER_TTL = timedelta(days=2)
MAX_DAYS = 366


@dataclass(frozen=True)
class Consumed:
    records: int
    counted: dict[str, kpis.Contribution]  # what this call added, by event id (replays left out)
    alerts: list[dict[str, Any]]


def consume(desk: Desk, changes: list[StreamChange]) -> Consumed:
    timezone = store_timezone(desk.settings)
    deltas = [(change.event_id, kpis.delta(change.old, change.new, timezone)) for change in changes]
    deltas = [(event_id, found) for event_id, found in deltas if found]
    ttl = int((desk.now() + MARKER_TTL).timestamp())
    counted_ids = set(desk.store.kpis.add(deltas, ttl)) if deltas else set()
    # Detection is idempotent (occurrences are keyed, alerts claimed): it runs on replays too, so a
    # batch that failed after counting still raises its alerts.
    alerts = patterns.detect(desk, changes)
    return Consumed(len(changes), {event_id: found for event_id, found in deltas if event_id in counted_ids}, alerts)


def period(desk: Desk, first: date | None, last: date | None) -> tuple[date, date]:
    """The days asked for; by default the last 30 days, today included (store time)."""
    today = date.fromisoformat(kpis.day_of(desk.now(), store_timezone(desk.settings)))
    last = last or today
    first = first or last - timedelta(days=29)
    if first > last:
        raise BadRequest("`from` must not be after `to`", code="invalid_period")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadRequest(f"ask for at most {MAX_DAYS} days at a time", code="invalid_period")
    return first, last


def figures(desk: Desk, first: date | None, last: date | None, group_by: str | None = None) -> dict[str, Any]:
    first, last = period(desk, first, last)
    days = kpis.days_between(first, last)
    sections = [*kpis.SECTIONS, *([group_by] if group_by in kpis.TICKET_DIMENSIONS else [])]
    counters = desk.store.kpis.read(sections, days[0], days[-1])
    result = kpis.report(counters, days, group_by)
    _add_self_service(desk, days, result, group_by)
    result.update({"from": days[0], "to": days[-1], "timezone": store_timezone(desk.settings)})
    if group_by:
        result["group_by"] = group_by
    return result


def _add_self_service(desk: Desk, days: list[str], result: dict[str, Any], group_by: str | None) -> None:
    """Tickets the customer solved with a suggested article: the knowledge base counts them per
    day (one item a day), beside what `record_deflection` counted here."""
    per_day = desk.store.articles.daily(days)
    served = {day: int(per_day.get(day, {}).get("self_served", 0)) for day in days}
    metrics = result["metrics"]
    metrics["self_service_deflections"] = int(metrics.get("self_service_deflections", 0)) + sum(served.values())
    if group_by in ("day", "week", "month"):
        for group in result.get("groups", []):
            extra = sum(n for day, n in served.items() if kpis.group_key(day, group_by) == group["group"])
            group["self_service_deflections"] = int(group.get("self_service_deflections", 0)) + extra


def csv_lines(result: dict[str, Any]) -> list[list[object]]:
    """The scalar figures as CSV rows: a header, the whole period, then one row per group."""
    rows: list[list[object]] = [list(kpis.CSV_COLUMNS)]
    rows.append(kpis.csv_row(f"{result['from']}..{result['to']}", result["metrics"]))
    for group in result.get("groups", []):
        rows.append(kpis.csv_row(str(group["group"]), group))
    return rows


def record_deflection(desk: Desk, event_id: str, category: str | None = None) -> bool:
    """A customer found their answer in the help centre and opened no ticket (the knowledge base
    calls this); counted once per `event_id`."""
    timezone = store_timezone(desk.settings)
    day = kpis.day_of(desk.now(), timezone)
    counts = {("desk", day): {"deflections": kpis.ONE,
                              **({f"deflections|{category}": kpis.ONE} if category else {})}}
    ttl = int((desk.now() + MARKER_TTL).timestamp())
    return bool(desk.store.kpis.add([(f"deflection:{event_id}", counts)], ttl))
