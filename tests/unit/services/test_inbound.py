"""Inbound mail on the in-memory ports: exactly once, threaded, quarantined with a reason."""

from __future__ import annotations

import itertools
from email.message import EmailMessage

import pytest

from chalicelib.errors import Conflict
from chalicelib.mail.ses_event import Delivery
from chalicelib.services import inbound, quarantine, replies
from tests.unit.services.conftest import TIER1

_ids = itertools.count(1)


def customer_mail(subject: str = "Kettle stopped working", body: str = "My kettle stopped working after "
                  "two days. It does not heat at all. Order 4411.", message_id: str | None = "<cust-1@example.org>",
                  **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Rosa <rosa@example.org>"
    message["To"] = "support@example.com"
    message["Subject"] = subject
    message["Date"] = "Tue, 24 Nov 2026 09:00:00 +0000"
    if message_id:
        message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def deliver(fake, raw: bytes, ses_id: str | None = None, source: str = "rosa@example.org",
            **verdicts: str) -> inbound.Outcome:
    """As SES does: the raw message into the bucket, then the delivery."""
    ses_id = ses_id or f"sesmsg{next(_ids):06d}x"
    bucket = fake.desk.settings.raw_mail_bucket
    fake.blobs.put(bucket, f"inbound/{ses_id}", raw, "message/rfc822")
    return inbound.process(fake.desk, Delivery(ses_message_id=ses_id, bucket=bucket, key=f"inbound/{ses_id}",
                                               recipients=["support@example.com"], source=source,
                                               verdicts=dict(verdicts)))


def test_a_customer_email_opens_a_ticket_once_however_often_it_comes(fake):
    first = deliver(fake, customer_mail(), ses_id="ses-a")
    again = deliver(fake, customer_mail(), ses_id="ses-a")
    elsewhere = deliver(fake, customer_mail(), ses_id="ses-b")  # the same message to a second address

    assert (first.kind, first.acknowledged) == ("ticket", True)
    assert (again.kind, elsewhere.kind) == ("duplicate", "duplicate")
    [ack] = fake.mail_to("rosa@example.org")
    assert ack["In-Reply-To"] == "<cust-1@example.org>"
    ticket = fake.store.tickets.get(first.ticket_id)
    assert ticket.channel == "email" and ticket.last_inbound_message_id == "cust-1@example.org"


def test_replies_thread_by_our_message_id_their_message_id_and_the_id_ses_gave_ours(fake):
    opened = deliver(fake, customer_mail())
    [ack] = fake.mail_to("rosa@example.org")
    by_ours = deliver(fake, customer_mail(subject="Re: kettle", body="Any news?", message_id="<cust-2@example.org>",
                                          In_Reply_To=ack["Message-ID"]))
    by_theirs = deliver(fake, customer_mail(subject="Also", body="And the lid is cracked.",
                                            message_id="<cust-3@example.org>", References="<cust-1@example.org>"))
    sent = replies.reply(fake.desk, opened.ticket_id, "Which colour would you like?", TIER1)
    by_ses = deliver(fake, customer_mail(subject="Re: colour", body="Red, please.", message_id="<cust-4@example.org>",
                                         In_Reply_To=f"<{sent.message.ses_message_id}@email.amazonses.com>"))

    assert (by_ours.kind, by_ours.ticket_id, by_ours.reason) == ("message", opened.ticket_id, "threaded by in_reply_to")
    assert (by_theirs.ticket_id, by_theirs.reason) == (opened.ticket_id, "threaded by references")
    assert by_ses.ticket_id == opened.ticket_id
    assert fake.store.tickets.get(opened.ticket_id).status == "open"


def test_spam_is_quarantined_listed_and_can_be_released_once(fake):
    held = deliver(fake, customer_mail(), spam="FAIL")

    assert held.kind == "quarantined" and fake.mailer.sent == []
    assert [q.id for q in quarantine.listing(fake.desk, 10)] == [held.quarantine_id]

    released, outcome = quarantine.release(fake.desk, held.quarantine_id, TIER1)

    assert outcome.kind == "ticket" and released.released_ticket_id == outcome.ticket_id
    assert quarantine.listing(fake.desk, 10) == []
    with pytest.raises(Conflict):
        quarantine.release(fake.desk, held.quarantine_id, TIER1)


def test_a_bounce_of_our_acknowledgement_marks_the_customer(fake):
    opened = deliver(fake, customer_mail())
    [ack] = fake.mail_to("rosa@example.org")
    bounce = (
        "From: MAILER-DAEMON@mx.example.org\r\nTo: support@example.com\r\nSubject: Undelivered Mail\r\n"
        "Message-ID: <bounce-1@mx.example.org>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
        "Final-Recipient: rfc822; rosa@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        f"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {ack['Message-ID']}\r\n"
        f"To: rosa@example.org\r\nSubject: {ack['Subject']}\r\n\r\n--b--\r\n"
    ).encode()

    outcome = deliver(fake, bounce, source="")

    assert (outcome.kind, outcome.ticket_id) == ("message", opened.ticket_id)
    assert fake.store.customers.profile("rosa@example.org").bouncing
    ticket = fake.store.tickets.get(opened.ticket_id)
    assert ticket.customer_bouncing and ticket.status == "new"
    again = deliver(fake, customer_mail(subject="Another thing", body="A new question.", message_id="<n@x.org>"))
    assert again.kind == "ticket" and not again.acknowledged
    assert len(fake.mailer.sent) == 1


def test_acknowledgements_are_rate_limited_per_sender(fake):
    outcomes = [deliver(fake, customer_mail(subject=f"Question {n}", body=f"Question number {n}",
                                            message_id=f"<q{n}@example.org>")) for n in range(7)]
    fake.clock.advance(hours=2)
    later = deliver(fake, customer_mail(subject="Later", body="One more question", message_id="<q9@example.org>"))

    assert [o.acknowledged for o in outcomes] == [True] * 5 + [False] * 2
    assert later.acknowledged
