"""Opening a ticket: stored once, acknowledged once, its timer started; on the in-memory ports."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.ports import AlreadyExists
from chalicelib.errors import PermanentFailure, Unprocessable, UpstreamError
from chalicelib.services import escalation, intake, outbox, timer_work
from chalicelib.services.schemas import NewTicket
from tests.unit.services.conftest import STOREFRONT


def request(**overrides: Any) -> NewTicket:
    body: dict[str, Any] = {
        "customer": {"email": "jane@example.org", "name": "Jane Doe"},
        "subject": "My parcel never arrived",
        "body": "I ordered a kettle two weeks ago (order 1001) and it has still not arrived.",
        "order_id": "1001",
    }
    body.update(overrides)
    return NewTicket.model_validate(body)


def test_a_new_ticket_is_stored_acknowledged_and_timed(fake):
    opened = intake.open_from_api(fake.desk, request(), STOREFRONT, None)

    ticket = opened.ticket
    assert opened.acknowledged and not opened.replayed
    assert fake.store.tickets.get(ticket.id) == ticket
    [ack] = fake.mail_to("jane@example.org")
    assert ticket.id in ack["Subject"] and ack["Message-ID"] == f"<{ticket.ack_message_id}>"
    assert fake.workflows.timer_status(ticket.id) == "RUNNING"
    assert {w.status for w in fake.store.outbox.of_ticket(ticket.id)} == {"sent"}
    sent = fake.mailer.sent[0].ses_message_id
    assert fake.store.inbound.threads([f"ses:{sent}", ticket.ack_message_id]) == {
        f"ses:{sent}": ticket.id, ticket.ack_message_id: ticket.id}


def test_a_retried_request_with_the_same_key_returns_the_same_ticket_and_mails_nothing(fake):
    first = intake.open_from_api(fake.desk, request(), STOREFRONT, "order-1001-complaint")
    again = intake.open_from_api(fake.desk, request(), STOREFRONT, "order-1001-complaint")

    assert again.replayed and again.ticket.id == first.ticket.id
    assert len(fake.mailer.sent) == 1


def test_a_key_reused_for_a_different_request_is_refused(fake):
    intake.open_from_api(fake.desk, request(), STOREFRONT, "k-1")

    with pytest.raises(Unprocessable) as refused:
        intake.open_from_api(fake.desk, request(subject="Something else entirely"), STOREFRONT, "k-1")

    assert refused.value.code == "idempotency_key_reused"


def test_a_committed_ticket_whose_write_was_retried_is_not_lost(fake, monkeypatch):
    real = fake.store.tickets.create

    def committed_then_retried(ticket: Any, *args: Any, **kwargs: Any) -> None:
        real(ticket, *args, **kwargs)
        raise AlreadyExists(["ticket"])  # botocore's retry found everything it wrote already there

    monkeypatch.setattr(fake.store.tickets, "create", committed_then_retried)
    opened = intake.open_from_api(fake.desk, request(), STOREFRONT, None)

    assert opened.acknowledged
    assert fake.store.tickets.get(opened.ticket.id) is not None


def test_an_acknowledgement_that_failed_is_sent_by_the_sweeper_once(fake):
    fake.mailer.fail_next(UpstreamError("SES could not be reached"))
    opened = intake.open_from_api(fake.desk, request(), STOREFRONT, None)
    assert not opened.acknowledged and fake.mailer.sent == []

    fake.clock.advance(seconds=30)
    assert outbox.retry_due(fake.desk)["outbox_done"] == []  # the sender's lease still holds
    fake.clock.advance(minutes=3)
    swept = outbox.retry_due(fake.desk)
    fake.clock.advance(minutes=30)
    again = outbox.retry_due(fake.desk)

    assert len(swept["outbox_done"]) == 1 and again["outbox_done"] == []
    [ack] = fake.mail_to("jane@example.org")
    assert opened.ticket.id in ack["Subject"]


def test_mail_refused_for_good_is_given_up_and_shown_on_the_ticket(fake):
    fake.mailer.fail_next(PermanentFailure("SES refused the message for good: MessageRejected"))

    opened = intake.open_from_api(fake.desk, request(), STOREFRONT, None)
    fake.clock.advance(hours=1)

    events, _ = fake.store.tickets.events(opened.ticket.id, 10)
    [note] = [e for e in events if e.action == "email.not_sent"]
    assert note.detail["purpose"] == "acknowledgement"
    assert outbox.retry_due(fake.desk)["outbox_done"] == [] and fake.mailer.sent == []


def test_a_timer_that_could_not_start_is_started_by_the_sweeper(fake):
    fake.workflows.fail_next(UpstreamError("Step Functions unavailable"))
    opened = intake.open_from_api(fake.desk, request(), STOREFRONT, None)
    assert fake.workflows.timer_status(opened.ticket.id) is None

    fake.clock.advance(minutes=5)
    swept = escalation.sweep(fake.desk)

    assert [w for w in swept["outbox_done"] if w.startswith("timer.")] == [f"timer.{opened.ticket.id}"]
    # The timer sleeps until the first deadline worth a look: the first-response warning.
    assert fake.workflows.started[opened.ticket.id] == {
        "ticket_id": opened.ticket.id, "wake_at": timer_work.wake_time(opened.ticket.sla.first_response_warn_at)}


def test_work_that_keeps_failing_is_retried_with_backoff_then_given_up_visibly(fake):
    fake.mailer.fail_next(*[UpstreamError("SES throttled")] * outbox.MAX_ATTEMPTS)
    opened = intake.open_from_api(fake.desk, request(), STOREFRONT, None)
    [ack] = [w for w in fake.store.outbox.of_ticket(opened.ticket.id) if w.kind == "email"]

    fake.clock.advance(minutes=3)  # past the sender's lease: the first retry
    assert outbox.retry_due(fake.desk)["outbox_failed"] == [ack.id]
    assert fake.store.outbox.get(opened.ticket.id, ack.id).attempts == 2
    for _ in range(outbox.MAX_ATTEMPTS):
        fake.clock.advance(hours=5)  # longer than the longest backoff
        outbox.retry_due(fake.desk)

    failed = fake.store.outbox.get(opened.ticket.id, ack.id)
    assert (failed.status, failed.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    [note] = [e for e in fake.store.tickets.events(opened.ticket.id, 50)[0] if e.action == "email.not_sent"]
    assert note.detail["attempts"] == outbox.MAX_ATTEMPTS and fake.mailer.sent == []
