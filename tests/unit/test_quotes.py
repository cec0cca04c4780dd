"""split_reply: what the sender wrote now versus quoted history and signatures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from chalicelib.mail.parse import parse_message
from chalicelib.mail.quotes import split_reply

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "emails"
EML_FILES = sorted(CORPUS.rglob("*.eml")) if CORPUS.is_dir() else []

CASES = {
    "gmail_wrapped_attribution": (
        "Thanks, that works.\n\nOn Mon, Jan 8, 2024 at 10:15 AM Support Team <\n"
        "support@shop.example> wrote:\n\n> Hello,\n> your order shipped.\n",
        "Thanks, that works.",
    ),
    "one_line_attribution": (
        "It arrived broken.\n\nOn 08/01/2024 10:15, Support wrote:\n> Sorry to hear that.",
        "It arrived broken.",
    ),
    "outlook_header_block": (
        "Please cancel it.\n\nBest regards\nAnna\n\n________________________________\n"
        "From: Shop Support <support@shop.example>\nSent: Monday, January 8, 2024 10:15\n"
        "To: Anna <anna@example.com>\nSubject: RE: Order 1234\n\nHello Anna,\nit shipped.",
        "Please cancel it.\n\nBest regards\nAnna",
    ),
    "outlook_bold_header_from_html": (
        "Refund please.\n\n*From:* Shop <s@shop.example>\n*Sent:* Monday\n*To:* me\n"
        "*Subject:* Order\n\nold",
        "Refund please.",
    ),
    "original_message_separator": (
        "Yes please.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nTo: me\n\nold",
        "Yes please.",
    ),
    "french": (
        "Merci beaucoup.\n\nLe lun. 8 janv. 2024 à 10:15, Support <s@shop.example> a écrit :\n"
        "> Bonjour",
        "Merci beaucoup.",
    ),
    "german": (
        "Danke!\n\nAm 08.01.2024 um 10:15 schrieb Support <s@shop.example>:\n> Hallo",
        "Danke!",
    ),
    "german_outlook": (
        "Bitte stornieren.\n\nVon: Shop <s@x.de>\nGesendet: Montag, 8. Januar 2024 10:15\n"
        "An: Anna <a@x.de>\nBetreff: Bestellung\n\nalt",
        "Bitte stornieren.",
    ),
    "spanish": (
        "Gracias.\n\nEl lun, 8 ene 2024 a las 10:15, Support (<s@shop.example>) escribió:\n> Hola",
        "Gracias.",
    ),
    "italian": (
        "Grazie.\n\nIl giorno lun 8 gen 2024 alle ore 10:15 Support <s@shop.example> ha "
        "scritto:\n> Ciao",
        "Grazie.",
    ),
    "signature_delimiter": (
        "My parcel never arrived.\n\n-- \nJohn Smith\nACME Corp",
        "My parcel never arrived.",
    ),
    "sent_from_my_iphone": ("Where is my refund?\n\nSent from my iPhone", "Where is my refund?"),
    "get_outlook_for_android": ("Order 42 please.\n\nGet Outlook for Android", "Order 42 please."),
    "german_mobile_footer_above_quote": (
        "Hallo,\nbitte Rechnung schicken.\n\nVon meinem iPhone gesendet\n\n"
        "> Am 08.01.2024 um 10:15 schrieb Support <s@x.de>:\n> Text",
        "Hallo,\nbitte Rechnung schicken.",
    ),
    "bottom_posting": (
        "On Mon, Bob wrote:\n> Is it broken?\n\nYes it is broken.\n\n-- \nAnna",
        "Yes it is broken.",
    ),
    "inline_answers_keep_their_questions": (
        "> Which size?\nM please\n> Which colour?\nRed\n\n> Kind regards\n> Shop",
        "> Which size?\nM please\n> Which colour?\nRed",
    ),
    "short_attribution_followed_by_quote": (
        "Agreed.\n\nJane Doe wrote:\n> Shall we refund?",
        "Agreed.",
    ),
    "plain_message_untouched": (
        "Hello,\n\nmy order 1234 has not arrived. From: my home address.\n\nThanks",
        "Hello,\n\nmy order 1234 has not arrived. From: my home address.\n\nThanks",
    ),
    "colon_in_ordinary_sentence": (
        "I wrote this list:\n- item one\n- item two",
        "I wrote this list:\n- item one\n- item two",
    ),
}


@pytest.mark.parametrize(("text", "expected_new"), CASES.values(), ids=CASES.keys())
def test_split_reply(text: str, expected_new: str) -> None:
    new, old = split_reply(text)
    assert new == expected_new
    assert_nothing_lost(text, new, old)


def test_only_quoted_text_leaves_no_new_text() -> None:
    assert split_reply("> just a quote") == ("", "> just a quote")


def test_empty_text() -> None:
    assert split_reply("") == ("", "")


def test_windows_line_endings() -> None:
    new, old = split_reply("Fine.\r\n\r\nOn Mon, Bob wrote:\r\n> ok?\r\n")
    assert new == "Fine." and old.startswith("On Mon, Bob wrote:")


def test_long_text_is_split_too() -> None:
    text = ("word " * 50 + "\n") * 20000 + "On Mon, Bob wrote:\n" + "> q\n" * 20000
    new, old = split_reply(text)
    assert new.rstrip().endswith("word") and old.startswith("On Mon, Bob wrote:")


def assert_nothing_lost(text: str, new: str, old: str) -> None:
    def lines(value: str) -> Counter[str]:
        return Counter(line.strip() for line in value.replace("\r\n", "\n").split("\n"))

    expected = lines(text)
    expected.pop("", None)
    combined = lines(new) + lines(old)
    combined.pop("", None)
    assert combined == expected


@pytest.mark.parametrize("path", EML_FILES, ids=lambda path: str(path.relative_to(CORPUS)))
def test_corpus_texts_split_without_losing_lines(path: Path) -> None:
    mail = parse_message(path.read_bytes())
    new, old = split_reply(mail.text)
    assert_nothing_lost(mail.text, new, old)
    assert mail.new_text == (new if new.strip() else mail.text)


def test_corpus_reply_from_a_mailing_list_keeps_the_answer() -> None:
    path = CORPUS / "flanker" / "from-encoding.eml"
    if not path.is_file():
        pytest.fail("the email corpus ../shared/data/emails is missing beside the repository")
    mail = parse_message(path.read_bytes())
    assert mail.text.startswith("Marc Slemko wrote:\n> If you have a real uid of root")
    assert mail.new_text.startswith("Isn't that the case for almost every other server")
    assert "> " not in mail.new_text.split("\n")[0]
