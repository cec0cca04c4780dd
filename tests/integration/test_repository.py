"""The DynamoDB store writes the layout the README documents (a table written before keeps working),
and the workflow adapter against moto. What the store promises is in `tests/contract`."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import boto3
import pytest

from chalicelib.adapters.dynamo import deserialize_item
from chalicelib.adapters.ports import Claim
from chalicelib.adapters.repository import DynamoStore
from chalicelib.adapters.workflows import Workflows
from chalicelib.domain.clock import iso
from chalicelib.domain.models import ApiKey
from tests.contract.records import NOW, event, opened, opening, quarantined, remedy, work


@pytest.fixture
def store(dynamodb_table: str) -> DynamoStore:
    return DynamoStore(dynamodb_table)


def _items(table: str) -> dict[tuple[str, str], dict[str, Any]]:
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=table)
    items = [deserialize_item(raw) for page in pages for raw in page["Items"]]
    return {(i["PK"], i["SK"]): i for i in items}


def test_a_ticket_and_what_comes_with_it_keep_their_keys(store, dynamodb_table):
    made = opening(email="Kim@Example.org")
    ticket = made.ticket.model_copy(update={"order_id": "1001"})
    promised = work(ticket)
    store.tickets.create(ticket, made.customer, made.message, made.event,
                         claims=(Claim("idempotency", "abc", {"ticket_id": ticket.id}, ttl=int(time.time()) + 60),
                                 Claim("message_id", "ack.1@example.com", {"ticket_id": ticket.id})),
                         thread_keys=("cust-1@example.org",), outbox=(promised,))

    items = _items(dynamodb_table)
    pk = f"TICKET#{ticket.id}"
    stored = items[(pk, "META")]
    assert (stored["type"], stored["GSI1PK"], stored["GSI3PK"]) == ("ticket", "CUST#kim@example.org", "ORDER#1001")
    assert stored["GSI1SK"].endswith(f"#{ticket.id}") and stored["GSI2PK"].startswith("QUEUE#1#new#")
    assert stored["GSI2SK"].startswith("2#") and stored["GSI2SK"].endswith(f"#{ticket.id}")
    # The sweeper's entry: the first deadline not yet recorded as missed.
    assert stored["GSI4PK"].startswith("DUE#") and stored["GSI4SK"] == f"{iso(ticket.sla.first_response_due)}#{ticket.id}"
    assert items[("CUST#kim@example.org", "PROFILE")]["email"] == "Kim@Example.org"
    assert any(sk.startswith("MSG#") and sk.endswith(made.message.id) for _, sk in items)
    assert any(sk.startswith("EVT#") and sk.endswith(made.event.id) for _, sk in items)
    assert items[("IDEM#abc", "IDEM")]["expires_at"] > 0
    assert items[("MSGID#ack.1@example.com", "MSGID")]["ticket_id"] == ticket.id
    assert items[("MSGID#cust-1@example.org", "MSGID")]["type"] == "mapping"
    pending = items[(pk, f"OUT#{promised.id}")]
    assert pending["GSI2PK"].startswith("OUTBOX#") and pending["GSI2SK"].endswith(f"#{promised.id}")


def test_remedies_quarantine_inbound_claims_and_keys_keep_their_keys(store, dynamodb_table):
    made = opening()
    store.tickets.create(*made.parts())
    held = remedy(made.ticket, tier=2)
    store.remedies.record(held, event(made.ticket, NOW), Claim("remedy", "d1"))
    mail = quarantined()
    store.quarantine.hold(mail, (Claim("inbound_ses", "s1"), Claim("inbound_content", "c1"),
                                 Claim("inbound_release", "Q-1")))
    store.api_keys.store(ApiKey(digest="ab" * 32, role="admin", key_id="abababababab", created_at=NOW))

    items = _items(dynamodb_table)
    stored = items[(f"TICKET#{made.ticket.id}", f"REM#{held.id}")]
    assert (stored["entity"], stored["GSI2PK"]) == ("remedy", "APPROVALS#2")
    assert items[("IDEM#remedy:d1", "IDEM")]["type"] == "claim"
    assert items[(f"QUAR#{mail.id}", "META")]["GSI2PK"] == "QUARANTINE"
    assert {("INBOUND#ses:s1", "INBOUND"), ("INBOUND#content:c1", "INBOUND"),
            ("INBOUND#release:Q-1", "INBOUND")} <= set(items)
    key = items[("APIKEY#" + "ab" * 32, "APIKEY")]
    assert (key["role"], key["key_id"], key["active"], key["created_at"]) == (
        "admin", "abababababab", True, "2026-11-24T10:00:00.000000Z")


def test_done_work_leaves_the_sweepers_index_and_maps_the_ses_id(store, dynamodb_table):
    made = opening()
    promised = work(made.ticket)
    store.tickets.create(*made.parts(), outbox=(promised,))

    store.outbox.done(promised, {"ses_message_id": "0100abc"}, thread_key="ses:0100abc")

    items = _items(dynamodb_table)
    done = items[(f"TICKET#{made.ticket.id}", f"OUT#{promised.id}")]
    assert "GSI2PK" not in done and "mime" not in done and done["status"] == "sent"
    assert items[("MSGID#ses:0100abc", "MSGID")]["ticket_id"] == made.ticket.id
    assert store.outbox.due(NOW + timedelta(days=1), 10) == []


def test_a_timer_starts_once_per_ticket(aws):
    workflows = Workflows(aws["state_machine_arn"])
    payload = {"ticket_id": "T-0000000000", "wake_at": "2099-01-01T00:00:00Z"}

    assert workflows.start_timer("T-0000000000", payload) is True
    assert workflows.start_timer("T-0000000000", {**payload, "again": True}) is False
    assert workflows.timer_status("T-0000000000") == "RUNNING"
    assert workflows.timer_status("T-1111111111") is None


def test_tickets_written_in_the_older_key_layout_are_moved_once(store, dynamodb_table):
    ticket = opened(store, due_hours=1)
    client = boto3.client("dynamodb")
    old = {"PK": {"S": f"TICKET#{ticket.id}"}, "SK": {"S": "META"}}
    client.update_item(TableName=dynamodb_table, Key=old, UpdateExpression="SET GSI2PK = :q REMOVE GSI4PK, GSI4SK",
                       ExpressionAttributeValues={":q": {"S": "QUEUE#1#new"}})
    assert store.tickets.queue(1, ("new",), 10) == [] and store.tickets.overdue(NOW + timedelta(hours=2), 10) == []

    assert store.upgrade_layout() == 1
    assert store.upgrade_layout() == 0

    assert [t.id for t in store.tickets.queue(1, ("new",), 10)] == [ticket.id]
    assert [t.id for t in store.tickets.overdue(NOW + timedelta(hours=2), 10)] == [ticket.id]
def test_a_timer_stops_once_and_stopping_it_again_or_one_never_started_is_no_error(aws):
    workflows = Workflows(aws["state_machine_arn"])
    workflows.start_timer("T-2222222222", {"ticket_id": "T-2222222222", "wake_at": "2099-01-01T00:00:00Z"})

    assert workflows.stop_timer("T-2222222222") is True
    deadline = time.monotonic() + 30  # the emulator aborts on its own thread: slow on a busy machine
    while workflows.timer_status("T-2222222222") == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workflows.timer_status("T-2222222222") == "ABORTED"
    workflows.stop_timer("T-2222222222")  # already stopped: the outcome wanted, not an error
    assert workflows.stop_timer("T-3333333333") is False


def test_tickets_are_listed_by_status_and_by_owner_and_agents_share_one_partition(store, dynamodb_table):
    from chalicelib.domain.people import Agent

    made = opening()
    store.tickets.create(*made.parts())
    owned = made.ticket.model_copy(update={"assignee": "ana@store.example", "version": 2})
    store.tickets.save(owned, 1)
    store.agents.save(Agent(email="ana@store.example", name="Ana", tier=2, created_at=made.ticket.created_at,
                            updated_at=made.ticket.created_at), None)

    items = _items(dynamodb_table)
    stored = items[(f"TICKET#{owned.id}", "META")]
    assert stored["GSI6PK"].startswith("STATUS#new#") and int(stored["GSI6PK"].rsplit("#", 1)[1]) in range(8)
    assert stored["GSI6SK"] == stored["GSI5SK"] == f"{stored['created_at']}#{owned.id}"
    assert stored["GSI5PK"] == "OWNER#ana@store.example#new"
    assert items[("AGENTS", "AGENT#ana@store.example")]["tier"] == 2
