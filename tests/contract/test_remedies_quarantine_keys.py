"""What `Remedies`, `Quarantine` and `ApiKeys` promise, on every store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.adapters.ports import AlreadyExists, Claim
from chalicelib.domain.models import ApiKey
from tests.contract.records import NOW, event, opened, quarantined, remedy, work


def test_a_remedy_is_recorded_once_per_claim_with_its_event_and_work(store):
    ticket = opened(store)
    granted = remedy(ticket, status="granted")
    claim = Claim("remedy", "digest-1", {"remedy_id": granted.id, "ticket_id": ticket.id})
    publish = work(ticket, kind="event", links={"remedy_id": granted.id})

    store.remedies.record(granted, event(ticket, NOW + timedelta(seconds=1), "remedy.granted"), claim, (publish,))
    with pytest.raises(AlreadyExists) as taken:
        store.remedies.record(remedy(ticket, status="granted"), event(ticket, NOW, "remedy.granted"), claim)

    assert taken.value.reasons == ["remedy:digest-1"]
    assert store.remedies.get(ticket.id, granted.id) == granted
    assert store.remedies.get(ticket.id, "R-missing") is None
    assert [r.id for r in store.remedies.of_ticket(ticket.id)] == [granted.id]
    assert store.claims.find(claim) == {"remedy_id": granted.id, "ticket_id": ticket.id}
    assert [w.id for w in store.outbox.of_ticket(ticket.id)] == [publish.id]
    assert [e.action for e in store.tickets.events(ticket.id, 10)[0]] == ["remedy.granted", "ticket.created"]


def test_a_remedy_is_decided_only_while_it_still_awaits_approval(store):
    ticket = opened(store)
    held = remedy(ticket)
    store.remedies.record(held, event(ticket, NOW, "remedy.awaiting_approval"), Claim("remedy", "d"))
    approved = held.model_copy(update={"status": "granted", "decided_by": "agent:b"})
    denied = held.model_copy(update={"status": "denied", "decided_by": "agent:c"})

    assert store.remedies.update(approved, event(ticket, NOW, "remedy.approved")) is True
    assert store.remedies.update(denied, event(ticket, NOW, "remedy.denied"), (work(ticket),)) is False

    assert store.remedies.get(ticket.id, held.id).status == "granted"
    actions = [e.action for e in store.tickets.events(ticket.id, 10)[0]]
    assert "remedy.denied" not in actions and "remedy.approved" in actions
    assert store.outbox.of_ticket(ticket.id) == []
    assert store.remedies.update(remedy(ticket), event(ticket, NOW)) is False  # never recorded


def test_approvers_see_what_awaits_their_tier_most_urgent_first(store):
    ticket = opened(store)
    later = remedy(ticket, tier=2, due=NOW + timedelta(hours=3))
    sooner = remedy(ticket, tier=2, due=NOW + timedelta(hours=1))
    tier3 = remedy(ticket, tier=3)
    decided = remedy(ticket, tier=2, due=NOW + timedelta(minutes=5))
    for n, record in enumerate((later, sooner, tier3, decided)):
        store.remedies.record(record, event(ticket, NOW), Claim("remedy", f"d{n}"))
    store.remedies.update(decided.model_copy(update={"status": "granted"}), event(ticket, NOW))

    assert [r.id for r in store.remedies.pending_for(2)] == [sooner.id, later.id]
    assert [r.id for r in store.remedies.pending_for(2, limit=1)] == [sooner.id]
    assert [r.id for r in store.remedies.pending_for(3)] == [tier3.id]
    assert store.remedies.pending_for(1) == []
    assert [r.id for r in store.remedies.approvals_due(2, NOW + timedelta(hours=2))] == [sooner.id]
    assert store.remedies.approvals_due(2, NOW) == []


def test_an_approval_moved_up_a_tier_leaves_the_lower_tier(store):
    ticket = opened(store)
    held = remedy(ticket, tier=1)
    store.remedies.record(held, event(ticket, NOW), Claim("remedy", "d"))
    moved = held.model_copy(update={"approval_tier": 2, "approval_due": NOW + timedelta(hours=4)})

    assert store.remedies.update(moved, event(ticket, NOW, "remedy.approval_overdue"))

    assert store.remedies.pending_for(1) == []
    assert [r.approval_tier for r in store.remedies.pending_for(2)] == [2]


def test_quarantine_holds_lists_newest_first_and_releases(store):
    older = quarantined(NOW)
    newer = quarantined(NOW + timedelta(minutes=5), kind="virus")
    store.quarantine.hold(older, (Claim("inbound_ses", older.ses_message_id),))
    store.quarantine.hold(newer)

    assert [q.id for q in store.quarantine.held(10)] == [newer.id, older.id]
    assert [q.id for q in store.quarantine.held(1)] == [newer.id]

    released = newer.model_copy(update={"released_at": NOW + timedelta(hours=1), "released_by": "agent:a",
                                        "released_ticket_id": "T-0000000000"})
    store.quarantine.mark_released(released)

    assert [q.id for q in store.quarantine.held(10)] == [older.id]
    assert store.quarantine.get(newer.id) == released
    assert store.quarantine.get("Q-missing") is None


def test_api_keys_are_found_by_their_hash(store):
    key = ApiKey(digest="ab" * 32, role="agent_tier2", key_id="abababababab", label="Ann", created_at=NOW)

    store.api_keys.store(key)

    assert store.api_keys.find("ab" * 32) == key
    assert store.api_keys.find("cd" * 32) is None
