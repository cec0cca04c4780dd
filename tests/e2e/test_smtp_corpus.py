"""Every real email in ../shared/data/emails, written to the local stack over SMTP as a mail
client or relay would, ends as a ticket, a message on a ticket, or a quarantined item."""

from __future__ import annotations

import json
import smtplib
import urllib.request
from typing import Any

import pytest

from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.e2e
CORPUS = sorted((SHARED_DATA / "emails").rglob("*.eml"))


def get(stack: dict[str, Any], path: str) -> Any:
    request = urllib.request.Request(stack["api_url"] + path,
                                     headers={"Authorization": f"Bearer {stack['keys']['agent_tier3']}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_every_corpus_email_over_smtp_is_accounted_for(stack):
    refused = []
    with smtplib.SMTP(stack["smtp_host"], stack["smtp_port"], timeout=60) as smtp:
        for path in CORPUS:
            try:
                smtp.sendmail("relay@example.org", [stack["support_address"]], path.read_bytes())
            except smtplib.SMTPException as error:
                refused.append((path.name, str(error)))
    assert refused == []

    quarantined = get(stack, "/quarantine?limit=200")["items"]
    assert all(item["reason"] and item["raw_key"] for item in quarantined)
    tickets = []
    for tier in (1, 2, 3):
        tickets += get(stack, f"/queues/{tier}?status=new,open,pending&limit=200")["tickets"]
    customer_messages = sum(ticket["inbound_count"] for ticket in tickets)
    automatic = sum(1 for ticket in tickets for message in get(stack, f"/tickets/{ticket['id']}")["ticket"]["messages"]
                    if message["automatic"])
    assert len(quarantined) + customer_messages + automatic == len(CORPUS)
