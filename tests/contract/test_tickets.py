"""What `Tickets` and `Customers` promise, on every store."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from chalicelib.adapters.ports import AlreadyExists, BadPosition, Claim
from chalicelib.domain.models import Direction, TicketSummary
from chalicelib.errors import Conflict
from tests.contract.records import NOW, event, message, opened, opening, work


def test_a_new_ticket_is_stored_with_its_customer_first_message_and_event(store):
    made = opening(name="Kim")

    store.tickets.create(*made.parts())

    assert store.tickets.get(made.ticket.id) == made.ticket
    assert store.tickets.get("T-0000000000") is None
    messages, _ = store.tickets.messages(made.ticket.id, 10)
    events, _ = store.tickets.events(made.ticket.id, 10)
    assert messages == [made.message]
    assert [e.action for e in events] == ["ticket.created"]
    profile = store.customers.profile("KIM@example.org")
    assert profile is not None and not profile.bouncing


def test_a_ticket_number_already_taken_is_refused_and_nothing_written(store):
    first = opened(store)
    again = opening()
    again.ticket = first.model_copy(update={"subject": "other"})

    with pytest.raises(AlreadyExists) as taken:
        store.tickets.create(*again.parts())

    assert "ticket" in taken.value.reasons
    assert store.tickets.get(first.id).subject == "s"


def test_a_taken_claim_leaves_nothing_half_written(store):
    first = opening()
    claim = Claim("idempotency", "abc", {"request_hash": "h1"})
    store.tickets.create(*first.parts(), claims=Claim.bind((claim,), ticket_id=first.ticket.id))
    second = opening()

    with pytest.raises(AlreadyExists) as taken:
        store.tickets.create(*second.parts(), claims=(claim,))

    assert taken.value.reasons == ["idempotency:abc"]
    assert taken.value.taken_among([Claim("reply", "abc"), claim]) == claim
    assert [c.label for c in taken.value.claims] == ["idempotency:abc"]
    assert store.tickets.get(second.ticket.id) is None
    assert store.claims.find(claim) == {"request_hash": "h1", "ticket_id": first.ticket.id}


def test_customers_keep_their_acknowledgement_times(store):
    store.tickets.create(*opening(email="ann@example.org", name="Ann").parts(), ack_times=["2026-11-24T09:00:00Z"])
    store.tickets.create(*opening(email="ann@example.org").parts())

    assert store.customers.profile("ann@example.org").ack_times == ("2026-11-24T09:00:00Z",)

    store.tickets.create(*opening(email="ann@example.org").parts(),
                         ack_times=["2026-11-24T09:00:00Z", "2026-11-24T09:30:00Z"])

    assert store.customers.profile("ann@example.org").ack_times == ("2026-11-24T09:00:00Z", "2026-11-24T09:30:00Z")


def test_tickets_of_one_sender_opened_at_once_never_conflict_on_its_profile(store):
    """A marketplace relay address sends for thousands of customers: its profile is not part of
    any ticket's transaction, so 16 tickets opened at once are all stored."""
    from concurrent.futures import ThreadPoolExecutor

    openings = [opening(email="relay@marketplace.example") for _ in range(16)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda made: store.tickets.create(*made.parts(), ack_times=[]), openings))

    assert all(store.tickets.get(made.ticket.id) is not None for made in openings)
    assert store.customers.profile("relay@marketplace.example") is not None


def test_a_bouncing_address_is_marked_even_without_a_profile(store):
    opened(store)

    store.customers.mark_bouncing("kim@example.org", "mailbox full", NOW)
    store.customers.mark_bouncing("cc@example.org", "no such user", NOW)

    assert store.customers.profile("kim@example.org").bouncing
    assert store.customers.profile("cc@example.org").bouncing
    assert store.customers.profile("nobody@example.org") is None


