"""Agents' replies and notes on the in-memory ports: threaded, recorded once, mailed once."""

from __future__ import annotations

import pytest

from chalicelib.errors import Conflict, Unprocessable
from chalicelib.services import intake, replies, tickets
from chalicelib.services.schemas import NewTicket, StatusChange
from tests.unit.services.conftest import STOREFRONT, TIER1


@pytest.fixture
def ticket(fake):
    body = NewTicket.model_validate({"customer": {"email": "jane@example.org", "name": "Jane"},
                                     "subject": "Where is my order?", "body": "It has not arrived yet."})
    return intake.open_from_api(fake.desk, body, STOREFRONT, None).ticket


def _replies(fake):
    return [m for m in fake.mail_to("jane@example.org") if "Auto-Submitted" not in m]


def test_a_reply_threads_with_the_acknowledgement_and_waits_on_the_customer(fake, ticket):
    fake.clock.advance(minutes=5)

    done = replies.reply(fake.desk, ticket.id, "Tracking updated: it arrives Friday.", TIER1)

    [ack] = fake.mail_to("jane@example.org")[:1]
    [mail] = _replies(fake)
    assert mail["In-Reply-To"] == ack["Message-ID"] and ack["Message-ID"] in mail["References"]
    assert done.ticket.status == "pending" and done.ticket.first_response_at == fake.clock.now
    assert done.message.ses_message_id == fake.mailer.sent[-1].ses_message_id
    stored = fake.store.tickets.message(ticket.id, done.message.model_dump(mode="json")["created_at"],
                                        done.message.id)
    assert stored.ses_message_id == done.message.ses_message_id


def test_a_retried_reply_sends_nothing_new(fake, ticket):
    first = replies.reply(fake.desk, ticket.id, "We are on it.", TIER1, idempotency_key="reply-7781")
    again = replies.reply(fake.desk, ticket.id, "We are on it.", TIER1, idempotency_key="reply-7781")
    with pytest.raises(Unprocessable) as reused:
        replies.reply(fake.desk, ticket.id, "Something else.", TIER1, idempotency_key="reply-7781")

    assert again.replayed and again.message.id == first.message.id
    assert reused.value.code == "idempotency_key_reused"
    assert len(_replies(fake)) == 1


def test_the_same_text_again_is_a_double_click_within_minutes_and_a_new_reply_after(fake, ticket):
    first = replies.reply(fake.desk, ticket.id, "Your refund is on its way.", TIER1)
    fake.clock.advance(minutes=2)
    double = replies.reply(fake.desk, ticket.id, "Your refund is on its way.", TIER1)
    fake.clock.advance(minutes=11)
    later = replies.reply(fake.desk, ticket.id, "Your refund is on its way.", TIER1)

    assert double.replayed and double.message.id == first.message.id
    assert not later.replayed and later.message.id != first.message.id
    assert len(_replies(fake)) == 2


def test_a_closed_ticket_takes_no_reply(fake, ticket):
    for status in ("resolved", "closed"):
        tickets.set_status(fake.desk, ticket.id, StatusChange(status=status), TIER1)

    with pytest.raises(Conflict) as closed:
        replies.reply(fake.desk, ticket.id, "Hello?", TIER1)

    assert closed.value.code == "ticket_closed"
    assert _replies(fake) == []


def test_a_note_is_kept_and_never_mailed(fake, ticket):
    fake.clock.advance(minutes=1)
    updated, note = replies.note(fake.desk, ticket.id, "Customer called, very upset.", TIER1)

    assert note.direction == "note" and updated.version == ticket.version + 1
    assert _replies(fake) == []
    newest, _ = fake.store.tickets.messages(ticket.id, 1)
    assert newest == [note]
