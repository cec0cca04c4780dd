"""`make run` with SCHEDULE_SECONDS=3: a late shipment put through the API gets one notice, an
on-time one none; the customer's "where is my order?" email lands on the proactive ticket; a
signed webhook is taken and a badly signed one refused."""

from __future__ import annotations

import json
import smtplib
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from chalicelib.domain.webhook_signatures import signature
from tests.e2e.conftest import stack_environment, start
from tests.e2e.test_local_stack import http, wait_for_mail

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    child = start(stack_environment(tmp_path_factory.mktemp("delays"), SCHEDULE_SECONDS="3"))
    try:
        yield child.info
    finally:
        child.stop()


def shipment(email: str, order: str, days_late: int) -> dict[str, Any]:
    promised = (datetime.now(UTC) - timedelta(days=days_late)).date().isoformat()
    return {"order_id": order, "customer": {"email": email, "name": "Noor"}, "carrier": "DHL",
            "tracking_number": f"JJD{order}", "promised_delivery": promised, "status": "in_transit",
            "items": [{"sku": "LAMP-2", "name": "Desk lamp"}]}


def notices(outbox: Path, address: str) -> list[str]:
    return [p.name for p in outbox.glob("*.eml") if address in p.read_text(errors="replace")
            and "Message-ID: <delay-" in p.read_text(errors="replace")]


def test_one_notice_for_the_late_shipment_none_for_the_on_time_one_and_the_reply_lands_on_it(scheduled):
    keys, outbox = scheduled["keys"], Path(scheduled["outbox"])
    assert set(scheduled["webhook_secrets"]) == {"shopify", "woocommerce", "easypost", "aftership"}
    assert http(scheduled, "PUT", "/shipments/E2E-LATE", keys["storefront"],
                shipment("noor@example.net", "5001", 3))[0] == 201
    assert http(scheduled, "PUT", "/shipments/E2E-ONTIME", keys["storefront"],
                shipment("omar@example.net", "5002", -3))[0] == 201

    notice = wait_for_mail(outbox, lambda m: "noor@example.net" in str(m["To"]) and "delay-" in str(m["Message-ID"]))
    time.sleep(7)  # two more scans: nothing more is sent
    assert len(notices(outbox, "noor@example.net")) == 1 and notices(outbox, "omar@example.net") == []
    status, read = http(scheduled, "GET", "/shipments/E2E-LATE", keys["admin"])
    ticket_id = read["shipment"]["proactive_ticket_id"]
    assert status == 200 and ticket_id in str(notice["Subject"]) + notice.get_body(("plain",)).get_content()

    mail = EmailMessage()
    mail["From"], mail["To"] = "Noor <noor@example.net>", scheduled["support_address"]
    mail["Subject"], mail["Message-ID"] = "Where is my order?", "<wismo-e2e@example.net>"
    mail.set_content("Hello, my order 5001 has still not arrived. Where is it?")
    with smtplib.SMTP(scheduled["smtp_host"], scheduled["smtp_port"], timeout=30) as smtp:
        smtp.send_message(mail)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ticket = http(scheduled, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"])[1]["ticket"]
        if len(ticket["messages"]) == 2:
            break
        time.sleep(0.5)
    assert [m["direction"] for m in ticket["messages"]] == ["system", "inbound"]
    assert ticket["channel"] == "proactive" and ticket["shipments"][0]["id"] == "E2E-LATE"


def test_webhooks_are_taken_signed_and_refused_otherwise(scheduled):
    body = json.dumps({"event": "tracking_update", "event_id": "e2e-1", "msg": {
        "tracking_number": "JJD7001", "slug": "dhl", "tag": "InTransit", "subtag": "InTransit_001",
        "checkpoints": []}}).encode()
    secret = scheduled["webhook_secrets"]["aftership"]

    def post(value: str) -> int:
        request = urllib.request.Request(scheduled["api_url"] + "/webhooks/aftership", data=body, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "aftership-hmac-sha256": value})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    assert post(signature("aftership", body, "wrong")) == 401
    assert post(signature("aftership", body, secret)) == 200
    status, read = http(scheduled, "GET", "/shipments/trk-JJD7001", scheduled["keys"]["admin"])
    assert status == 200 and read["shipment"]["status"] == "in_transit"
