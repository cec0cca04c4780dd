import email
from datetime import timedelta
from email import policy

from chalicelib.mail.compose import Envelope, compose
from chalicelib.mail.render import humane_duration, render, template_language


def _ack(language: str) -> object:
    return render("acknowledgement", language, {
        "ticket_id": "T-0ABCDEFGHJ", "subject": "Broken kettle", "customer_name": "Ana",
        "store_name": "Kettle Co", "support_name": "Kettle Co Support", "category_label": "x",
        "first_response_within": timedelta(hours=4), "first_response_due": "Tue 17:00",
        "urgent": False, "articles": [{"title": "Returns", "url": "https://kb/returns"}],
        "quoted_body": "<b>my kettle</b>",
    })


def test_every_supported_language_renders():
    for language, phrase in [("en", "We received"), ("es", "Hemos recibido"),
                             ("fr", "Nous avons bien reçu"), ("de", "Wir haben Ihre Nachricht")]:
        mail = _ack(language)
        assert phrase in mail.subject  # type: ignore[attr-defined]
        assert "T-0ABCDEFGHJ" in mail.text  # type: ignore[attr-defined]


def test_unknown_language_falls_back_to_english():
    assert template_language("ja") == "en"
    assert template_language("ja-JP") == "en"
    assert template_language("de-AT") == "de"


def test_a_language_folder_without_a_template_falls_back_to_english_for_it():
    from chalicelib.mail import render as rendering

    missing = rendering.TEMPLATE_ROOT / "it" / "acknowledgement.subject.j2"
    if missing.exists():
        return  # Italian acknowledgements have landed
    assert "We received" in _ack("it").subject  # type: ignore[attr-defined]


def test_html_part_escapes_what_the_customer_wrote():
    mail = _ack("en")
    assert "&lt;b&gt;my kettle" in mail.html  # type: ignore[attr-defined]


def test_durations_read_naturally():
    assert humane_duration(timedelta(hours=4), "en") == "4 hours"
    assert humane_duration(timedelta(hours=1), "de") == "1 Stunde"
    assert humane_duration(timedelta(days=1, hours=2, minutes=5), "en") == "1 day and 2 hours"
    assert humane_duration(timedelta(seconds=5), "fr") == "1 minute"


def test_composed_mail_threads_and_marks_itself_automatic():
    raw = compose(Envelope(
        sender_name="Support", sender_address="support@shop.example", to="ana@example.org",
        reply_to="support+t-0abcdefghj.sig@shop.example", message_id="ack.x@shop.example",
        automatic=True, in_reply_to="cust-1@example.org", references=["cust-1@example.org"],
    ), _ack("en"))
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["In-Reply-To"] == "<cust-1@example.org>"
    assert message["References"] == "<cust-1@example.org> <ack.x@shop.example>"
    assert message.get_body(("html",)) is not None