def test_a_stale_version_is_refused_and_its_event_not_written(store):
    ticket = opened(store)
    store.tickets.save(ticket.model_copy(update={"status": "open", "version": 2}), 1)
    stale = ticket.model_copy(update={"status": "resolved", "version": 2})

    with pytest.raises(Conflict) as refused:
        store.tickets.save(stale, 1, events=(event(ticket, NOW, "lost"),), messages=(message(ticket, NOW),))

    assert refused.value.code == "version_conflict"
    assert store.tickets.get(ticket.id).status == "open"
    assert [e.action for e in store.tickets.events(ticket.id, 10)[0]] == ["ticket.created"]
    assert len(store.tickets.messages(ticket.id, 10)[0]) == 1


def test_parallel_saves_from_one_version_let_exactly_one_through(store):
    ticket = opened(store)
    outcomes: list[str] = []

    def save(n: int) -> None:
        try:
            store.tickets.save(ticket.model_copy(update={"subject": f"s{n}", "version": 2}), 1,
                               events=(event(ticket, NOW + timedelta(seconds=1), f"saved.{n}"),))
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * 5 + ["saved"]
    winner = store.tickets.get(ticket.id).subject
    assert [e.action for e in store.tickets.events(ticket.id, 10)[0]] == [f"saved.{winner[1:]}", "ticket.created"]


def test_a_save_writes_its_events_messages_claims_threads_and_work_together(store):
    ticket = opened(store)
    reply = message(ticket, NOW + timedelta(minutes=1), Direction.OUTBOUND)
    promised = work(ticket)
    claim = Claim("reply", "r1", {"message_id": reply.id}, ttl=int(time.time()) + 600)

    store.tickets.save(ticket.model_copy(update={"version": 2}), 1, events=(event(ticket, NOW, "reply.sent"),),
                       messages=(reply,), claims=(claim,), thread_keys=("their-id@example.org",), outbox=(promised,))

    assert store.tickets.get(ticket.id).version == 2
    assert store.tickets.message(ticket.id, reply.model_dump(mode="json")["created_at"], reply.id) == reply
    assert store.claims.find(claim) == {"message_id": reply.id}
    assert store.inbound.threads(["their-id@example.org", "unknown@example.org"]) == {
        "their-id@example.org": ticket.id}
    assert [w.id for w in store.outbox.of_ticket(ticket.id)] == [promised.id]


def test_a_save_whose_claim_is_taken_is_not_a_version_conflict(store):
    ticket = opened(store)
    claim = Claim("reply", "same", {})
    store.tickets.save(ticket.model_copy(update={"version": 2}), 1, claims=(claim,))

    with pytest.raises(AlreadyExists) as taken:
        store.tickets.save(ticket.model_copy(update={"version": 3}), 2, claims=(claim,))

    assert taken.value.reasons == ["reply:same"]
    assert store.tickets.get(ticket.id).version == 2


def test_a_message_can_be_attached_without_changing_the_ticket_once_per_claim(store):
    ticket = opened(store)
    bounce = message(ticket, NOW + timedelta(minutes=1))
    claim = Claim("inbound_ses", "ses-1", {"ticket_id": ticket.id})

    store.tickets.attach(bounce, event(ticket, NOW + timedelta(minutes=1), "mail.bounce"), (claim,))
    with pytest.raises(AlreadyExists):
        store.tickets.attach(message(ticket, NOW + timedelta(minutes=2)), event(ticket, NOW, "mail.bounce"), (claim,))

    assert store.tickets.get(ticket.id).version == 1
    newest, first = store.tickets.messages(ticket.id, 10)[0]
    assert (newest.id, first.direction) == (bounce.id, "inbound") and newest.id != first.id


