"""Email intake end to end on moto: the SES event, the raw object, the handler, the outcome."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tests.functional.helpers import call, outbox_messages, text_of
from tests.functional.mailbox import customer_mail, deliver

CORPUS = sorted((SHARED_DATA / "emails").rglob("*.eml"))


def _ticket(client, keys, ticket_id):
    return call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"]).json_body["ticket"]


def test_a_customer_email_opens_a_ticket_and_is_acknowledged_in_thread(client, keys, aws):
    outcome = deliver(client, aws, customer_mail().as_bytes())

    assert outcome["kind"] == "ticket" and outcome["acknowledged"]
    ticket = _ticket(client, keys, outcome["ticket_id"])
    assert ticket["channel"] == "email"
    assert ticket["customer"]["email"] == "rosa@example.org"
    assert ticket["category"] == "product_defect"
    [ack] = outbox_messages(aws["outbox"])
    assert ack["In-Reply-To"] == "<cust-1@example.org>"
    assert ack["Auto-Submitted"] == "auto-replied"
    assert outcome["ticket_id"] in ack["Subject"]


def test_replaying_one_ses_event_fifty_times_makes_one_ticket_and_one_ack(client, keys, aws):
    raw = customer_mail().as_bytes()
    outcomes = [deliver(client, aws, raw, ses_id="same-ses-id-1") for _ in range(50)]

    assert [o["kind"] for o in outcomes].count("ticket") == 1
    assert {o["kind"] for o in outcomes[1:]} == {"duplicate"}
    assert len(call(client, "GET", "/customers/rosa@example.org/tickets", keys["storefront"]).json_body["tickets"]) == 1
    assert len(outbox_messages(aws["outbox"])) == 1


def test_replaying_from_eight_threads_makes_one_ticket_and_one_ack(client, keys, aws):
    raw = customer_mail().as_bytes()
    outcomes = []

    def run() -> None:
        outcomes.append(deliver(client, aws, raw, ses_id="parallel-ses-id"))

    workers = [threading.Thread(target=run) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    tickets = call(client, "GET", "/customers/rosa@example.org/tickets", keys["storefront"]).json_body["tickets"]
    assert len(tickets) == 1
    assert len(outbox_messages(aws["outbox"])) == 1
    assert all(o["kind"] in {"ticket", "duplicate"} for o in outcomes)


def test_the_same_message_to_two_support_addresses_is_one_ticket(client, keys, aws):
    raw = customer_mail().as_bytes()
    first = deliver(client, aws, raw, recipients=["support@example.com"])
    second = deliver(client, aws, raw, recipients=["returns@example.com"])

    assert first["kind"] == "ticket"
    assert second["kind"] == "duplicate"


def test_a_reused_message_id_with_new_content_is_not_dropped(client, keys, aws):
    first = deliver(client, aws, customer_mail().as_bytes())
    second = deliver(client, aws, customer_mail(subject="Another question", body="Do you sell filters?").as_bytes())

    assert first["kind"] == "ticket"
    assert second["kind"] in {"ticket", "message"}


def test_a_reply_to_our_acknowledgement_threads_onto_the_ticket(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    [ack] = outbox_messages(aws["outbox"])
    reply = customer_mail(subject=f"Re: {ack['Subject']}", body="Here is a photo of the kettle.\n\n"
                          "On Tue, Support wrote:\n> We received your message",
                          message_id="<cust-2@example.org>", In_Reply_To=ack["Message-ID"],
                          References=f"<cust-1@example.org> {ack['Message-ID']}")

    outcome = deliver(client, aws, reply.as_bytes(), recipients=[ack["Reply-To"]])

    assert outcome == {**outcome, "kind": "message", "ticket_id": opened["ticket_id"]}
    ticket = _ticket(client, keys, opened["ticket_id"])
    assert ticket["messages"][-1]["body"] == "Here is a photo of the kettle."
    assert len(outbox_messages(aws["outbox"])) == 1  # follow-ups are not acknowledged again


def test_references_thread_even_without_the_plus_address(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    follow = customer_mail(subject="one more thing", message_id="<cust-3@example.org>",
                           References="<cust-1@example.org>", body="Also the lid is cracked.")

    outcome = deliver(client, aws, follow.as_bytes())

    assert outcome["kind"] == "message"
    assert outcome["ticket_id"] == opened["ticket_id"]
    assert outcome["reason"] == "threaded by references"


def test_subject_token_is_trusted_only_from_the_requester(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    token = f"[#{opened['ticket_id']}]"
    from_requester = customer_mail(subject=f"{token} update", message_id="<cust-4@example.org>", body="Update.")
    from_stranger = customer_mail(subject=f"{token} update", sender="mallory@example.net",
                                  message_id="<m-1@example.net>", body="Please refund me instead.")

    assert deliver(client, aws, from_requester.as_bytes())["ticket_id"] == opened["ticket_id"]
    stranger = deliver(client, aws, from_stranger.as_bytes())
    assert stranger["kind"] == "ticket" and stranger["ticket_id"] != opened["ticket_id"]


def test_a_forged_plus_address_is_refused(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    forged = f"support+{opened['ticket_id'].lower()}.aaaaaaaaaa@example.com"

    outcome = deliver(client, aws, customer_mail(message_id="<forged@example.net>", body="refund now").as_bytes(),
                      recipients=[forged])

    assert outcome["kind"] == "quarantined"
    assert "signature" in outcome["reason"]
    assert len(_ticket(client, keys, opened["ticket_id"])["messages"]) == 1


def test_an_out_of_office_reply_changes_nothing(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    before = _ticket(client, keys, opened["ticket_id"])
    [ack] = outbox_messages(aws["outbox"])
    ooo = customer_mail(subject="Automatic reply: I am out of the office", body="I am away until Monday.",
                        message_id="<ooo-1@example.org>", In_Reply_To=ack["Message-ID"],
                        Auto_Submitted="auto-replied")

    outcome = deliver(client, aws, ooo.as_bytes(), recipients=[ack["Reply-To"]])

    after = _ticket(client, keys, opened["ticket_id"])
    assert outcome["kind"] == "message" and outcome["reason"].startswith("auto_reply")
    assert (after["status"], after["sla"], after["version"]) == (before["status"], before["sla"], before["version"])
    assert after["messages"][-1]["automatic"] == "auto_reply"
    assert len(outbox_messages(aws["outbox"])) == 1


def test_spam_is_quarantined_listed_and_can_be_released(client, keys, aws):
    outcome = deliver(client, aws, customer_mail(message_id="<spam-1@example.org>").as_bytes(), verdict="FAIL")

    assert outcome["kind"] == "quarantined"
    listed = call(client, "GET", "/quarantine", keys["agent_tier1"]).json_body["items"]
    [held] = [item for item in listed if item["id"] == outcome["quarantine_id"]]
    assert held["reason"] and held["sender"] == "rosa@example.org" and held["raw_key"].startswith("inbound/")
    assert held["message_id"] == "spam-1@example.org"
    assert outbox_messages(aws["outbox"]) == []

    released = call(client, "POST", f"/quarantine/{held['id']}/release", keys["agent_tier1"])

    assert released.status_code == 200
    assert released.json_body["outcome"]["kind"] == "ticket"
    again = call(client, "POST", f"/quarantine/{held['id']}/release", keys["agent_tier1"])
    assert again.status_code == 409


def test_storefront_cannot_read_the_quarantine(client, keys):
    assert call(client, "GET", "/quarantine", keys["storefront"]).status_code == 403


def test_a_customer_reply_to_a_resolved_ticket_reopens_it(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    call(client, "POST", f"/tickets/{opened['ticket_id']}/status", keys["agent_tier1"], {"status": "resolved"})

    deliver(client, aws, customer_mail(message_id="<again@example.org>", References="<cust-1@example.org>",
                                       body="It broke again.").as_bytes())

    assert _ticket(client, keys, opened["ticket_id"])["status"] == "open"


def test_a_reply_to_a_closed_ticket_opens_a_new_linked_one(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    for status in ("resolved", "closed"):
        call(client, "POST", f"/tickets/{opened['ticket_id']}/status", keys["agent_tier1"], {"status": status})

    outcome = deliver(client, aws, customer_mail(message_id="<late@example.org>", References="<cust-1@example.org>",
                                                 body="Months later it broke again.").as_bytes())

    assert outcome["kind"] == "ticket" and outcome["ticket_id"] != opened["ticket_id"]
    assert _ticket(client, keys, outcome["ticket_id"])["linked_ticket_id"] == opened["ticket_id"]


def test_attachments_are_kept_under_the_ticket_and_oversize_ones_are_named(client, keys, aws):
    import boto3

    message = customer_mail(subject="Parcel arrived damaged", body="The box was crushed, photos attached.")
    message.add_attachment(b"\xff\xd8\xff" + b"0" * 2048, maintype="image", subtype="jpeg", filename="../box photo.jpg")
    message.add_attachment(b"x" * (11 * 1024 * 1024), maintype="application", subtype="octet-stream",
                           filename="huge.bin")

    outcome = deliver(client, aws, message.as_bytes())

    [first] = _ticket(client, keys, outcome["ticket_id"])["messages"]
    [kept] = first["attachments"]
    assert kept["filename"].endswith("box photo.jpg") and kept["content_type"] == "image/jpeg"
    assert kept["key"].startswith(f"tickets/{outcome['ticket_id']}/attachments/") and ".." not in kept["key"]
    stored = boto3.client("s3").get_object(Bucket=aws["ATTACHMENTS_BUCKET"], Key=kept["key"])["Body"].read()
    assert len(stored) == kept["size"] == 2051
    assert any("huge.bin" in problem and "limit" in problem for problem in first["problems"])


def test_a_bounce_marks_the_customer_and_shows_on_the_ticket(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    [ack] = outbox_messages(aws["outbox"])
    bounce = (
        "From: MAILER-DAEMON@mx.example.org\r\nTo: support@example.com\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.example.org>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
        "Final-Recipient: rfc822; rosa@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        f"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {ack['Message-ID']}\r\n"
        f"To: rosa@example.org\r\nSubject: {ack['Subject']}\r\n\r\n--b--\r\n"
    ).encode()

    outcome = deliver(client, aws, bounce, source="")

    assert outcome["kind"] == "message" and outcome["ticket_id"] == opened["ticket_id"]
    ticket = _ticket(client, keys, opened["ticket_id"])
    assert ticket["customer_bouncing"] is True
    assert ticket["status"] == "new"
    assert len(outbox_messages(aws["outbox"])) == 1


def test_acknowledgements_are_rate_limited_per_sender(client, keys, aws):
    outcomes = [deliver(client, aws, customer_mail(subject=f"Question {n}", message_id=f"<q{n}@example.org>",
                                                   body=f"Question number {n}").as_bytes()) for n in range(7)]

    assert all(o["kind"] == "ticket" for o in outcomes)
    assert len(outbox_messages(aws["outbox"])) == 5


def test_agent_reply_is_threaded_recorded_and_waits_on_the_customer(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())

    response = call(client, "POST", f"/tickets/{opened['ticket_id']}/replies", keys["agent_tier1"],
                    {"body": "Sorry to hear that! We are sending a replacement today."})

    assert response.status_code == 201
    ticket = response.json_body["ticket"]
    assert ticket["status"] == "pending"
    assert ticket["first_response_at"] is not None
    assert ticket["sla"]["paused_since"] is not None
    sent = outbox_messages(aws["outbox"])[-1]
    assert sent["In-Reply-To"] == "<cust-1@example.org>"
    assert "<cust-1@example.org>" in sent["References"]
    assert sent["Auto-Submitted"] is None
    assert "replacement today" in text_of(sent)
    assert response.json_body["message"]["ses_message_id"]


def test_customer_answer_to_an_agent_reply_threads_by_the_ses_message_id(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    call(client, "POST", f"/tickets/{opened['ticket_id']}/replies", keys["agent_tier1"], {"body": "Which colour?"})
    ses_id = _ticket(client, keys, opened["ticket_id"])["messages"][-1]["ses_message_id"]
    answer = customer_mail(subject="Re: your kettle", body="Red, please.", message_id="<cust-9@example.org>",
                           In_Reply_To=f"<{ses_id}@email.amazonses.com>")

    outcome = deliver(client, aws, answer.as_bytes())

    assert outcome["ticket_id"] == opened["ticket_id"]
    assert _ticket(client, keys, opened["ticket_id"])["status"] == "open"


def test_internal_notes_are_never_emailed_nor_shown_to_storefronts(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())

    response = call(client, "POST", f"/tickets/{opened['ticket_id']}/notes", keys["agent_tier2"],
                    {"body": "Customer is a VIP, be generous."})

    assert response.status_code == 201
    assert len(outbox_messages(aws["outbox"])) == 1
    storefront_view = call(client, "GET", f"/tickets/{opened['ticket_id']}", keys["storefront"]).json_body["ticket"]
    assert all("VIP" not in m["body"] for m in storefront_view["messages"])
    agent_view = _ticket(client, keys, opened["ticket_id"])
    assert any(m["direction"] == "note" for m in agent_view["messages"])


@pytest.mark.parametrize("path", CORPUS, ids=[str(p.relative_to(SHARED_DATA / "emails")) for p in CORPUS])
def test_every_real_email_ends_as_ticket_message_or_quarantine(client, keys, aws, path: Path):
    outcome = deliver(client, aws, path.read_bytes())

    assert outcome["kind"] in {"ticket", "message", "quarantined"}, outcome
    assert outcome["reason"]
    if outcome["kind"] == "quarantined":
        listed = call(client, "GET", "/quarantine", keys["agent_tier1"]).json_body["items"]
        assert any(item["id"] == outcome["quarantine_id"] and item["reason"] for item in listed)
    else:
        ticket = _ticket(client, keys, outcome["ticket_id"])
        assert ticket["messages"]
    if not outcome["acknowledged"]:
        assert outbox_messages(aws["outbox"]) == []


def test_dmarc_failure_is_flagged_and_not_acknowledged(client, keys, aws):
    outcome = deliver(client, aws, customer_mail(message_id="<spoof@example.org>").as_bytes(),
                      verdicts={"dmarc": "FAIL"})

    assert outcome["kind"] == "ticket" and not outcome["acknowledged"]
    message = _ticket(client, keys, outcome["ticket_id"])["messages"][0]
    assert message["flags"] == ["dmarc_fail"]
    assert outbox_messages(aws["outbox"]) == []


def test_a_virus_is_quarantined_and_never_answered(client, keys, aws):
    outcome = deliver(client, aws, customer_mail(message_id="<virus@example.org>").as_bytes(),
                      verdicts={"virus": "FAIL"})

    assert outcome["kind"] == "quarantined" and outcome["reason"].startswith("virus")
    assert outbox_messages(aws["outbox"]) == []


def test_people_the_customer_copies_in_are_trusted_like_the_customer(client, keys, aws):
    first = customer_mail(Cc="Partner <sam+orders@example.net>, Support <support@example.com>")
    opened = deliver(client, aws, first.as_bytes())
    ticket = _ticket(client, keys, opened["ticket_id"])
    assert ticket["cc"] == ["sam+orders@example.net"]

    follow = customer_mail(subject=f"[#{opened['ticket_id']}] from Sam", sender="sam+orders@example.net",
                           message_id="<sam-1@example.net>", body="I am Rosa's partner; same kettle.")
    assert deliver(client, aws, follow.as_bytes())["ticket_id"] == opened["ticket_id"]


def test_a_huge_non_ascii_email_is_kept_shortened_with_the_raw_message_whole(client, keys, aws):
    import boto3

    body = "Die Lieferung ist beschädigt. " + "Überall Glassplitter, äöü ß. " * 20_000  # ~600 KB of UTF-8

    outcome = deliver(client, aws, customer_mail(subject="Beschädigte Lieferung", body=body).as_bytes())

    assert outcome["kind"] == "ticket"
    [preview] = _ticket(client, keys, outcome["ticket_id"])["messages"]
    assert preview["body"].startswith("Die Lieferung ist beschädigt.")
    assert preview["body_truncated"] is True  # the ticket's page stays small; the message list has it all
    [message] = call(client, "GET", f"/tickets/{outcome['ticket_id']}/messages",
                     keys["agent_tier1"]).json_body["messages"]
    assert message["body"].endswith("kept in the raw email]")
    raw = boto3.client("s3").get_object(Bucket=aws["RAW_MAIL_BUCKET"], Key=message["raw_key"])["Body"].read()
    assert len(raw) > 600_000


def test_a_strangers_x_failed_recipients_header_silences_nobody(client, keys, aws):
    forged = customer_mail(subject="Delivery Status Notification (Failure)", sender="prankster@example.net",
                           message_id="<forged-1@example.net>", body="Your message could not be delivered.",
                           X_Failed_Recipients="victim@example.org")
    deliver(client, aws, forged.as_bytes())

    victims = deliver(client, aws, customer_mail(sender="Victim <victim@example.org>",
                                                 message_id="<victim-1@example.org>").as_bytes())

    assert victims["kind"] == "ticket"
    assert _ticket(client, keys, victims["ticket_id"])["customer_bouncing"] is False
    assert any("victim@example.org" in str(m["To"]) for m in outbox_messages(aws["outbox"]))


def test_a_bounce_about_our_mail_marks_only_that_tickets_addresses(client, keys, aws):
    opened = deliver(client, aws, customer_mail().as_bytes())
    [ack] = outbox_messages(aws["outbox"])
    bounce = (
        "From: MAILER-DAEMON@mx.example.org\r\nTo: support@example.com\r\nSubject: Undelivered\r\n"
        f"Message-ID: <bounce-2@mx.example.org>\r\nIn-Reply-To: {ack['Message-ID']}\r\n"
        "X-Failed-Recipients: rosa@example.org, bystander@example.org\r\n\r\nDelivery failed.\r\n"
    ).encode()

    deliver(client, aws, bounce, source="")

    assert _ticket(client, keys, opened["ticket_id"])["customer_bouncing"] is True
    bystander = deliver(client, aws, customer_mail(sender="bystander@example.org",
                                                   message_id="<by-1@example.org>").as_bytes())
    assert _ticket(client, keys, bystander["ticket_id"])["customer_bouncing"] is False
    assert any("bystander@example.org" in str(m["To"]) for m in outbox_messages(aws["outbox"]))


def test_sixteen_customer_replies_at_once_all_land_on_the_ticket(client, keys, aws):
    import threading

    opened = deliver(client, aws, customer_mail().as_bytes())
    outcomes: list[dict] = []
    errors: list[BaseException] = []

    def reply(number: int) -> None:
        try:
            outcomes.append(deliver(client, aws, customer_mail(
                subject="Re: Kettle stopped working", message_id=f"<storm-{number}@example.org>",
                body=f"More detail number {number}.", In_Reply_To="<cust-1@example.org>").as_bytes()))
        except BaseException as error:  # the handler must not fail; collect to assert below
            errors.append(error)

    threads = [threading.Thread(target=reply, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [o["kind"] for o in outcomes] == ["message"] * 16
    messages = call(client, "GET", f"/tickets/{opened['ticket_id']}", keys["agent_tier1"]).json_body["ticket"]["messages"]
    assert len(messages) == 17
