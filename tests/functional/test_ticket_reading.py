"""Reading a ticket: bounded pages of messages and events, and what a storefront may see."""

from __future__ import annotations

import json

from tests.functional.helpers import call, new_ticket


def _open(client, keys) -> str:
    return str(call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"])


def test_a_ticket_with_many_long_messages_answers_in_bounded_pages(client, keys):
    ticket_id = _open(client, keys)
    long_text = "Ünïcödé complaint text, repeated at length. " * 1_100  # ~50,000 characters
    for number in range(24):
        response = call(client, "POST", f"/tickets/{ticket_id}/messages", keys["storefront"],
                        {"body": f"Follow-up {number}: {long_text}"})
        assert response.status_code == 201

    page = call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"])

    assert page.status_code == 200
    assert len(page.body) < 1_000_000  # far below Lambda's 6 MB answer limit
    shown = page.json_body["ticket"]["messages"]
    assert len(shown) == 25
    assert all(m.get("body_truncated") for m in shown[1:])
    collected, cursor = [], None
    while True:
        path = f"/tickets/{ticket_id}/messages" + (f"?before={cursor}" if cursor else "")
        listing = call(client, "GET", path, keys["agent_tier1"])
        assert listing.status_code == 200 and len(listing.body) < 6_000_000
        collected += listing.json_body["messages"]
        cursor = listing.json_body["older_cursor"]
        if not cursor:
            break
    assert len(collected) == 25
    assert [m["body"].split(":")[0] for m in collected[:24]] == [f"Follow-up {n}" for n in reversed(range(24))]
    assert collected[0]["body"].endswith(long_text.rstrip())


def test_pages_of_events_go_back_to_the_start(client, keys):
    ticket_id = _open(client, keys)
    for number in range(60):
        call(client, "POST", f"/tickets/{ticket_id}/notes", keys["agent_tier1"], {"body": f"note {number}"})

    first = call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"]).json_body["ticket"]
    assert len(first["events"]) == 50
    older = call(client, "GET", f"/tickets/{ticket_id}/events?before={first['older_events_cursor']}",
                 keys["agent_tier1"]).json_body
    assert older["older_cursor"] is None
    assert older["events"][-1]["action"] == "ticket.created"
    assert len(first["events"]) + len(older["events"]) == 61


def test_storefronts_never_see_notes_agents_reasons_or_names(client, keys):
    ticket_id = _open(client, keys)
    call(client, "POST", f"/tickets/{ticket_id}/notes", keys["agent_tier1"], {"body": "customer seems angry"})
    call(client, "POST", f"/tickets/{ticket_id}/status", keys["agent_tier1"],
         {"status": "resolved", "reason": "refund fraudster, do not engage"})

    seen = call(client, "GET", f"/tickets/{ticket_id}", keys["storefront"]).json_body["ticket"]

    text = json.dumps(seen)
    assert "fraudster" not in text and "angry" not in text and "agent_tier1" not in text
    changed = [e for e in seen["events"] if e["action"] == "ticket.status_changed"]
    assert changed[0]["after"] == {"status": "resolved"}
    assert changed[0]["actor"] == "support"


def test_a_crafted_or_borrowed_cursor_is_a_400(client, keys):
    ticket_id, other_id = _open(client, keys), _open(client, keys)
    for number in range(25):
        call(client, "POST", f"/tickets/{other_id}/notes", keys["agent_tier1"], {"body": f"note {number}"})
    borrowed = call(client, "GET", f"/tickets/{other_id}/messages", keys["agent_tier1"]).json_body["older_cursor"]
    assert borrowed
    for cursor in ("!!!", "RVZUIzIwMjYtMDEtMDE", "TUFJTg", borrowed):  # junk, EVT#… and META unsealed, another ticket's
        response = call(client, "GET", f"/tickets/{ticket_id}/messages?before={cursor}", keys["agent_tier1"])
        assert response.status_code == 400, cursor
        assert response.json_body["error"]["code"] == "invalid_cursor"
