"""Delay notices on the in-memory store with a clock the test moves."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from chalicelib.domain.access import Caller
from chalicelib.errors import UpstreamError
from chalicelib.services import delays, intake, shipments
from chalicelib.services.schemas import NewTicket
from chalicelib.services.shipments import ShipmentIn
from tests.unit.services.conftest import START

SHOP = Caller(role="storefront", key_id="shop-key", label="shop")


def put(fake, shipment_id: str, days_late: float = 0, **overrides: Any) -> shipments.Received:
    body: dict[str, Any] = {
        "order_id": f"O-{shipment_id}", "customer": {"email": f"{shipment_id.lower()}@example.org", "name": "Kim"},
        "carrier": "DHL", "tracking_number": f"TRK{shipment_id}",
        "promised_delivery": (fake.clock.now - timedelta(days=days_late)).isoformat(),
        "status": "in_transit", "items": [{"sku": "KETTLE-1", "name": "Kettle"}],
    }
    body.update(overrides)
    return shipments.put_from_api(fake.desk, shipment_id, ShipmentIn.model_validate(body), SHOP)


def notices_to(fake, address: str) -> list[Any]:
    return [m for m in fake.mail_to(address) if "delay-" in m["Message-ID"]]


def test_a_scan_notifies_exactly_the_late_and_the_exceptional_once(fake):
    put(fake, "ONTIME", days_late=-3)
    put(fake, "LATE", days_late=3)
    put(fake, "GRACE", days_late=0.5)  # past the date, within the 24 h grace
    put(fake, "DELIVERED", days_late=5, status="delivered")
    put(fake, "LOST", days_late=-5, status="lost")  # acted on at once, at intake
    assert len(notices_to(fake, "lost@example.org")) == 1

    first = delays.scan(fake.desk)
    second = delays.scan(fake.desk)

    assert first["notices_sent"] == ["LATE:late"] and second["notices_sent"] == []
    for name, expected in (("ontime", 0), ("late", 1), ("grace", 0), ("delivered", 0), ("lost", 1)):
        assert len(notices_to(fake, f"{name}@example.org")) == expected, name
    assert second["shipments_due"] == 0  # what was told left the index: the next scan reads nothing


def test_a_promise_long_past_is_due_at_the_next_scan(fake):
    put(fake, "ANCIENT", days_late=90)  # imported late: far beyond the scan's look-back
    assert delays.scan(fake.desk)["notices_sent"] == ["ANCIENT:late"]


def test_one_failing_notice_does_not_stop_the_others(fake):
    put(fake, "FIRST", days_late=3)
    put(fake, "SECOND", days_late=2)
    original = delays._notice_opening

    def flaky(desk, ticket_id, shipment, stage, claim):
        if shipment.id == "FIRST":
            raise UpstreamError("the table is busy")
        return original(desk, ticket_id, shipment, stage, claim)

    delays._notice_opening = flaky
    try:
        result = delays.scan(fake.desk)
    finally:
        delays._notice_opening = original
    assert result["notices_failed"] == ["FIRST:late"] and result["notices_sent"] == ["SECOND:late"]
    assert delays.scan(fake.desk)["notices_sent"] == ["FIRST:late"]


def test_two_scans_at_the_same_moment_notify_once(fake):
    for n in range(8):
        put(fake, f"L{n}", days_late=2)
    barrier = threading.Barrier(2)
    results: list[dict[str, Any]] = []

    def run() -> None:
        barrier.wait()
        results.append(delays.scan(fake.desk))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for n in range(8):
        assert len(notices_to(fake, f"l{n}@example.org")) == 1
        shipment = fake.store.shipments.get(f"L{n}")
        assert [x.stage for x in shipment.notices] == ["late"] and shipment.watch_from is not None
    assert sum(len(r["notices_sent"]) for r in results) == 8
    assert len(fake.store.state.tickets) == 8 and len(fake.store.state.remedies) == 8


def test_the_notice_opens_a_proactive_ticket_with_the_remedy_granted_and_published(fake):
    put(fake, "DE", days_late=2, language="de", estimated_delivery=(START + timedelta(days=2)).date().isoformat())
    delays.scan(fake.desk)

    [mail] = notices_to(fake, "de@example.org")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    shipment = fake.store.shipments.get("DE")
    ticket = fake.store.tickets.get(shipment.proactive_ticket_id)
    [remedy] = fake.store.remedies.of_ticket(ticket.id)
    assert "verspätet" in mail["Subject"] and "Entschuldigung" in text and remedy.code in text
    assert "Der Zusteller rechnet jetzt mit der Zustellung" in text  # the carrier's new estimate
    assert (ticket.channel, ticket.category, ticket.status, ticket.order_id) == \
        ("proactive", "shipping_problem", "pending", "O-DE")
    assert (remedy.type, remedy.status, remedy.percent, remedy.requested_by) == \
        ("discount", "granted", "10", "system:delay-notice")
    [published] = [e for e in fake.bus.published if e[0] == "RemedyGranted"]
    assert published[1]["code"] == remedy.code and published[1]["ticket_id"] == ticket.id
    events = [e.action for e in fake.store.tickets.events(ticket.id, 50)[0]]
    assert {"ticket.created", "shipment.delay_notice", "remedy.granted"} <= set(events)


def test_still_late_after_n_days_writes_again_on_the_same_ticket(fake):
    put(fake, "SLOW", days_late=2)
    delays.scan(fake.desk)
    fake.clock.advance(days=1)
    assert delays.scan(fake.desk)["notices_sent"] == []
    fake.clock.advance(days=2.5)
    assert delays.scan(fake.desk)["notices_sent"] == ["SLOW:still_late"]

    first, second = notices_to(fake, "slow@example.org")
    shipment = fake.store.shipments.get("SLOW")
    assert {n.ticket_id for n in shipment.notices} == {shipment.proactive_ticket_id}
    assert "express" in second.get_body(preferencelist=("plain",)).get_content()
    assert second["In-Reply-To"] == first["Message-ID"]
    assert shipment.watch_from is None  # nothing more to tell: out of the index
    types = sorted(r.type for r in fake.store.remedies.of_ticket(shipment.proactive_ticket_id))
    assert types == ["discount", "expedited_reshipment"]


def test_a_remedy_above_tier_one_authority_is_not_offered(fake):
    fake.desk.settings = fake.desk.settings.model_copy(
        update={"delay_policy": {"remedies": {"late": {"type": "discount", "percent": 40}}}})
    put(fake, "BIG", days_late=2)
    delays.scan(fake.desk)
    [mail] = notices_to(fake, "big@example.org")
    assert "SORRY-" not in mail.get_body(preferencelist=("plain",)).get_content()
    ticket_id = fake.store.shipments.get("BIG").proactive_ticket_id
    assert fake.store.remedies.of_ticket(ticket_id) == []
    [notice] = [e for e in fake.store.tickets.events(ticket_id, 50)[0] if e.action == "shipment.delay_notice"]
    assert "10%" in notice.detail["remedy_withheld"]


def test_a_scan_that_died_after_the_notice_is_finished_without_a_second_mail(fake):
    put(fake, "CRASH", days_late=2)
    shipment = fake.store.shipments.get("CRASH")
    original = delays._mark
    delays._mark = lambda *a, **k: None  # the process dies before the shipment records the notice
    try:
        delays.notify(fake.desk, shipment, "late")
    finally:
        delays._mark = original
    result = delays.scan(fake.desk)
    assert result["notices_already_sent"] == ["CRASH:late"] and len(notices_to(fake, "crash@example.org")) == 1
    assert fake.store.shipments.get("CRASH").noticed("late")


def test_where_is_my_order_through_the_api_lands_on_the_proactive_ticket(fake):
    put(fake, "ASK", days_late=2)
    delays.scan(fake.desk)
    ticket_id = fake.store.shipments.get("ASK").proactive_ticket_id
    request = NewTicket.model_validate({"customer": {"email": "ask@example.org"}, "subject": "Where is my order?",
                                        "body": "I still have not received my parcel. Where is it?"})
    opened = intake.open_from_api(fake.desk, request, SHOP, None)
    by_order = intake.open_from_api(fake.desk, request.model_copy(update={"order_id": "O-ASK",
                                                                          "subject": "Question"}), SHOP, None)
    assert opened.folded and opened.ticket.id == ticket_id and by_order.ticket.id == ticket_id
    assert opened.ticket.status == "open" and len(fake.store.state.tickets) == 1
    stranger = intake.open_from_api(fake.desk, request.model_copy(update={"customer": request.customer.model_copy(
        update={"email": "other@example.org"}), "order_id": "O-ASK"}), SHOP, None)
    assert not stranger.folded and stranger.ticket.id != ticket_id


def test_delivery_closes_a_proactive_ticket_nobody_wrote_on_with_a_note(fake):
    put(fake, "ARRIVES", days_late=2)
    put(fake, "TALKED", days_late=2)
    delays.scan(fake.desk)
    asked = NewTicket.model_validate({"customer": {"email": "talked@example.org"}, "subject": "order O-TALKED",
                                      "body": "Where is my order O-TALKED?", "order_id": "O-TALKED"})
    intake.open_from_api(fake.desk, asked, SHOP, None)

    put(fake, "ARRIVES", days_late=2, status="delivered")
    put(fake, "TALKED", days_late=2, status="delivered")
    put(fake, "ARRIVES", days_late=2, status="delivered")  # told twice: one note

    closed = fake.store.tickets.get(fake.store.shipments.get("ARRIVES").proactive_ticket_id)
    kept = fake.store.tickets.get(fake.store.shipments.get("TALKED").proactive_ticket_id)
    assert closed.status == "closed" and len([m for m in fake.mail_to("arrives@example.org")
                                              if "delivered." in m["Message-ID"]]) == 1
    assert kept.status == "open" and not [m for m in fake.mail_to("talked@example.org")
                                          if "delivered." in m["Message-ID"]]
    assert "shipment.delivered" in [e.action for e in fake.store.tickets.events(kept.id, 50)[0]]
    assert fake.store.shipments.get("ARRIVES").watch_from is None


def test_the_index_holds_only_what_can_still_be_late(fake):
    for n in range(60):
        put(fake, f"N{n}", days_late=-2 if n % 3 else 2, status="delivered" if n % 5 == 0 else "in_transit")
    due = fake.store.shipments.due(fake.clock.now - timedelta(hours=24), 1000, fake.clock.now - timedelta(days=15))
    expected = {f"N{n}" for n in range(60) if n % 3 == 0 and n % 5}
    assert {s.id for s in due} == expected


def test_a_put_is_idempotent(fake):
    first = put(fake, "SAME", days_late=-1)
    again = put(fake, "SAME", days_late=-1)
    assert (first.outcome, again.outcome, again.shipment.version) == ("created", "unchanged", 1)


def test_sixteen_parallel_updates_of_one_shipment_lose_none(fake):
    put(fake, "BUSY", days_late=-2)
    barrier = threading.Barrier(16)

    def report(n: int) -> None:
        barrier.wait()
        put(fake, "BUSY", days_late=-2, events=[{"at": (START + timedelta(minutes=n)).isoformat(),
                                                 "status": "in_transit", "message": f"scan {n}"}])

    threads = [threading.Thread(target=report, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shipment = fake.store.shipments.get("BUSY")
    assert sorted(e.message for e in shipment.events) == sorted(f"scan {n}" for n in range(16))
    assert shipment.version == 17


def test_a_bouncing_or_unwritable_address_gets_no_mail_but_the_case_is_opened(fake):
    fake.store.customers.mark_bouncing("bounce@example.org", "550 no such user", START)
    put(fake, "BOUNCE", days_late=2)
    put(fake, "IDN", days_late=2, customer={"email": "jörg@example.org"})
    result = delays.scan(fake.desk)
    assert sorted(result["notices_sent"]) == ["BOUNCE:late", "IDN:late"] and fake.mailer.sent == []
    for shipment_id in ("BOUNCE", "IDN"):
        ticket_id = fake.store.shipments.get(shipment_id).proactive_ticket_id
        actions = [e.action for e in fake.store.tickets.events(ticket_id, 50)[0]]
        assert "email.not_sent" in actions and "shipment.delay_notice" in actions
