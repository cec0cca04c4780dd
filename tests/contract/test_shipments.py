"""What `Shipments` promises, on every store: conditional saves, claims with the save, lookups by
tracking number and order, and a due-date index that holds only what is watched."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.adapters.ports import AlreadyExists, Claim
from chalicelib.domain.shipping import Notice, Shipment, TrackingEvent
from chalicelib.errors import Conflict
from tests.contract.records import NOW


def shipment(shipment_id: str, watch_hours: float | None = None, **overrides) -> Shipment:
    values = dict(id=shipment_id, order_id="1001", customer_email="kim@example.org", carrier="DHL",
                  tracking_number=f"JD 0146-{shipment_id}", promised_delivery=NOW, status="in_transit",
                  created_at=NOW, updated_at=NOW,
                  watch_from=NOW + timedelta(hours=watch_hours) if watch_hours is not None else None,
                  events=[TrackingEvent(at=NOW, status="in_transit", carrier_status="InTransit", message="Left hub",
                                        location="Leipzig, DE")])
    values.update(overrides)
    return Shipment(**values)


def test_a_shipment_is_saved_once_then_only_from_the_version_read(store):
    first = shipment("S1")
    store.shipments.save(first, None)
    assert store.shipments.get("S1") == first
    with pytest.raises(AlreadyExists) as taken:
        store.shipments.save(first, None)
    assert taken.value.reasons == ["shipment"]

    second = first.model_copy(update={"version": 2, "status": "delivered"})
    store.shipments.save(second, 1)
    with pytest.raises(Conflict):
        store.shipments.save(first.model_copy(update={"version": 2}), 1)
    assert store.shipments.get("S1").status == "delivered"
    assert store.shipments.get("missing") is None


def test_a_claim_taken_keeps_the_whole_save_from_happening(store):
    claim = Claim("webhook", "shopify:body:abc:0", ttl=int((NOW + timedelta(days=60)).timestamp()))
    store.shipments.save(shipment("S1"), None, [claim])
    changed = shipment("S1", version=2, status="delivered")
    with pytest.raises(AlreadyExists) as taken:
        store.shipments.save(changed, 1, [claim])
    assert taken.value.reasons == [claim.label]
    assert store.shipments.get("S1").version == 1
    assert store.claims.find(claim) is not None


def test_a_shipment_is_found_by_its_tracking_number_however_it_is_written(store):
    store.shipments.save(shipment("S1"), None)
    assert store.shipments.by_tracking("jd0146S1").id == "S1"
    assert store.shipments.by_tracking("JD-0146-S1").id == "S1"
    assert store.shipments.by_tracking("other") is None and store.shipments.by_tracking(" ") is None

    store.shipments.save(shipment("S1", version=2, tracking_number="NEW-1"), 1)
    assert store.shipments.by_tracking("JD 0146-S1") is None  # the number moved: no stale answer
    assert store.shipments.by_tracking("new1").id == "S1"


def test_an_orders_shipments_come_oldest_first(store):
    store.shipments.save(shipment("B", created_at=NOW + timedelta(minutes=1)), None)
    store.shipments.save(shipment("A"), None)
    store.shipments.save(shipment("C", order_id="2002"), None)
    assert [s.id for s in store.shipments.for_order("1001")] == ["A", "B"]
    assert store.shipments.for_order("3003") == []


def test_the_due_index_reads_day_by_day_across_midnight(store):
    for n, hours in enumerate((-50, -26, -2, 3, 30)):
        store.shipments.save(shipment(f"D{n}", watch_hours=hours), None)
    due = store.shipments.due(NOW + timedelta(hours=4), 10, NOW - timedelta(days=3))
    assert [s.id for s in due] == ["D0", "D1", "D2", "D3"]
    assert [s.id for s in store.shipments.due(NOW, 2, NOW - timedelta(days=3))] == ["D0", "D1"]


def test_the_due_index_holds_only_watched_shipments_earliest_first(store):
    store.shipments.save(shipment("LATER", watch_hours=5), None)
    store.shipments.save(shipment("SOON", watch_hours=-5), None)
    store.shipments.save(shipment("EDGE", watch_hours=0), None)
    store.shipments.save(shipment("UNWATCHED"), None)

    since = NOW - timedelta(days=14)
    assert [s.id for s in store.shipments.due(NOW, 10, since)] == ["SOON", "EDGE"]
    assert [s.id for s in store.shipments.due(NOW + timedelta(days=1), 10, since)] == ["SOON", "EDGE", "LATER"]
    assert [s.id for s in store.shipments.due(NOW, 1, since)] == ["SOON"]
    assert [s.id for s in store.shipments.due(NOW, 10, NOW - timedelta(hours=1))] == ["EDGE"]  # looks back so far

    told = shipment("SOON", version=2, watch_from=None,
                    notices=[Notice(stage="late", at=NOW, ticket_id="T-0000000001")])
    store.shipments.save(told, 1)
    assert [s.id for s in store.shipments.due(NOW, 10, since)] == ["EDGE"]
    assert store.shipments.get("SOON").notices == told.notices
