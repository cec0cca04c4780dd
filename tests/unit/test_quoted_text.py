"""The one quote and signature stripper: mail intake's split and triage's request text.

`split_reply` itself is covered case by case in test_quotes.py; here the rules each of the two
former strippers brought, and what triage reads on top of the split.
"""

from __future__ import annotations

import pytest

from chalicelib.domain import quoted_text, triage_text
from chalicelib.domain.quoted_text import request_text, split_reply
from chalicelib.mail import quotes

CAP = 900

REQUESTS = {
    "greeting_and_sign_off": (
        "Hi team,\n\nMy kettle leaks from the bottom.\n\nKind regards,\nJane Smith\nJane Ltd",
        "My kettle leaks from the bottom.",
    ),
    "contact_form_fields": (
        "Name: Jane\nEmail: jane@example.com\nOrder number: 1234\nMessage: Where is my parcel?",
        "Where is my parcel?",
    ),
    "quote_below": (
        "Still broken.\n\nOn Mon, 8 Jan 2024 Support <s@shop.example> wrote:\n> Try a reset.",
        "Still broken.",
    ),
    "inline_answers_without_their_questions": (
        "> Which size?\nM please\n> Which colour?\nRed",
        "M please\nRed",
    ),
    "bottom_posted": (
        "On Mon, Bob wrote:\n> Is it broken?\n\nYes it is broken.\n\n-- \nAnna",
        "Yes it is broken.",
    ),
    "signature_delimiter_anywhere": (
        "Refund please.\n--\nAnna\n" + "line\n" * 40,
        "Refund please.",
    ),
    "lone_from_line_starts_an_earlier_message": (
        "Please refund.\nFrom: shop@example.com\nYour order shipped.",
        "Please refund.",
    ),
    "underscore_rule_starts_an_earlier_message": (
        "Cancel it please.\n\n____________________\nYour order 1234 is confirmed.",
        "Cancel it please.",
    ),
    "bare_forward_reads_the_forwarded_message": (
        "---------- Forwarded message ---------\nFrom: Shop <orders@shop.example>\n"
        "Date: Mon, 8 Jan 2024\nSubject: Your order\nTo: me@example.com\n\n"
        "Your order 1234 has shipped.",
        "Your order 1234 has shipped.",
    ),
    "loose_dutch_footer": (
        "Het apparaat werkt niet.\n\nVerstuurd vanaf mijn Samsung Galaxy\nmeer tekst",
        "Het apparaat werkt niet.",
    ),
    "loose_italian_footer": ("Non funziona.\nInviato da Posta per Windows\naltro", "Non funziona."),
}


@pytest.mark.parametrize(("body", "expected"), REQUESTS.values(), ids=REQUESTS.keys())
def test_request_text(body: str, expected: str) -> None:
    assert request_text(body, CAP) == expected


def test_request_text_is_capped() -> None:
    assert len(request_text("word " * 1000, CAP)) == CAP


def test_nothing_but_a_quote_leaves_no_request() -> None:
    assert request_text("> just a quote", CAP) == ""


SPLITS = {
    # Openings and verbs of different languages (triage's rule, now mail's too).
    "english_verb_french_date": (
        "Thanks, sorted.\n\nOn 8 janv. 2024 à 10:15, Support <s@shop.example> a écrit :\n\n"
        "Bonjour,\nvotre commande est partie.",
        "Thanks, sorted.",
    ),
    "german_opening_unaccented_spanish_verb": (
        "Danke.\n\nAm 08.01.2024 escribio Support <s@shop.example>:\n> Hola",
        "Danke.",
    ),
    # Apple Mail without the colon.
    "begin_forwarded_message_without_colon": (
        "See below.\n\nBegin forwarded message\n\nFrom: Shop <s@shop.example>\nhello",
        "See below.",
    ),
    # Swedish and Polish from mail's rules reach triage too.
    "swedish_attribution": (
        "Tack.\n\nDen 8 jan. 2024 kl. 10:15 skrev Support <s@shop.example>:\n> Hej",
        "Tack.",
    ),
}


@pytest.mark.parametrize(("text", "expected_new"), SPLITS.values(), ids=SPLITS.keys())
def test_split_reply_knows_both_strippers_rules(text: str, expected_new: str) -> None:
    assert split_reply(text)[0] == expected_new
    assert request_text(text, CAP) == expected_new


def test_mail_and_triage_use_the_same_stripper() -> None:
    assert quotes.split_reply is quoted_text.split_reply
    body = "Hello,\n\nMy parcel is late.\n\nThanks,\nAnna\n\nOn Mon, Bob wrote:\n> old"
    assert triage_text.new_body_text(body) == request_text(body, triage_text.NEW_TEXT_CAP)
    assert triage_text.new_body_text(body) == "My parcel is late."


def test_a_sign_off_stays_in_the_stored_message() -> None:
    # Mail keeps what the customer wrote, sign-off included; only triage drops it.
    text = "Please cancel it.\n\nBest regards\nAnna"
    assert split_reply(text)[0] == text
    assert request_text(text, CAP) == "Please cancel it."