def test_history_pages_come_newest_first_and_continue_from_their_position(store):
    ticket = opened(store)
    [first] = store.tickets.messages(ticket.id, 10)[0]
    later = [message(ticket, NOW + timedelta(minutes=n), Direction.NOTE if n % 2 else Direction.OUTBOUND)
             for n in range(1, 6)]
    store.tickets.save(ticket.model_copy(update={"version": 2}), 1, messages=later)

    seen: list[str] = []
    position = None
    for _ in range(10):
        page, position = store.tickets.messages(ticket.id, 2, position)
        assert len(page) <= 2
        seen += [m.id for m in page]
        if position is None:
            break
    public, _ = store.tickets.messages(ticket.id, 10, keep=lambda m: m.direction != Direction.NOTE)

    assert seen == [m.id for m in reversed(later)] + [first.id]
    assert [m.direction for m in public] == ["outbound", "outbound", "inbound"]


def test_a_filtered_page_skips_what_it_leaves_out(store):
    ticket = opened(store)
    notes = [message(ticket, NOW + timedelta(minutes=n), Direction.NOTE) for n in range(1, 4)]
    store.tickets.save(ticket.model_copy(update={"version": 2}), 1, messages=notes)

    page, position = store.tickets.messages(ticket.id, 1, keep=lambda m: m.direction != Direction.NOTE)

    assert [m.direction for m in page] == ["inbound"]
    if position is not None:  # a store may not know yet that nothing follows
        assert store.tickets.messages(ticket.id, 1, position) == ([], None)


def test_a_position_from_another_listing_is_refused(store):
    ticket = opened(store)
    store.tickets.save(ticket.model_copy(update={"version": 2}), 1,
                       messages=[message(ticket, NOW + timedelta(minutes=1))],
                       events=[event(ticket, NOW + timedelta(minutes=1))])
    _, message_position = store.tickets.messages(ticket.id, 1)
    _, event_position = store.tickets.events(ticket.id, 1)
    assert message_position and event_position

    with pytest.raises(BadPosition):
        store.tickets.events(ticket.id, 1, message_position)
    with pytest.raises(BadPosition):
        store.tickets.messages(ticket.id, 1, event_position)


def test_customer_tickets_come_newest_first_across_pages(store):
    made = [opened(store, at=NOW + timedelta(minutes=n)) for n in range(5)]
    opened(store, email="other@example.org")

    first, position = store.tickets.for_customer("kim@example.org", 2)
    second, position2 = store.tickets.for_customer("kim@example.org", 2, position)
    third, end = store.tickets.for_customer("kim@example.org", 2, position2)
    if end is not None:
        assert store.tickets.for_customer("kim@example.org", 2, end)[0] == []

    assert [t.id for t in first + second + third] == [t.id for t in reversed(made)]
    with pytest.raises(BadPosition):
        store.tickets.for_customer("other@example.org", 2, position)


def test_queue_merges_statuses_by_priority_then_deadline(store):
    low_soon = opened(store, priority="low", due_hours=1)
    critical_late = opened(store, priority="critical", due_hours=10)
    normal_open = opened(store, priority="normal", due_hours=2)
    normal_later = opened(store, priority="normal", due_hours=3)
    store.tickets.save(normal_open.model_copy(update={"status": "open", "version": 2}), 1)
    store.tickets.save(normal_later.model_copy(update={"tier": 2, "version": 2}), 1)

    queue = store.tickets.queue(1, ("new", "open"), 10)

    assert [t.id for t in queue] == [critical_late.id, normal_open.id, low_soon.id]
    assert [t.id for t in store.tickets.queue(1, ("new", "open"), 2)] == [critical_late.id, normal_open.id]
    assert [t.id for t in store.tickets.queue(1, ("new",), 10)] == [critical_late.id, low_soon.id]
    assert [t.id for t in store.tickets.queue(2, ("new", "open", "pending"), 10)] == [normal_later.id]


