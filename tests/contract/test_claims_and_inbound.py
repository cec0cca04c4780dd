"""What claims and the inbound lookups promise, on every store."""

from __future__ import annotations

import time

import pytest

from chalicelib.adapters.ports import AlreadyExists, Claim
from tests.contract.records import opened, opening, quarantined


def test_a_claim_with_a_ttl_holds_until_it_expires_then_may_be_taken_again(store):
    ticket = opened(store)
    now = int(time.time())
    expired = Claim("reply", "same-text", {"message_id": "m1"}, ttl=now - 5)
    store.tickets.save(ticket.model_copy(update={"version": 2}), 1, claims=(expired,))
    assert store.claims.find(expired) is None  # no longer holds, whether or not it was cleaned up

    again = Claim("reply", "same-text", {"message_id": "m2"}, ttl=now + 600)
    store.tickets.save(ticket.model_copy(update={"version": 3}), 2, claims=(again,))
    assert store.claims.find(again) == {"message_id": "m2"}

    with pytest.raises(AlreadyExists) as taken:
        store.tickets.save(ticket.model_copy(update={"version": 4}), 3,
                           claims=(Claim("reply", "same-text", {"message_id": "m3"}, ttl=now + 600),))
    assert taken.value.reasons == ["reply:same-text"]


def test_a_claim_without_a_ttl_is_never_taken_again(store):
    claim = Claim("inbound_ses", "ses-1", {"raw_key": "inbound/ses-1"})
    store.quarantine.hold(quarantined(), (claim,))

    with pytest.raises(AlreadyExists) as taken:
        store.quarantine.hold(quarantined(), (Claim("inbound_content", "fingerprint"), claim))

    assert taken.value.reasons == ["inbound_ses:ses-1"]
    assert [c.label for c in taken.value.claims] == ["inbound_ses:ses-1"]
    assert len(store.quarantine.held(10)) == 1
    assert store.claims.find(Claim("inbound_content", "fingerprint")) is None


def test_each_kind_of_claim_is_its_own_namespace(store):
    store.quarantine.hold(quarantined(), (Claim("inbound_ses", "x"),))

    store.quarantine.hold(quarantined(), (Claim("inbound_content", "x"), Claim("inbound_release", "x"),
                                          Claim("remedy", "x"), Claim("idempotency", "x")))

    assert store.claims.find(Claim("inbound_ses", "x")) == {}
    assert store.claims.find(Claim("message_id", "x")) is None


def test_a_message_id_claimed_by_a_ticket_threads_to_it_and_is_not_claimed_twice(store):
    ticket = opened(store)
    other = opened(store)
    mapping = Claim("message_id", "ack.t-1@example.com", {"ticket_id": ticket.id})
    store.tickets.save(ticket.model_copy(update={"version": 2}), 1, claims=(mapping,))

    with pytest.raises(AlreadyExists):
        store.tickets.save(other.model_copy(update={"version": 2}), 1,
                           claims=(Claim("message_id", "ack.t-1@example.com", {"ticket_id": other.id}),))

    assert store.inbound.threads(["ack.t-1@example.com"]) == {"ack.t-1@example.com": ticket.id}


def test_a_thread_key_that_a_later_message_reuses_leads_to_the_later_ticket(store):
    first = opening()
    store.tickets.create(*first.parts(), thread_keys=("reused@example.org",))
    second = opening()
    store.tickets.create(*second.parts(), thread_keys=("reused@example.org",))

    assert store.inbound.threads(["reused@example.org"]) == {"reused@example.org": second.ticket.id}


def test_the_inbound_lookup_reads_claims_threads_tickets_and_sender_at_once(store):
    made = opening(email="rosa@example.org")
    store.tickets.create(*made.parts(), claims=(Claim("inbound_ses", "s1", {"ticket_id": made.ticket.id}),),
                         thread_keys=("cust-1@example.org",), ack_times=["2026-11-24T09:00:00Z"])
    fresh = [Claim("inbound_ses", "s2"), Claim("inbound_content", "c2")]

    seen = store.inbound.lookup([Claim("inbound_ses", "s1"), Claim("inbound_content", "c1")],
                                ["cust-1@example.org", "ses:unknown"], [made.ticket.id, "T-0000000000"],
                                "rosa@example.org")
    new = store.inbound.lookup(fresh, [], [], "stranger@example.org")
    nobody = store.inbound.lookup(fresh, [], [], None)

    assert [c.label for c in seen.taken] == ["inbound_ses:s1"]
    assert seen.threads == {"cust-1@example.org": made.ticket.id}
    assert seen.tickets == {made.ticket.id: made.ticket}
    assert seen.sender is not None and seen.sender.ack_times == ("2026-11-24T09:00:00Z",)
    assert (new.taken, new.threads, new.tickets, new.sender) == ((), {}, {}, None)
    assert nobody.sender is None
