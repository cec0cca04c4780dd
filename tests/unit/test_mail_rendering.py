import email
import re
from datetime import UTC, datetime, timedelta
from email import policy

import pytest

from chalicelib.blueprints.help_pages import STRINGS
from chalicelib.domain.shipping import EXCEPTION_KINDS
from chalicelib.mail.compose import Envelope, compose
from chalicelib.mail.render import (
    TEMPLATE_ROOT,
    RenderedMail,
    humane_duration,
    local_time,
    render,
    template_language,
)


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
                             ("fr", "Nous avons bien reçu"), ("de", "Wir haben Ihre Nachricht"),
                             ("it", "Abbiamo ricevuto"), ("pt", "Recebemos"), ("nl", "We hebben uw bericht")]:
        mail = _ack(language)
        assert phrase in mail.subject  # type: ignore[attr-defined]
        assert "T-0ABCDEFGHJ" in mail.text  # type: ignore[attr-defined]


def test_unknown_language_falls_back_to_english():
    assert template_language("ja") == "en"
    assert template_language("sv-SE") == "en"
    assert template_language("pt-BR") == "pt"
    assert template_language("de-AT") == "de"


def test_every_template_language_has_the_same_templates_as_english_and_signs_off():
    from chalicelib.mail.render import TEMPLATE_ROOT

    customer_facing = {p.name for p in (TEMPLATE_ROOT / "es").iterdir()}
    for language in ("es", "fr", "de", "it", "pt", "nl"):
        assert {p.name for p in (TEMPLATE_ROOT / language).iterdir()} == customer_facing, language
        for name in ("acknowledgement", "reply"):
            mail = render(name, language, {
                "ticket_id": "T-1", "subject": "s", "thread_subject": "s", "customer_name": "Ana",
                "store_name": "Kettle Co", "support_name": "Kettle Co Support", "category_label": "x",
                "first_response_within": timedelta(hours=4), "first_response_due": "Tue 17:00",
                "urgent": True, "articles": [], "quoted_body": "q", "body": "Hello", "agent_name": "Marta Ruiz"})
            assert mail.language == language
            assert "Kettle Co Support" in mail.text and "Kettle Co Support" in mail.html, (language, name)
            assert "Ana" in mail.text
            if name == "reply":  # signed by the agent who wrote it
                assert "Marta Ruiz" in mail.text and "Marta Ruiz" in mail.html, language


def test_html_part_escapes_what_the_customer_wrote():
    mail = _ack("en")
    assert "&lt;b&gt;my kettle" in mail.html  # type: ignore[attr-defined]


def test_durations_read_naturally():
    assert humane_duration(timedelta(hours=4), "en") == "4 hours"
    assert humane_duration(timedelta(hours=1), "de") == "1 Stunde"
    assert humane_duration(timedelta(days=1, hours=2, minutes=5), "en") == "1 day and 2 hours"
    assert humane_duration(timedelta(seconds=5), "fr") == "1 minute"
    assert humane_duration(timedelta(days=2, hours=1), "it") == "2 giorni e 1 ora"
    assert humane_duration(timedelta(hours=3), "nl") == "3 uur"
    assert humane_duration(timedelta(hours=1, minutes=30), "pt") == "1 hora e 30 minutos"


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


def _day(moment: datetime, language: str) -> str:
    return local_time(moment, "Europe/Rome", language).rsplit(",", 1)[0]  # as services/delay_mail.py does


def _shipping_values(stage: str, remedy_type: str, language: str) -> dict[str, object]:
    return {
        "stage": stage, "exception": "damaged" if stage == "exception" else "", "ticket_id": "T-7QX2M4K9PD",
        "customer_name": "Giulia", "store_name": "Kettle Co", "support_name": "Kettle Co Support",
        "order_id": "KC-10482", "carrier": "DHL", "tracking_number": "JD014600003828",
        "promised": _day(datetime(2026, 12, 1, 18, tzinfo=UTC), language),
        "estimate": _day(datetime(2026, 12, 4, 18, tzinfo=UTC), language),
        "remedy_type": remedy_type, "percent": 15 if remedy_type == "discount" else "",
        "code": "SORRY-7QX2" if remedy_type == "discount" else "",
    }


