"""The pure shipment rules: statuses, when a delay is owed, where a shipment sits in the index,
how updates merge, and order numbers as customers write them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.domain.order_refs import order_ids_in
from chalicelib.domain.shipment_updates import ShipmentUpdate, apply_update, changed
from chalicelib.domain.shipping import (
    DelayPolicy,
    Notice,
    Shipment,
    TrackingEvent,
    due_stage,
    newest_status,
    next_watch,
    promised_moment,
    read_status,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
POLICY = DelayPolicy()


def parcel(**values) -> Shipment:
    base = dict(id="S", customer_email="kim@example.org", promised_delivery=NOW - timedelta(days=2),
                status="in_transit", created_at=NOW, updated_at=NOW, tracking_number="JJD1")
    base.update(values)
    return Shipment(**base)


@pytest.mark.parametrize(("word", "status", "exception", "known"), [
    ("In Transit", "in_transit", None, True), ("shipped", "in_transit", None, True),
    ("LOST", "exception", "lost", True), ("return-to-sender", "exception", "returned_to_sender", True),
    ("attempted_delivery", "exception", "failed_attempt", True), ("failure", "exception", "delivery_problem", True),
    ("delivered", "delivered", None, True), ("teleported", "unknown", None, False),
])
def test_status_words_are_normalised(word, status, exception, known):
    reading = read_status(word)
    assert (reading.status, reading.exception, reading.known) == (status, exception, known)


def test_a_delay_is_owed_after_the_grace_then_again_n_days_on():
    assert due_stage(parcel(promised_delivery=NOW - timedelta(hours=23)), NOW, POLICY) is None
    assert due_stage(parcel(), NOW, POLICY) == "late"
    told = [Notice(stage="late", at=NOW, ticket_id="T-1")]
    assert due_stage(parcel(notices=told), NOW, POLICY) is None
    assert due_stage(parcel(notices=told), NOW + timedelta(days=2), POLICY) == "still_late"
    assert due_stage(parcel(status="exception", exception="lost"), NOW, POLICY) == "exception"
    after_exception = [*told, Notice(stage="exception", at=NOW, ticket_id="T-1")]
    assert due_stage(parcel(notices=after_exception), NOW + timedelta(days=9), POLICY) is None
    for quiet in (parcel(status="delivered"), parcel(status="cancelled"), parcel(customer_email=None),
                  parcel(promised_delivery=None)):
        assert due_stage(quiet, NOW, POLICY) is None


def test_the_index_position_counts_from_the_next_notice_and_never_lies_far_back():
    on_time = parcel(promised_delivery=NOW + timedelta(days=2))
    assert next_watch(on_time, POLICY, NOW) == NOW + timedelta(days=2)
    assert next_watch(parcel(promised_delivery=NOW - timedelta(days=90)), POLICY, NOW) == NOW - POLICY.grace
    told = [Notice(stage="late", at=NOW, ticket_id="T-1")]
    assert next_watch(parcel(promised_delivery=NOW, notices=told), POLICY, NOW) == NOW + POLICY.still_late_after
    assert next_watch(parcel(status="delivered"), POLICY, NOW) is None
    assert next_watch(parcel(status="exception"), POLICY, NOW) == NOW - POLICY.grace


def test_a_later_report_wins_and_without_times_a_parcel_only_moves_forward():
    earlier, later = NOW - timedelta(hours=1), NOW
    assert newest_status("delivered", "in_transit", earlier, later)
    assert not newest_status("in_transit", "pre_transit", later, earlier)
    assert not newest_status("delivered", "in_transit", None, None)
    assert newest_status("exception", "in_transit", None, None)


def test_updates_merge_events_once_and_keep_unknown_words_flagged():
    event = TrackingEvent(at=NOW, status="in_transit", carrier_status="IT", message="On the way")
    update = ShipmentUpdate(source="easypost", tracking_number="JJD1", raw_status="teleported",
                            reading=read_status("teleported"), events=(event, event))
    first = apply_update(None, update, "trk-JJD1", NOW, POLICY)
    assert first.status == "unknown" and first.flags[0] == "unknown_status:teleported" and len(first.events) == 1
    assert first.promised_delivery == NOW + POLICY.default_transit and "promise_assumed" in first.flags
    again = apply_update(first, update, "trk-JJD1", NOW, POLICY)
    assert not changed(first, again)
    untracked = apply_update(None, ShipmentUpdate(source="woocommerce", reading=read_status("shipped")), "w", NOW,
                             POLICY)
    assert untracked.promised_delivery is None  # nobody would tell us it arrived: never "late"


def test_promised_dates_mean_the_end_of_that_day():
    assert promised_moment("2026-12-01") == datetime(2026, 12, 1, 23, 59, 59, tzinfo=UTC)
    assert promised_moment(date(2026, 12, 1)) == promised_moment("2026-12-01")
    assert promised_moment("2026-12-01T10:00:00+01:00") == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_the_delay_policy_reads_its_configuration_and_says_what_is_wrong():
    policy = DelayPolicy.from_config({"grace_hours": 2, "remedies": {"late": None, "still_late": {
        "type": "discount", "percent": 15}}})
    assert policy.grace == timedelta(hours=2) and policy.remedy_for("late", None) == {}
    assert policy.remedy_for("still_late", None) == {"type": "discount", "percent": "15"}
    assert policy.remedy_for("exception", "failed_attempt")["type"] == "discount"
    with pytest.raises(ValueError, match="remedies map a stage"):
        DelayPolicy.from_config({"remedies": {"late": {"percent": 5}}})


@pytest.mark.parametrize(("text", "found"), [
    ("Where is my order #1001?", ["1001"]), ("Bestellung Nr. 55-12 fehlt", ["55-12"]),
    ("commande n° A7781 pas reçue", ["A7781"]), ("pedido 4411 y order number: 4412", ["4411", "4412"]),
    ("my order has not arrived", []), ("order status please", []), ("order 12", []),
])
def test_order_numbers_as_customers_write_them(text, found):
    assert order_ids_in(text) == found
