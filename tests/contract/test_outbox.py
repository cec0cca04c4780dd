"""What `Outbox` promises, on every store: work written with a change is due after its lease,
leased by one worker at a time, done once (with what it changed), retried later or given up."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.adapters.ports import Claim
from chalicelib.domain.models import Direction
from tests.contract.records import NOW, event, message, opening, remedy, work


def _with_work(store, *promised_for_ticket):
    made = opening()
    promised = [w(made.ticket) for w in promised_for_ticket]
    store.tickets.create(*made.parts(), outbox=promised)
    return made.ticket, promised


def test_work_recorded_with_a_ticket_is_due_once_its_lease_has_passed(store):
    ticket, [mail] = _with_work(store, lambda t: work(t))

    assert store.outbox.due(NOW, 10) == []
    assert store.outbox.due(NOW + timedelta(minutes=2), 10) == []  # due strictly after the lease
    [due] = store.outbox.due(NOW + timedelta(minutes=3), 10)
    assert due == mail and due.mime == mail.mime
    assert store.outbox.get(ticket.id, mail.id) == mail
    assert store.outbox.get(ticket.id, "missing") is None


def test_due_work_comes_earliest_first_within_the_limit(store):
    made = [_with_work(store, lambda t, n=n: work(t, at=NOW + timedelta(seconds=n)))[1][0] for n in (30, 10, 20)]

    due = store.outbox.due(NOW + timedelta(hours=1), 2)

    assert [w.id for w in due] == [made[1].id, made[2].id]


def test_work_is_leased_to_one_worker_at_a_time(store):
    _, [mail] = _with_work(store, lambda t: work(t))
    [seen] = store.outbox.due(NOW + timedelta(minutes=3), 10)
    assert seen.id == mail.id
    until = NOW + timedelta(minutes=5)

    assert store.outbox.lease(seen, until) is True
    assert store.outbox.lease(seen, until) is False  # a second worker read the same item

    assert store.outbox.due(NOW + timedelta(minutes=4), 10) == []
    [again] = store.outbox.due(NOW + timedelta(minutes=6), 10)
    assert again.next_attempt_at == until


def test_done_work_records_what_came_back_once(store):
    made = opening()
    reply = message(made.ticket, NOW + timedelta(seconds=1), Direction.OUTBOUND)
    granted = remedy(made.ticket, status="granted")
    at = reply.model_dump(mode="json")["created_at"]
    mail = work(made.ticket, links={"message_id": reply.id, "message_at": at})
    publish = work(made.ticket, kind="event", links={"remedy_id": granted.id})
    store.tickets.create(*made.parts(), outbox=(mail,))
    store.tickets.save(made.ticket.model_copy(update={"version": 2}), 1, messages=(reply,))
    store.remedies.record(granted, event(made.ticket, NOW), Claim("remedy", "r"), (publish,))

    assert store.outbox.done(mail, {"ses_message_id": "0100abc"}, thread_key="ses:0100abc") is True
    assert store.outbox.done(mail, {"ses_message_id": "0100abc"}, thread_key="ses:0100abc") is False
    assert store.outbox.done(publish, {}) is True

    sent = store.outbox.get(made.ticket.id, mail.id)
    assert (sent.status, sent.result, sent.mime) == ("sent", {"ses_message_id": "0100abc"}, None)
    assert sent.done_at is not None
    assert store.tickets.message(made.ticket.id, at, reply.id).ses_message_id == "0100abc"
    assert store.inbound.threads(["ses:0100abc"]) == {"ses:0100abc": made.ticket.id}
    assert store.remedies.get(made.ticket.id, granted.id).published_at is not None
    assert store.outbox.due(NOW + timedelta(days=1), 10) == []


def test_work_whose_effect_has_nothing_to_land_on_is_not_marked_done(store):
    ticket, [mail] = _with_work(store, lambda t: work(t, links={"message_id": "gone", "message_at": "2026"}))

    assert store.outbox.done(mail, {"ses_message_id": "x"}, thread_key="ses:x") is False

    assert store.outbox.get(ticket.id, mail.id).status == "pending"
    assert store.inbound.threads(["ses:x"]) == {}


def test_failed_work_is_tried_again_later_then_given_up_visibly(store):
    ticket, [mail] = _with_work(store, lambda t: work(t))

    store.outbox.retry_later(mail, 1, NOW + timedelta(minutes=10), "SES throttled", give_up=False)

    retried = store.outbox.get(ticket.id, mail.id)
    assert (retried.status, retried.attempts, retried.last_error) == ("pending", 1, "SES throttled")
    assert store.outbox.due(NOW + timedelta(minutes=9), 10) == []
    assert [w.id for w in store.outbox.due(NOW + timedelta(minutes=11), 10)] == [mail.id]

    note = event(ticket, NOW + timedelta(minutes=10), "email.not_sent")
    store.outbox.retry_later(retried, 8, NOW + timedelta(hours=1), "refused", give_up=True, event=note)

    failed = store.outbox.get(ticket.id, mail.id)
    assert (failed.status, failed.attempts) == ("failed", 8)
    assert store.outbox.due(NOW + timedelta(days=1), 10) == []
    assert store.tickets.events(ticket.id, 1)[0][0].action == "email.not_sent"
    assert store.outbox.done(failed, {}) is False


def test_a_failure_reported_after_the_work_was_done_changes_nothing(store):
    ticket, [mail] = _with_work(store, lambda t: work(t))
    store.outbox.done(mail, {"ses_message_id": "y"})

    store.outbox.retry_later(mail, 1, NOW + timedelta(minutes=1), "late", give_up=True,
                             event=event(ticket, NOW + timedelta(minutes=1), "email.not_sent"))

    assert store.outbox.get(ticket.id, mail.id).status == "sent"
    assert [e.action for e in store.tickets.events(ticket.id, 10)[0]] == ["ticket.created"]


def test_work_done_together_is_marked_together_and_a_repeat_is_refused_one_by_one(store):
    ticket, [mail, timer] = _with_work(store, lambda t: work(t), lambda t: work(t, kind="timer"))

    assert store.outbox.done_all([(mail, {"ses_message_id": "0100ab1"}, "ses:0100ab1"),
                                  (timer, {"started": True}, None)]) == [True, True]
    assert store.outbox.done_all([(mail, {"ses_message_id": "0100ab1"}, None), (timer, {}, None)]) == [False, False]
    assert {store.outbox.get(ticket.id, w.id).status for w in (mail, timer)} == {"sent"}
    assert store.inbound.threads(["ses:0100ab1"]) == {"ses:0100ab1": ticket.id}
