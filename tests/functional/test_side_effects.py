"""What the desk says it did, it did, once: mail and events are recorded with the change that
causes them, sent after, and recovered by the sweeper when the sending failed or the process died."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of
from tests.functional.mailbox import customer_mail, deliver


def _desk(later: timedelta = timedelta(0)) -> Any:
    from chalicelib.domain.clock import utcnow
    from chalicelib.services.context import desk

    current = desk()
    current.clock = lambda: utcnow() + later
    return current


def _sweep_outbox(later: timedelta = timedelta(minutes=3)) -> dict[str, Any]:
    from chalicelib.services import outbox

    return dict(outbox.retry_due(_desk(later)))


def _mail_to(aws: dict[str, str], address: str) -> list[Any]:
    return [m for m in outbox_messages(aws["outbox"]) if address in str(m["To"])]


def _open(client: Any, keys: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = call(client, "POST", "/tickets", keys["storefront"], new_ticket(**overrides))
    assert response.status_code == 201, response.json_body
    return dict(response.json_body["ticket"])


def test_sixteen_parallel_replies_mail_exactly_what_the_ticket_records(client, keys, aws):
    ticket = _open(client, keys)
    answers: dict[int, Any] = {}

    def reply(number: int) -> None:
        for _ in range(20):  # a client that is told "retry" retries, as it should
            response = call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"],
                            {"body": f"Answer number {number}.", "keep_open": True})
            if response.status_code != 409:
                break
        answers[number] = response

    threads = [threading.Thread(target=reply, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers.values()) == [201] * 16
    mailed = [text_of(m) for m in _mail_to(aws, "jane@example.org") if "Answer number" in text_of(m)]
    history = call(client, "GET", f"/tickets/{ticket['id']}", keys["agent_tier1"]).json_body["ticket"]
    recorded = [m["body"] for m in history["messages"] if m["direction"] == "outbound"]
    assert sorted(recorded) == sorted(f"Answer number {n}." for n in range(16))
    for number in range(16):
        assert sum(f"Answer number {number}." in text for text in mailed) == 1


def test_a_retried_reply_sends_nothing_new(client, keys, aws):
    ticket = _open(client, keys)
    path = f"/tickets/{ticket['id']}/replies"
    keyed = {"Idempotency-Key": "reply-7781"}

    first = call(client, "POST", path, keys["agent_tier1"], {"body": "We are on it."}, keyed)
    again = call(client, "POST", path, keys["agent_tier1"], {"body": "We are on it."}, keyed)
    other = call(client, "POST", path, keys["agent_tier1"], {"body": "Something else."}, keyed)
    unkeyed = call(client, "POST", path, keys["agent_tier1"], {"body": "Your refund is on its way."})
    unkeyed_again = call(client, "POST", path, keys["agent_tier1"], {"body": "Your refund is on its way."})

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 422)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json_body["message"]["id"] == first.json_body["message"]["id"]
    assert other.json_body["error"]["code"] == "idempotency_key_reused"
    assert (unkeyed.status_code, unkeyed_again.status_code) == (201, 200)
    assert unkeyed_again.json_body["message"]["id"] == unkeyed.json_body["message"]["id"]
    replies = [m for m in _mail_to(aws, "jane@example.org") if "Auto-Submitted" not in m]
    assert len(replies) == 2


def test_first_reply_threads_with_the_acknowledgement_and_every_mail_is_dated(client, keys, aws):
    ticket = _open(client, keys)
    [ack] = outbox_messages(aws["outbox"])

    call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"], {"body": "Tracking updated."})

    [reply] = [m for m in outbox_messages(aws["outbox"]) if m is not ack and "Auto-Submitted" not in m]
    assert reply["In-Reply-To"] == ack["Message-ID"]
    assert ack["Message-ID"] in reply["References"]
    assert reply["Subject"] == f"Re: {ack['Subject']}"
    assert ack["Date"] and reply["Date"]


def test_reply_copies_the_people_the_customer_copied_in(client, keys, aws):
    mail = customer_mail(Cc="Partner <partner@example.org>")
    outcome = deliver(client, aws, mail.as_bytes())

    response = call(client, "POST", f"/tickets/{outcome['ticket_id']}/replies", keys["agent_tier1"],
                    {"body": "Both of you will get the replacement details."})

    assert response.status_code == 201
    [reply] = [m for m in outbox_messages(aws["outbox"]) if "replacement details" in text_of(m)]
    assert "partner@example.org" in str(reply["Cc"])


def test_an_acknowledgement_that_could_not_be_sent_is_sent_by_the_sweeper_once(client, keys, aws):
    from chalicelib.adapters.mailer import Mailer
    from chalicelib.domain.access import Caller
    from chalicelib.services import intake
    from chalicelib.services.schemas import NewTicket

    unreachable = boto3.client("sesv2", endpoint_url="http://127.0.0.1:9",
                               config=Config(retries={"max_attempts": 1}, connect_timeout=1))
    broken = _desk()
    broken.mailer = Mailer(sesv2=unreachable)
    opened = intake.open_from_api(broken, NewTicket.model_validate(new_ticket()),
                                  Caller(role="storefront", key_id="k1", label="shop"), None)

    assert not opened.acknowledged
    assert outbox_messages(aws["outbox"]) == []
    assert _sweep_outbox(timedelta(seconds=30))["outbox_done"] == []  # the sender's lease still holds

    swept = _sweep_outbox()
    again = _sweep_outbox(timedelta(minutes=30))

    [ack] = outbox_messages(aws["outbox"])
    assert opened.ticket.id in ack["Subject"]
    assert len(swept["outbox_done"]) == 1
    assert again["outbox_done"] == []


def test_work_saved_by_a_process_that_died_before_sending_is_carried_out(client, keys, aws, monkeypatch):
    from chalicelib.services import outbox

    monkeypatch.setattr(outbox, "deliver", lambda desk, work: {})  # the process dies right after saving
    ticket = _open(client, keys)
    monkeypatch.undo()
    assert outbox_messages(aws["outbox"]) == []

    swept = _sweep_outbox()

    assert len(swept["outbox_done"]) == 2  # the acknowledgement and the SLA timer
    [ack] = outbox_messages(aws["outbox"])
    assert ticket["id"] in ack["Subject"]
    execution = boto3.client("stepfunctions").describe_execution(
        executionArn=aws["STATE_MACHINE_ARN"].replace(":stateMachine:", ":execution:") + f":{ticket['id']}")
    assert execution["status"] in {"RUNNING", "SUCCEEDED"}
    assert _sweep_outbox(timedelta(hours=2))["outbox_done"] == []


def test_mail_that_ses_refuses_for_good_is_given_up_and_shown_on_the_ticket(client, keys, aws):
    sesv2 = boto3.client("sesv2")
    for identity in (aws["SUPPORT_ADDRESS"], aws["SUPPORT_ADDRESS"].rsplit("@", 1)[1]):
        sesv2.delete_email_identity(EmailIdentity=identity)

    ticket = _open(client, keys)

    history = call(client, "GET", f"/tickets/{ticket['id']}", keys["agent_tier1"]).json_body["ticket"]
    [note] = [e for e in history["events"] if e["action"] == "email.not_sent"]
    assert note["detail"]["purpose"] == "acknowledgement"
    assert _sweep_outbox(timedelta(hours=1))["outbox_done"] == []


def test_a_committed_ticket_whose_write_was_retried_is_not_lost(client, keys, aws, monkeypatch):
    from chalicelib.adapters.ports import AlreadyExists
    from chalicelib.adapters.repository import DynamoTickets

    real = DynamoTickets.create

    def committed_then_retried(self: Any, ticket: Any, *args: Any, **kwargs: Any) -> None:
        real(self, ticket, *args, **kwargs)
        # botocore's retry of the same transaction finds everything it wrote already there
        raise AlreadyExists(["ticket", f"message_id:{ticket.ack_message_id}"])

    monkeypatch.setattr(DynamoTickets, "create", committed_then_retried)
    response = call(client, "POST", "/tickets", keys["storefront"], new_ticket())

    assert response.status_code == 201
    [ack] = outbox_messages(aws["outbox"])
    assert response.json_body["ticket"]["id"] in ack["Subject"]


@pytest.mark.parametrize("name", ["Jane\r\nBcc: victim@example.net", "Jane\x00\x07 Doe", "Jane\u2028Doe"])
def test_control_characters_in_a_name_never_break_mail(client, keys, aws, name):
    response = call(client, "POST", "/tickets", keys["storefront"],
                    new_ticket(customer={"email": "jane@example.org", "name": name}))

    assert response.status_code in {201, 400}, response.json_body
    if response.status_code == 400:
        assert outbox_messages(aws["outbox"]) == []
        return
    ticket = response.json_body["ticket"]
    [ack] = outbox_messages(aws["outbox"])
    assert ack["Bcc"] is None
    reply = call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"], {"body": "Hello."})
    assert reply.status_code == 201


def test_a_granted_remedy_is_published_once_even_when_the_bus_was_down(client, keys, aws):
    events = boto3.client("events")
    ticket = _open(client, keys)
    events.delete_event_bus(Name=aws["EVENT_BUS_NAME"])

    granted = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"],
                   {"type": "store_credit", "amount": "5", "currency": "USD", "reason": "late parcel"})
    assert granted.status_code == 201
    assert granted.json_body["remedy"]["published_at"] is None

    events.create_event_bus(Name=aws["EVENT_BUS_NAME"])
    swept = _sweep_outbox(timedelta(minutes=5))

    assert [w for w in swept["outbox_done"] if w.startswith("remedy-granted.")]
    listed = call(client, "GET", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"]).json_body
    assert listed["remedies"][0]["published_at"]
    assert _sweep_outbox(timedelta(hours=3))["outbox_done"] == []
