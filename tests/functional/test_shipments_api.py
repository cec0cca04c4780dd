"""Shipments and webhooks through the app on moto: the contract, signatures on every real sample,
the delay scan's schedule, and what agents see on the ticket."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devstack.stack import scheduled_event
from tests.functional.helpers import call, outbox_messages, text_of
from tests.functional.mailbox import customer_mail, deliver
from tests.webhook_samples import SECRETS, Sample, samples, webhook_secrets_json


@pytest.fixture
def signed(aws: dict[str, str]) -> dict[str, str]:
    os.environ["WEBHOOK_SECRETS"] = webhook_secrets_json()  # read lazily by the app, like on AWS
    return SECRETS


def shipment_body(days_late: float, **overrides: Any) -> dict[str, Any]:
    promised = (datetime.now(UTC) - timedelta(days=days_late)).date().isoformat()
    body = {"order_id": "1001", "customer": {"email": "jane@example.org", "name": "Jane Doe"}, "language": "en",
            "carrier": "UPS", "tracking_number": "1Z999AA10123456784", "promised_delivery": promised,
            "status": "in_transit", "items": [{"sku": "KETTLE-1", "name": "Kettle", "quantity": 1}],
            "events": [{"at": "2026-11-20T08:00:00Z", "status": "in_transit", "message": "Departed facility",
                        "location": "Louisville, KY"}]}
    body.update(overrides)
    return body


def scan(client: Any) -> dict[str, Any]:
    return dict(client.lambda_.invoke("delay_scan", scheduled_event("delay_scan")).payload)


def test_put_shipment_creates_then_is_idempotent(client, keys):
    first = call(client, "PUT", "/shipments/SHIP-1", keys["storefront"], shipment_body(-2))
    again = call(client, "PUT", "/shipments/SHIP-1", keys["storefront"], shipment_body(-2))
    read = call(client, "GET", "/shipments/SHIP-1", keys["agent_tier1"])

    assert first.status_code == 201 and again.status_code == 200
    shipment = json.loads(first.body)["shipment"]
    assert (shipment["id"], shipment["status"], shipment["order_id"], shipment["version"]) == \
        ("SHIP-1", "in_transit", "1001", 1)
    assert json.loads(again.body)["shipment"]["version"] == 1
    assert json.loads(read.body)["shipment"]["events"][0]["message"] == "Departed facility"


@pytest.mark.parametrize(("body", "field"), [
    ({"order_id": "1001"}, "customer"),
    (shipment_body(1, customer={"email": "not-an-address"}), "customer.email"),
    (shipment_body(1, promised_delivery="next tuesday"), "promised_delivery"),
    (shipment_body(1, events=[{"at": "2026-11-20T08:00:00", "status": "x"}]), "events"),
])
def test_bad_shipments_are_refused_naming_the_field(client, keys, body, field):
    response = call(client, "PUT", "/shipments/SHIP-2", keys["storefront"], body)
    error = json.loads(response.body)["error"]
    assert response.status_code == 400 and field in error["message"]
    assert call(client, "GET", "/shipments/SHIP-2", keys["admin"]).status_code == 404


def test_shipments_need_a_storefront_key(client, keys):
    assert call(client, "PUT", "/shipments/SHIP-3", None, shipment_body(1)).status_code == 401
    assert call(client, "PUT", "/shipments/SHIP-3", keys["agent_tier1"], shipment_body(1)).status_code == 403
    assert call(client, "PUT", "/shipments/bad%20id!", keys["storefront"], shipment_body(1)).status_code == 404


@pytest.mark.parametrize("sample", samples(), ids=lambda s: s.name)
def test_every_webhook_sample_through_the_app(client, keys, signed, sample: Sample):
    path = f"/webhooks/{sample.provider}"
    refused = call(client, "POST", path, None, sample.body, headers=sample.headers(secret="wrong"))
    unsigned = call(client, "POST", path, None, sample.body,
                    headers={k: v for k, v in sample.headers().items() if "sig" not in k.lower() and "hmac" not in
                             k.lower()})
    taken = call(client, "POST", path, None, sample.body, headers=sample.headers())
    replayed = call(client, "POST", path, None, sample.body, headers=sample.headers(delivery="resent"))

    for bad in (refused, unsigned):
        assert bad.status_code == 401 and json.loads(bad.body)["error"]["code"] == "bad_signature"
    assert taken.status_code == 200 and replayed.status_code == 200
    result, again = json.loads(taken.body), json.loads(replayed.body)
    assert again.get("ignored") == result.get("ignored")
    for shipment in result["shipments"]:
        assert shipment["outcome"] == "created"
        stored = json.loads(call(client, "GET", f"/shipments/{shipment['id']}", keys["admin"]).body)["shipment"]
        assert stored["version"] == 1 and stored["status"] == shipment["status"]
    assert all(s["outcome"] in {"replayed", "unchanged"} for s in again["shipments"])


def test_a_late_shipment_gets_one_notice_and_an_on_time_one_none(client, keys, aws):
    call(client, "PUT", "/shipments/LATE-1", keys["storefront"], shipment_body(3))
    call(client, "PUT", "/shipments/ONTIME-1", keys["storefront"],
         shipment_body(-3, order_id="1002", tracking_number="1Z2", customer={"email": "tom@example.org"}))

    first, second = scan(client), scan(client)

    assert first["notices_sent"] == ["LATE-1:late"] and second["notices_sent"] == []
    notices = [m for m in outbox_messages(aws["outbox"]) if "delay-late" in m["Message-ID"]]
    assert [m["To"] for m in notices] == ["Jane Doe <jane@example.org>"]
    assert "SORRY-" in text_of(notices[0]) and "1Z999AA10123456784" in text_of(notices[0])


def test_the_ticket_shows_its_orders_shipments_and_where_is_my_order_lands_on_it(client, keys, aws, signed):
    call(client, "PUT", "/shipments/LATE-2", keys["storefront"], shipment_body(3))
    scan(client)
    ticket_id = json.loads(call(client, "GET", "/shipments/LATE-2", keys["admin"]).body)["shipment"][
        "proactive_ticket_id"]

    outcome = deliver(client, aws, customer_mail(subject="Where is my order?", sender="Jane <jane@example.org>",
                                                 body="Hi, my parcel for order 1001 has still not arrived.",
                                                 message_id="<wismo-1@example.org>").as_bytes())
    ticket = json.loads(call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"]).body)["ticket"]

    assert outcome["ticket_id"] == ticket_id and "proactive" in outcome["reason"]
    assert (ticket["channel"], ticket["category"], ticket["status"]) == ("proactive", "shipping_problem", "open")
    assert [m["direction"] for m in ticket["messages"]] == ["system", "inbound"]
    [shipment] = ticket["shipments"]
    assert shipment["id"] == "LATE-2" and shipment["events"][0]["location"] == "Louisville, KY"
    assert [n["stage"] for n in shipment["notices"]] == ["late"]


def test_a_carrier_exception_by_webhook_is_told_at_once(client, keys, aws, signed):
    call(client, "PUT", "/shipments/EXC-1", keys["storefront"], shipment_body(-3, tracking_number="1111111111111"))
    lost = next(s for s in samples() if s.name == "aftership/MarkAsCompletedResult")
    payload = json.loads(lost.body)
    payload["msg"]["tracking_number"] = "1111111111111"
    payload["msg"]["last_updated_at"] = datetime.now(UTC).isoformat()
    sample = Sample("lost", "aftership", "", payload)

    result = json.loads(call(client, "POST", "/webhooks/aftership", None, sample.body,
                             headers=sample.headers()).body)

    assert result["shipments"][0] | {"flags": []} == {"id": "EXC-1", "outcome": "updated", "status": "exception",
                                                      "flags": [], "notified": "exception"}
    [notice] = [m for m in outbox_messages(aws["outbox"]) if "delay-exception" in m["Message-ID"]]
    assert "lost" in text_of(notice) and "express" in text_of(notice)
    assert scan(client)["notices_sent"] == []


def test_two_scans_at_the_same_moment_notify_once_on_dynamodb(client, keys, aws):
    import threading
    from pathlib import Path

    from chalicelib.services import delays
    from chalicelib.services.context import desk

    for n in range(4):
        call(client, "PUT", f"/shipments/RACE-{n}", keys["storefront"],
             shipment_body(2, order_id=f"30{n}", tracking_number=f"RACE{n}",
                           customer={"email": f"race{n}@example.org"}))
    barrier = threading.Barrier(2)
    sent: list[list[str]] = []

    def run() -> None:
        barrier.wait()
        sent.append(delays.scan(desk())["notices_sent"])

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    notices = [m for m in outbox_messages(aws["outbox"]) if "delay-late" in m["Message-ID"]]
    assert sorted(str(m["To"]) for m in notices) == [f"race{n}@example.org" for n in range(4)]
    assert sorted(sent[0] + sent[1]) == [f"RACE-{n}:late" for n in range(4)]
    sample = json.loads((Path(__file__).parents[2] / "events" / "put_shipment.json").read_text())
    assert call(client, "PUT", "/shipments/SAMPLE", keys["storefront"], sample).status_code == 201
    event = json.loads((Path(__file__).parents[2] / "events" / "delay_scan.json").read_text())
    assert client.lambda_.invoke("delay_scan", event).payload["notices_sent"] == ["SAMPLE:late"]


def test_where_is_my_order_through_the_api_joins_the_proactive_ticket(client, keys, aws):
    call(client, "PUT", "/shipments/LATE-3", keys["storefront"], shipment_body(3))
    scan(client)
    ticket_id = json.loads(call(client, "GET", "/shipments/LATE-3", keys["admin"]).body)["shipment"][
        "proactive_ticket_id"]
    asked = call(client, "POST", "/tickets", keys["storefront"], {
        "customer": {"email": "jane@example.org"}, "subject": "Where is my order?", "order_id": "1001",
        "body": "My kettle has still not arrived."})
    body = json.loads(asked.body)
    assert asked.status_code == 201 and body["ticket"]["id"] == ticket_id and body["joined_proactive_ticket"]
