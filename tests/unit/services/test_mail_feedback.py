"""Bounces and complaints SES publishes about mail we sent (configuration set → SNS → Lambda)."""

from __future__ import annotations

import json
from pathlib import Path

from chalicelib.mail.ses_feedback import feedback
from chalicelib.services import mail_feedback
from tests.unit.services.test_inbound import customer_mail, deliver

SAMPLE = Path(__file__).resolve().parents[3] / "events" / "ses_feedback.json"


def sns_message(**changes) -> dict:
    message = json.loads(json.loads(SAMPLE.read_text())["Records"][0]["Sns"]["Message"])
    message.update(changes)
    return message


def test_the_sample_bounce_reads_as_a_permanent_bounce_of_its_recipient():
    report = feedback(json.dumps(sns_message()))

    assert report is not None and (report.kind, report.permanent) == ("bounce", True)
    assert report.addresses == ("recipient@example.com",)
    assert "550 5.1.1" in report.reason


def test_identity_notifications_complaints_and_what_is_not_a_report():
    complaint = feedback({"notificationType": "Complaint", "mail": {"messageId": "abc"},
                          "complaint": {"complainedRecipients": [{"emailAddress": "Rosa@Example.org"}],
                                        "complaintFeedbackType": "abuse"}})
    assert complaint is not None and complaint.addresses == ("rosa@example.org",) and complaint.permanent
    assert feedback({"eventType": "Delivery", "mail": {"messageId": "abc"}}) is None
    assert feedback("You have chosen to subscribe to the topic") is None
    assert feedback({"eventType": "Bounce", "mail": {"messageId": "abc"}, "bounce": {}}) is None


def test_a_hard_bounce_of_our_acknowledgement_marks_the_customer_and_the_ticket_once(fake):
    opened = deliver(fake, customer_mail())
    [ack] = fake.mailer.sent
    message = sns_message()
    message["mail"]["messageId"] = ack.ses_message_id
    message["bounce"]["bouncedRecipients"][0]["emailAddress"] = "Rosa@example.org"

    first = mail_feedback.apply(fake.desk, feedback(message))
    again = mail_feedback.apply(fake.desk, feedback(message))  # SNS delivers at least once

    assert first.ticket_id == opened.ticket_id and first.marked == ["rosa@example.org"]
    assert again.ticket_id == opened.ticket_id
    assert fake.store.customers.profile("rosa@example.org").bouncing
    ticket = fake.store.tickets.get(opened.ticket_id)
    assert ticket.customer_bouncing and ticket.status == "new"
    events = [e for e in fake.store.tickets.events(opened.ticket_id, 50)[0] if e.action == "mail.bounce"]
    assert len(events) == 1
    later = deliver(fake, customer_mail(subject="Another thing", body="A new question.", message_id="<n@x.org>"))
    assert later.kind == "ticket" and not later.acknowledged


def test_a_soft_bounce_marks_nobody(fake):
    message = sns_message(bounce={"bounceType": "Transient", "bounceSubType": "MailboxFull",
                                  "bouncedRecipients": [{"emailAddress": "rosa@example.org"}]})

    outcome = mail_feedback.apply(fake.desk, feedback(message))

    assert outcome.marked == [] and fake.store.customers.profile("rosa@example.org") is None
