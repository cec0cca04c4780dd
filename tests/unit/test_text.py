"""One-line fields refuse control characters; bodies keep line breaks and tabs only."""

import pytest

from chalicelib.domain.text import clean_body, line_problem


@pytest.mark.parametrize("value", ["Jane\r\nBcc: x@example.net", "a\nb", "a\rb", "a\x00", "a\tb", "a\x7f",
                                   "a\x85b", "a\x9bb", "a\u2028b", "a\u2029b", "a\ud800b"])
def test_one_line_fields_refuse_controls_breaks_and_lone_surrogates(value):
    assert line_problem(value)


@pytest.mark.parametrize("value", ["Jane Doe", "Lucía Núñez", "李小龍", "O'Brien-Smith", "emoji 🎉", "Zoë\u200d"])
def test_ordinary_names_are_one_line(value):
    assert line_problem(value) is None


def test_bodies_keep_lf_and_tab_and_drop_every_other_control():
    assert clean_body("a\r\nb\rc\n\td\x00e\x07f\x1bg\x7fh\x85i\x9fj\ud800k\udfffl") == "a\nb\nc\n\tdefghijkl"
    assert clean_body("Grüße 🎉\n") == "Grüße 🎉\n"


def test_order_numbers_are_read_from_what_customers_write_but_never_our_ticket_numbers():
    from chalicelib.domain.order_refs import order_id_in

    assert order_id_in("Where is my order 1001?", "") == "1001"
    assert order_id_in("Damaged mug", "see #A-2042, it came broken") == "A-2042"
    assert order_id_in("Re: [#T-0ABCDE1234] late", "any news? #T-0ABCDE1234") is None
    assert order_id_in("Question", "do you ship to Norway?") is None
