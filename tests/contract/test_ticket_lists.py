"""What `TicketLists` promises, on every store: newest first, pages that continue where the last
one ended (across the status index's shards), owners and statuses kept current as tickets change,
and opening-date bounds."""

from __future__ import annotations

from datetime import timedelta

from tests.contract.records import NOW, opened


def save(store, ticket, **updates):
    changed = ticket.model_copy(update={**updates, "version": ticket.version + 1})
    store.tickets.save(changed, ticket.version)
    return changed


def pages(listing, limit):
    seen, after = [], None
    while True:
        page, after = listing(limit, after)
        seen += [t.id for t in page]
        if after is None:
            return seen


def test_tickets_by_status_come_newest_first_across_shards_and_pages(store):
    made = [opened(store, at=NOW + timedelta(minutes=n)) for n in range(11)]
    newest_first = [t.id for t in reversed(made)]

    assert pages(lambda n, a: store.ticket_lists.with_status(["new"], n, a), 3) == newest_first
    assert pages(lambda n, a: store.ticket_lists.with_status(["new", "closed"], n, a), 4) == newest_first
    assert store.ticket_lists.with_status(["resolved"], 10) == ([], None)
    window = store.ticket_lists.with_status(["new"], 20, None, NOW + timedelta(minutes=2), NOW + timedelta(minutes=4))
    assert [t.id for t in window[0]] == newest_first[6:9]


def test_an_owner_and_a_status_change_move_the_ticket_between_listings(store):
    first, second = opened(store, at=NOW), opened(store, at=NOW + timedelta(minutes=1))
    first = save(store, first, assignee="ana@store.example", assignee_name="Ana")
    second = save(store, second, assignee="ana@store.example", assignee_name="Ana")

    assert [t.id for t in store.ticket_lists.owned("ANA@store.example", ["new"], 10)[0]] == [second.id, first.id]
    save(store, second, status="resolved")
    save(store, first, assignee=None, assignee_name="")

    assert store.ticket_lists.owned("ana@store.example", ["new"], 10)[0] == []
    assert [t.id for t in store.ticket_lists.owned("ana@store.example", ["resolved"], 10)[0]] == [second.id]
    assert [t.id for t in store.ticket_lists.with_status(["resolved"], 10)[0]] == [second.id]
    assert [t.id for t in store.ticket_lists.with_status(["new"], 10)[0]] == [first.id]


def test_tickets_by_customer_and_by_order_continue_after_a_position(store):
    made = [opened(store, at=NOW + timedelta(minutes=n), email="max@example.org") for n in range(4)]
    for ticket in made[:3]:
        save(store, ticket, order_id="1001")

    assert pages(lambda n, a: store.ticket_lists.for_customer("max@example.org", n, a), 3) == \
        [t.id for t in reversed(made)]
    for limit in (1, 2, 4):  # pages that end exactly on the last ticket lose none
        assert pages(lambda n, a: store.ticket_lists.for_customer("max@example.org", n, a), limit) == \
            [t.id for t in reversed(made)]
    assert pages(lambda n, a: store.ticket_lists.for_order("1001", n, a), 2) == [t.id for t in reversed(made[:3])]
    after_newest = store.ticket_lists.position_of(made[2])
    assert [t.id for t in store.ticket_lists.for_order("1001", 10, after_newest)[0]] == [made[1].id, made[0].id]