def _english_sentences(mail: RenderedMail, values: dict[str, object]) -> set[str]:
    """Every sentence of the English mail, less the sample values it quotes (names, numbers)."""
    text = mail.subject + "\n" + mail.text
    for value in values.values():
        if isinstance(value, str) and value:
            text = text.replace(value, "")
    sentences = re.split(r"[.:;,—()\n]+", text)
    return {s.strip() for s in sentences if len(s.split()) >= 3}


@pytest.mark.parametrize("language", ["it", "pt", "nl"])
@pytest.mark.parametrize(("name", "stage", "remedy_type"), [
    ("delay_notice", "late", "discount"),
    ("delay_notice", "still_late", "expedited_reshipment"),
    ("delay_notice", "exception", ""),
    ("delivered_note", "", ""),
])
def test_shipping_mail_is_written_in_the_customers_language(language, name, stage, remedy_type):
    values = _shipping_values(stage, remedy_type, language)
    english_values = _shipping_values(stage, remedy_type, "en")
    mail = render(name, language, values)
    english = _english_sentences(render(name, "en", english_values), english_values)
    assert english
    assert mail.language == language
    assert "KC-10482" in mail.subject
    for part in (mail.text, mail.html):
        assert "T-7QX2M4K9PD" in part and "Kettle Co Support" in part and "Giulia" in part
        leftovers = [sentence for sentence in english if sentence in part or sentence in mail.subject]
        assert not leftovers, (language, name, leftovers)
    assert f'<html lang="{language}">' in mail.html
    if name == "delay_notice":
        assert "JD014600003828" in mail.text and "DHL" in mail.text
        assert values["estimate"] in mail.text  # the carrier's new estimate, dated the reader's way
        assert {"it": "dicembre", "pt": "dezembro", "nl": "december"}[language] in mail.text
        if remedy_type == "discount":
            assert "SORRY-7QX2" in mail.text and "15%" in mail.text


@pytest.mark.parametrize("language", ["it", "pt", "nl"])
def test_delay_notice_names_each_carrier_problem_in_the_customers_language(language):
    values = _shipping_values("exception", "", language)
    english_values = _shipping_values("exception", "", "en")
    wordings = set()
    for kind in EXCEPTION_KINDS:
        english = render("delay_notice", "en", {**english_values, "exception": kind}).text
        mail = render("delay_notice", language, {**values, "exception": kind}).text
        problem = english.split("JD014600003828): ", 1)[1].split(". We are sorry", 1)[0]
        assert problem not in mail, (kind, problem)
        wordings.add(mail)
    assert len(wordings) == len(EXCEPTION_KINDS)  # each kind has its own words
    unknown = render("delay_notice", language, {**values, "exception": "weather"})
    assert unknown.text == render("delay_notice", language, {**values, "exception": "delivery_problem"}).text


@pytest.mark.parametrize("language", ["it", "pt", "nl"])
def test_acknowledgement_suggests_articles_and_explains_the_solved_button(language):
    mail = _ack(language)
    suggestions = TEMPLATE_ROOT / language / "_suggestions.txt.j2"
    closing = suggestions.read_text(encoding="utf-8").strip().splitlines()[-2]
    assert "https://kb/returns" in mail.text and 'href="https://kb/returns"' in mail.html  # type: ignore[attr-defined]
    assert closing in mail.text  # type: ignore[attr-defined]
    assert "solved it" not in mail.text  # type: ignore[attr-defined]


def test_html_part_of_a_delay_notice_escapes_carrier_values():
    mail = render("delay_notice", "it", {**_shipping_values("late", "", "it"), "carrier": "<script>x</script>"})
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html


@pytest.mark.parametrize("language", ["es", "fr", "de", "it", "pt", "nl"])
def test_the_button_the_suggestions_name_is_the_one_the_help_page_shows(language):
    assert STRINGS[language].keys() == STRINGS["en"].keys()
    button = STRINGS[language]["solved_button"].split(":")[0].strip()
    closing = (TEMPLATE_ROOT / language / "_suggestions.txt.j2").read_text(encoding="utf-8")
    assert button in closing, (language, button)
