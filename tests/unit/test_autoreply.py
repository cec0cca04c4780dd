"""classify_machine_mail: bounces, delays, auto-replies, bulk and feedback reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.mail.autoreply import MachineVerdict, classify_machine_mail
from chalicelib.mail.parse import parse_message

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "emails"
EML_FILES = sorted(CORPUS.rglob("*.eml")) if CORPUS.is_dir() else []
KINDS = {"bounce", "delivery_delay", "auto_reply", "bulk", "feedback_report"}

# What a human reading each machine-made corpus message would call it (files not listed here are
# from people, spammers included: spam is the SES verdict's business, not this module's).
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "flanker/bounce_broken-mime.eml": ("bounce", ("info@example.net",)),
    # Named "delayed", but its DSN says "Action: failed" after five days of retries.
    "flanker/bounce_delayed.eml": ("bounce", ("foo@example.com",)),
    "flanker/bounce_mailbox-full.eml": ("bounce", ("user@aol.com",)),
    "flanker/bounce_zed.eml": (
        "bounce",
        ("asdfasdfasdfasdfasdfasdfewrqertrtyrthsfgdfgadfqeadvxzvz@gmail.com",),
    ),
    "flanker/from-encoding.eml": ("bulk", ()),
    "flanker/message-external-body.eml": ("bulk", ()),
    "mail-parser/mail_test_6.eml": ("bulk", ()),
    "mikel-mail/error_emails_bad_date_header.eml": ("bulk", ()),
    "mikel-mail/multipart_report_emails_report_530.eml": ("bounce", ("edwin@zzzzzzz.com",)),
    "sisimai-bounces-autoreplies/arf-01.eml": ("feedback_report", ()),
    "sisimai-bounces-autoreplies/lhost-exim-01.eml": ("bounce", ("kijitora@example.ed.jp",)),
    "sisimai-bounces-autoreplies/lhost-mailru-05.eml": ("bounce", ("neko@libsisimai.org",)),
    # Final-Recipient is the local alias; Original-Recipient is the address that was written to.
    "sisimai-bounces-autoreplies/lhost-postfix-01.eml": ("bounce", ("kijitora@example.org",)),
    "sisimai-bounces-autoreplies/lhost-yandex-01.eml": ("bounce", ("kijitora@example.jp",)),
    "sisimai-bounces-autoreplies/rfc3834-01.eml": ("auto_reply", ()),
    "sisimai-bounces-autoreplies/rfc3834-03.eml": ("auto_reply", ()),
    "sisimai-bounces-autoreplies/rfc3834-05.eml": ("auto_reply", ()),
}


def corpus_id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def classify(raw: bytes, return_path: str | None = None) -> MachineVerdict | None:
    return classify_machine_mail(parse_message(raw), return_path)


@pytest.mark.parametrize("path", EML_FILES, ids=corpus_id)
def test_corpus_classification(path: Path) -> None:
    verdict = classify(path.read_bytes())
    expected = EXPECTED.get(corpus_id(path))
    if expected is None:
        assert verdict is None, verdict
        return
    assert verdict is not None
    assert verdict.kind in KINDS and verdict.reason
    assert (verdict.kind, verdict.bounced_recipients) == expected


def test_message_with_original_as_attachment_is_not_a_bounce() -> None:
    # A person forwarding an earlier message as message/rfc822: none of the bounce signs.
    path = CORPUS / "sisimai-bounces-autoreplies" / "not-bounce_is-not-bounce-02.eml"
    if not path.is_file():
        pytest.fail("the email corpus ../shared/data/emails is missing beside the repository")
    mail = parse_message(path.read_bytes())
    assert mail.from_name == "xpto" and mail.text == "it shouldn't be considered as bounce"
    assert [item.filename for item in mail.attachments] == ["original.eml"]
    assert classify_machine_mail(mail) is None
    assert classify_machine_mail(mail, return_path="dummy@example.com") is None


def message(headers: str, body: str = "Hello") -> bytes:
    return (
        (headers.strip() + "\r\n\r\n" + body).replace("\r\n", "\n").replace("\n", "\r\n").encode()
    )


PERSON = "From: Anna <anna@example.com>\nTo: support@shop.example\nSubject: Where is my order?"


def test_plain_customer_mail_is_from_a_person() -> None:
    assert classify(message(PERSON)) is None
    assert classify(message(PERSON), return_path="anna@example.com") is None


def test_delayed_dsn_is_a_delivery_delay() -> None:
    raw = message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: support@shop.example\n"
        "Subject: Delayed Mail (still being retried)\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        "--b\nContent-Type: text/plain\n\nStill trying.\n--b\n"
        "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
        "Final-Recipient: rfc822; Slow@Example.org\nAction: delayed\nStatus: 4.4.7\n--b--\n",
    )
    verdict = classify(raw)
    assert verdict == MachineVerdict(
        "delivery_delay", "delivery status notification: delayed", ("slow@example.org",)
    )


def test_dsn_with_several_recipients_reports_only_the_failed_ones() -> None:
    raw = message(
        'From: postmaster@mx.example.net\nContent-Type: multipart/report; report-type="delivery-'
        'status"; boundary="b"',
        "--b\n\nReport\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n"
        "Final-Recipient: rfc822;ok@example.org\nAction: delivered\nStatus: 2.0.0\n\n"
        "Original-Recipient: rfc822;gone@example.org\nFinal-Recipient: rfc822;alias@example.org\n"
        "Action: failed\nStatus: 5.1.1\n--b--\n",
    )
    verdict = classify(raw)
    assert verdict is not None and verdict.kind == "bounce"
    assert verdict.bounced_recipients == ("gone@example.org",)


def test_success_dsn_is_still_a_machine() -> None:
    raw = message(
        "From: postmaster@mx.example.net\nContent-Type: multipart/report; report-type=delivery-"
        'status; boundary="b"',
        "--b\n\nDelivered\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n"
        "\nFinal-Recipient: rfc822;ok@example.org\nAction: delivered\nStatus: 2.0.0\n--b--\n",
    )
    verdict = classify(raw)
    assert verdict is not None and verdict.kind == "auto_reply"


def test_non_standard_bounce_recipient_is_read_from_the_body() -> None:
    raw = message(
        "From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>\n"
        "To: support@shop.example\nSubject: failure notice",
        "Hi. This is the qmail-send program.\nI'm afraid I wasn't able to deliver your message "
        "to the following addresses.\n\n<Nobody@Example.com>:\nSorry, no mailbox here.\n\n"
        "--- Below this line is a copy of the message.\n\nFrom: support@shop.example\n"
        "To: other@example.com\n",
    )
    verdict = classify(raw)
    assert verdict is not None and verdict.kind == "bounce"
    assert verdict.bounced_recipients == ("nobody@example.com",)


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "X-Autoreply: yes",
        "X-Autorespond: Out of office",
        "Precedence: auto_reply",
        "Subject: Out of Office: Where is my order?",
        "Subject: Automatic reply: Order 1234",
        "Subject: Abwesenheitsnotiz: Bestellung",
        "Subject: Réponse automatique : commande",
        "Subject: Respuesta automática: pedido",
    ],
)
def test_auto_replies(headers: str) -> None:
    raw = message("From: anna@example.com\nTo: support@shop.example\n" + headers)
    verdict = classify(raw)
    assert verdict is not None and verdict.kind == "auto_reply", verdict


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: no",
        "X-Auto-Response-Suppress: All",
        "Subject: Fwd: Undeliverable: my order",
        "X-Autoreply: no",
    ],
)
def test_not_machine_signals(headers: str) -> None:
    raw = message("From: anna@example.com\nTo: support@shop.example\n" + headers)
    assert classify(raw) is None


@pytest.mark.parametrize(
    "headers",
    [
        "Precedence: bulk",
        "Precedence: junk",
        "Precedence: list",
        "List-Id: <news.shop.example>",
        "List-Unsubscribe: <mailto:unsubscribe@news.example>",
    ],
)
def test_bulk(headers: str) -> None:
    verdict = classify(message(PERSON + "\n" + headers))
    assert verdict is not None and verdict.kind == "bulk"


def test_null_return_path_counts_as_machine() -> None:
    verdict = classify(message(PERSON), return_path="<>")
    assert verdict == MachineVerdict("auto_reply", "null return path")
    from_header = classify(message("Return-Path: <>\n" + PERSON))
    assert from_header is not None and from_header.kind == "auto_reply"
    # The envelope given by SES wins over a header the sender wrote.
    assert classify(message("Return-Path: <>\n" + PERSON), return_path="anna@example.com") is None


def test_bounce_subject_with_null_sender() -> None:
    raw = message(
        "From: Microsoft Outlook <MicrosoftExchange@shop.example>\nTo: support@shop.example\n"
        "Subject: Undeliverable: Your order",
        "Delivery has failed to these recipients or groups:\n\nlost@customer.example\n"
        "The email address you entered couldn't be found.",
    )
    verdict = classify(raw, return_path="<>")
    assert verdict is not None and verdict.kind == "bounce"
    assert verdict.bounced_recipients == ("lost@customer.example",)


def test_feedback_report() -> None:
    raw = message(
        "From: fbl@isp.example\nContent-Type: multipart/report; report-type=feedback-report; "
        'boundary="b"',
        "--b\n\nThis is an abuse report\n--b\nContent-Type: message/feedback-report\n\n"
        "Feedback-Type: abuse\nVersion: 1\n--b--\n",
    )
    verdict = classify(raw)
    assert verdict is not None and verdict.kind == "feedback_report"


def test_read_receipt_is_an_auto_reply() -> None:
    raw = message(
        "From: anna@example.com\nContent-Type: multipart/report; report-type=disposition-"
        'notification; boundary="b"',
        "--b\n\nYour message was read\n--b\nContent-Type: message/disposition-notification\n\n"
        "Final-Recipient: rfc822;anna@example.com\nDisposition: manual-action/MDN-sent-manually;"
        " displayed\n--b--\n",
    )
    verdict = classify(raw)
    assert verdict is not None and verdict.kind == "auto_reply"
