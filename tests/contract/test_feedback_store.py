"""What `KpiCounters` and `Patterns` promise, on every store: each event's counts are added once
whatever the replays, periods read back by day and section, occurrences listed newest first,
an alert raised once per claim together with its promised work."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal

from chalicelib.adapters.ports import Claim, Occurrence
from tests.contract.records import NOW, opening, work

TTL = int(time.time()) + 2 * 86400


def _counts(day: str, **counters: int | str) -> dict[tuple[str, str], dict[str, Decimal]]:
    return {("all", day): {name: Decimal(str(value)) for name, value in counters.items()}}


def test_each_event_is_counted_once_however_often_it_comes(store):
    events = [("e1", _counts("2026-11-24", opened=1)), ("e2", _counts("2026-11-24", opened=1, res_n=1)),
              ("e3", _counts("2026-11-25", opened=1))]
    assert store.kpis.add(events, TTL) == ["e1", "e2", "e3"]
    assert store.kpis.add(events, TTL) == []
    assert store.kpis.add([events[1], ("e4", _counts("2026-11-25", opened=-1))], TTL) == ["e4"]

    found = store.kpis.read(["all", "category"], "2026-11-24", "2026-11-25")
    assert found["all"]["2026-11-24"] == {"opened": 2, "res_n": 1}
    assert found["all"]["2026-11-25"] == {"opened": 0}
    assert found["category"] == {}


def test_a_period_reads_only_its_days(store):
    store.kpis.add([(f"d{n}", _counts(f"2026-11-{n:02d}", opened=n)) for n in range(1, 31)], TTL)
    found = store.kpis.read(["all"], "2026-11-10", "2026-11-12")["all"]
    assert sorted(found) == ["2026-11-10", "2026-11-11", "2026-11-12"]
    assert found["2026-11-11"] == {"opened": 11}


def test_money_stays_exact_and_many_counters_fit(store):
    events = [(f"money-{n}", {("remedy", "2026-11-24"): {f"cost|type|t{n}-{k}|EUR": Decimal("19.99")
                                                         for k in range(100)} | {"cost|total|all|EUR": Decimal("19.99")}})
              for n in range(4)]
    assert len(store.kpis.add(events, TTL)) == 4
    found = store.kpis.read(["remedy"], "2026-11-24", "2026-11-24")["remedy"]["2026-11-24"]
    assert len(found) == 401 and found["cost|total|all|EUR"] == Decimal("79.96")
    assert found["cost|type|t3-99|EUR"] == Decimal("19.99")


def test_concurrent_deliveries_of_the_same_events_count_once(store):
    events = [(f"c{n}", _counts("2026-11-24", opened=1)) for n in range(30)]
    threads = [threading.Thread(target=store.kpis.add, args=(events, TTL)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.kpis.read(["all"], "2026-11-24", "2026-11-24")["all"]["2026-11-24"] == {"opened": 30}


def _occurrence(n: int, subject: str = "sku:KT-1") -> Occurrence:
    return Occurrence(subject=subject, ticket_id=f"T-0ABCDE{n:04d}", at=NOW + timedelta(hours=n),
                      customer=f"c{n}@example.org", words=f"broken {n}", expires_at=TTL)


def test_occurrences_come_back_newest_first_and_noting_twice_changes_nothing(store):
    store.patterns.note([_occurrence(n) for n in range(5)] + [_occurrence(1, "sku:OTHER")])
    store.patterns.note([_occurrence(3)])
    since = NOW + timedelta(hours=1)
    assert store.patterns.count_since("sku:KT-1", since) == 4
    found = store.patterns.recent("sku:KT-1", since, 3)
    assert [o.ticket_id for o in found] == ["T-0ABCDE0004", "T-0ABCDE0003", "T-0ABCDE0002"]
    assert found[0] == _occurrence(4)
    assert store.patterns.recent("sku:NONE", NOW, 10) == []


def test_an_alert_is_raised_once_with_its_work(store):
    made = opening()
    store.tickets.create(*made.parts())
    claim = Claim("pattern_alert", "sku:KT-1", {"ticket_id": made.ticket.id}, ttl=TTL)
    first = work(made.ticket)
    assert store.patterns.alert(claim, [first]) is True
    assert store.patterns.alert(claim, [work(made.ticket)]) is False
    assert [w.id for w in store.outbox.of_ticket(made.ticket.id)] == [first.id]
    assert store.claims.find(claim) == {"ticket_id": made.ticket.id}