def test_queue_rows_are_the_queue_read_for_what_a_list_shows(store):
    waiting = [opened(store, priority=p, due_hours=h) for p, h in (("low", 1), ("critical", 5), ("normal", 2))]
    owned = waiting[2].model_copy(update={"status": "open", "version": 2, "assignee": "ana@shop.example",
                                          "assignee_name": "Ana", "tags": ["vip"], "order_id": "A-1"})
    store.tickets.save(owned, 1)

    rows = store.tickets.queue_summaries(1, ("new", "open"), 10)

    assert rows == [TicketSummary.of(t) for t in store.tickets.queue(1, ("new", "open"), 10)]
    assert [r.id for r in rows] == [waiting[1].id, owned.id, waiting[0].id]
    assert (rows[1].assignee_name, rows[1].tags, rows[1].order_id, rows[1].sla) == ("Ana", ["vip"], "A-1", owned.sla)
    assert [r.id for r in store.tickets.queue_summaries(1, ("new",), 1)] == [waiting[1].id]


def test_resolved_and_closed_tickets_leave_the_queue(store):
    ticket = opened(store)
    store.tickets.save(ticket.model_copy(update={"status": "resolved", "version": 2}), 1)

    assert store.tickets.queue(1, ("new", "open", "pending", "resolved", "closed"), 10) == []


def test_the_sweeper_reads_only_what_is_overdue_earliest_deadline_first_whatever_the_tier(store):
    overdue_normal = opened(store, priority="normal", due_hours=1)
    overdue_critical = opened(store, priority="critical", due_hours=2)
    overdue_tier3 = opened(store, priority="low", due_hours=0.5)
    store.tickets.save(overdue_tier3.model_copy(update={"tier": 3, "version": 2}), 1)
    opened(store, priority="critical", due_hours=5)  # not yet
    resolved = opened(store, due_hours=1)
    store.tickets.save(resolved.model_copy(update={"status": "resolved", "version": 2}), 1)

    found = store.tickets.overdue(NOW + timedelta(hours=3), 10)

    assert [t.id for t in found] == [overdue_tier3.id, overdue_normal.id, overdue_critical.id]
    assert [t.id for t in store.tickets.overdue(NOW + timedelta(hours=3), 2)] == [overdue_tier3.id, overdue_normal.id]
    assert store.tickets.overdue(NOW, 10) == []


def test_a_recorded_breach_moves_a_ticket_to_its_next_deadline(store):
    ticket = opened(store, due_hours=1)  # first response due in 1 h, resolution in 4 h
    sla = ticket.sla.model_copy(update={"breaches": ["first_response"]})
    store.tickets.save(ticket.model_copy(update={"sla": sla, "version": 2}), 1)

    assert store.tickets.overdue(NOW + timedelta(hours=3), 10) == []
    assert [t.id for t in store.tickets.overdue(NOW + timedelta(hours=4), 10)] == [ticket.id]

    sla = sla.model_copy(update={"breaches": ["first_response", "resolution"]})
    store.tickets.save(ticket.model_copy(update={"sla": sla, "version": 3}), 2)
    assert store.tickets.overdue(NOW + timedelta(days=30), 10) == []


def test_a_ticket_put_off_by_the_sweeper_is_not_overdue_until_then(store):
    ticket = opened(store, due_hours=1)
    store.tickets.save(ticket.model_copy(update={"sweep_after": NOW + timedelta(hours=2), "version": 2}), 1)

    assert store.tickets.overdue(NOW + timedelta(hours=1, minutes=30), 10) == []
    assert [t.id for t in store.tickets.overdue(NOW + timedelta(hours=2), 10)] == [ticket.id]


def test_queues_and_the_sweeper_list_tickets_spread_over_every_shard(store):
    # Opened a second apart (ticket numbers come from the time), each due an hour later.
    made = [opened(store, due_hours=1, at=NOW + timedelta(seconds=n)) for n in range(40)]

    assert [t.id for t in store.tickets.queue(1, ("new",), 100)] == [t.id for t in made]
    assert [t.id for t in store.tickets.queue(1, ("new",), 7)] == [t.id for t in made[:7]]
    assert [t.id for t in store.tickets.overdue(NOW + timedelta(hours=3), 100)] == [t.id for t in made]
