"""Status-page links: signed for one ticket and one generation, until a date; the form token is
bound to its link; photo keys and bytes are checked, not trusted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain import status_links

SECRET = "a-status-link-secret-for-tests"
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=90)


def _token(ticket: str = "T-0ABCDE1234", generation: int = 0, expires: datetime = LATER) -> str:
    return status_links.sign(ticket, generation, expires, SECRET)


def test_a_link_we_signed_opens_its_own_ticket_until_it_expires():
    verdict = status_links.verify(_token(), SECRET, NOW)
    assert verdict.usable and verdict.link is not None
    assert verdict.link.ticket_id == "T-0ABCDE1234" and verdict.link.generation == 0
    assert verdict.link.expires_at == LATER
    assert status_links.verify(_token(), SECRET, LATER).reason == "expired"
    assert status_links.verify(_token(), SECRET, LATER - timedelta(seconds=1)).usable


@pytest.mark.parametrize("tamper", [
    lambda t: t.replace("T-0ABCDE1234", "T-0ABCDE1235"),  # another ticket, same signature
    lambda t: t.replace(".0.", ".1.", 1),  # a later generation
    lambda t: ".".join([*t.split(".")[:2], "zzzzzz", t.split(".")[3]]),  # a later expiry
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature itself
    lambda t: t + "x", lambda t: "", lambda t: "T-0ABCDE1234", lambda t: t.split(".", 1)[1],
    lambda t: t + "." * 100,
])
def test_a_changed_or_made_up_link_is_unknown(tamper):
    verdict = status_links.verify(tamper(_token()), SECRET, NOW)
    assert verdict.reason == "unknown" and verdict.link is None


def test_another_secret_or_another_kind_of_signed_value_does_not_open_a_page():
    from chalicelib.domain import surveys

    assert status_links.verify(status_links.sign("T-0ABCDE1234", 0, LATER, "another-secret-entirely"),
                               SECRET, NOW).reason == "unknown"
    survey_link = surveys.sign("T-0ABCDE1234", "01KB0000000000000000000000", SECRET)
    assert status_links.verify(survey_link, SECRET, NOW).reason == "unknown"
    assert status_links.derived_secret("reply-secret-one") != status_links.derived_secret("reply-secret-two")


def test_revoking_moves_the_ticket_on_a_generation_and_earlier_links_stop():
    old = status_links.verify(_token(generation=0), SECRET, NOW)
    assert status_links.check(old, 0).usable
    assert status_links.check(old, 1).reason == "revoked"
    assert status_links.check(status_links.verify(_token(generation=1), SECRET, NOW), 1).usable
    expired = status_links.verify(_token(expires=NOW), SECRET, NOW)
    assert status_links.check(expired, 0).reason == "expired"


def test_the_form_token_is_bound_to_the_link_it_was_served_on():
    first, second = _token(), _token(ticket="T-0ABCDE9999")
    token = status_links.form_token(first, SECRET)
    assert status_links.form_token_valid(first, token, SECRET)
    assert not status_links.form_token_valid(second, token, SECRET)
    assert not status_links.form_token_valid(first, "", SECRET)
    assert not status_links.form_token_valid(first, status_links.form_token(first, "another-secret-entirely"), SECRET)


def test_only_this_tickets_page_uploads_count_as_its_photos():
    key = status_links.upload_key("T-0ABCDE1234", "01KB0000000000000000000000")
    assert key.startswith("tickets/T-0ABCDE1234/attachments/")
    assert status_links.is_upload_of(key, "T-0ABCDE1234")
    assert not status_links.is_upload_of(key, "T-0ABCDE9999")
    assert not status_links.is_upload_of("tickets/T-0ABCDE1234/attachments/01KB0000000000000000000000/invoice.pdf",
                                         "T-0ABCDE1234")
    assert not status_links.is_upload_of(key + "/../../T-0ABCDE9999", "T-0ABCDE1234")


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"), (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    (b"GIF89a\x01\x00", "image/gif"), (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", None),
    (b"<html><script>", None), (b"%PDF-1.7", None), (b"", None),
])
def test_a_photo_is_what_its_bytes_are_not_what_the_browser_said(head, kind):
    assert status_links.sniff_image(head) == kind


def test_the_page_says_where_things_stand_and_promises_a_time_only_when_we_owe_an_answer():
    first, nxt = NOW + timedelta(hours=4), NOW + timedelta(hours=8)
    assert status_links.plain_status("new", False) == "received"
    assert status_links.plain_status("open", True) == "working"
    assert status_links.plain_status("pending", True) == "waiting_for_you"
    assert status_links.next_response_due("new", first, None, False) == first
    assert status_links.next_response_due("open", first, nxt, True) == nxt
    assert status_links.next_response_due("pending", first, nxt, True) is None
    assert status_links.next_response_due("resolved", first, nxt, True) is None
