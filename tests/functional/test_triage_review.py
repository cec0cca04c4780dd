"""Triage's unsure calls reach an agent, and the agent's verdict becomes training data."""

from __future__ import annotations

import json

from tests.functional.helpers import call, new_ticket

VAGUE = {"subject": "hmm", "body": "hmm, see above"}


def test_an_unsure_triage_is_flagged_in_the_queue_and_cleared_by_an_agents_correction(client, keys, aws):
    clear = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    vague = call(client, "POST", "/tickets", keys["storefront"],
                 new_ticket(order_id=None, **VAGUE)).json_body["ticket"]
    assert clear["needs_review"] is False
    assert vague["needs_review"] is True
    assert vague["confidence"] < clear["confidence"]

    queue = call(client, "GET", "/queues/1", keys["agent_tier1"]).json_body["tickets"]
    flagged = {t["id"]: t["needs_review"] for t in queue}
    assert flagged == {clear["id"]: False, vague["id"]: True}

    response = call(client, "POST", f"/tickets/{vague['id']}/triage", keys["agent_tier1"],
                    {"category": "pre_sale", "reason": "asks about a product before buying"})
    assert response.status_code == 200
    assert response.json_body["ticket"]["needs_review"] is False
    assert response.json_body["ticket"]["category"] == "pre_sale"


def test_an_agent_confirming_an_unsure_category_clears_the_flag_too(client, keys, aws):
    vague = call(client, "POST", "/tickets", keys["storefront"],
                 new_ticket(order_id=None, **VAGUE)).json_body["ticket"]
    response = call(client, "POST", f"/tickets/{vague['id']}/triage", keys["agent_tier1"],
                    {"category": vague["category"], "reason": "checked: triage was right"})
    assert response.json_body["ticket"]["needs_review"] is False
    events = call(client, "GET", f"/tickets/{vague['id']}", keys["agent_tier1"]).json_body["ticket"]["events"]
    [event] = [e for e in events if e["action"] == "ticket.triage_corrected"]
    assert event["detail"]["category"] == vague["category"]
    assert event["detail"]["was_flagged"] is True


def test_corrections_export_as_labelled_examples_the_trainer_reads(client, keys, aws, tmp_path):
    import boto3

    from chalicelib.adapters.repository import DynamoStore
    from chalicelib.domain.models import CATEGORIES
    from scripts.export_triage_corrections import correction_events, labelled_examples, read_corrections

    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        subject="sign up", body="the registration keeps failing at the last step", order_id=None)).json_body["ticket"]
    call(client, "POST", f"/tickets/{ticket['id']}/triage", keys["agent_tier1"],
         {"category": "account", "priority": "low", "reason": "a sign-up problem"})
    call(client, "POST", f"/tickets/{ticket['id']}/triage", keys["agent_tier1"],
         {"priority": "normal", "reason": "second thoughts"})
    call(client, "POST", "/tickets", keys["storefront"], new_ticket())  # never corrected: not exported

    dynamodb = boto3.client("dynamodb")
    table = aws["TABLE_NAME"]
    examples = labelled_examples(DynamoStore(table, dynamodb), list(correction_events(dynamodb, table)))

    assert [(e["ticket_id"], e["category"], e["priority"]) for e in examples] == [
        (ticket["id"], "account", "normal")]  # the newest correction wins
    assert examples[0]["subject"] == "sign up"
    assert "registration keeps failing" in examples[0]["body"]
    exported = tmp_path / "corrections.jsonl"
    exported.write_text("".join(json.dumps(e) + "\n" for e in examples))
    [row] = read_corrections([exported], CATEGORIES)
    assert (row["category"], row["ticket_id"]) == ("account", ticket["id"])
