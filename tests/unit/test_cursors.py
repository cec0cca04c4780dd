"""Paging cursors continue only the listing they came from."""

import pytest

from chalicelib.domain.cursors import CursorError, seal, unseal

SECRET = "a-secret-of-sixteen-or-more"
POSITION = {"PK": {"S": "TICKET#T-1"}, "SK": {"S": "META"}}


def test_a_cursor_opens_for_its_own_listing():
    assert unseal(seal(POSITION, "customer:jane", SECRET), "customer:jane", SECRET) == POSITION


@pytest.mark.parametrize("opened_with", [("customer:john", SECRET), ("customer:jane", "another-secret-0123456")])
def test_a_cursor_does_not_open_for_another_listing_or_key(opened_with):
    with pytest.raises(CursorError):
        unseal(seal(POSITION, "customer:jane", SECRET), *opened_with)


@pytest.mark.parametrize("cursor", ["", ".", "a.b", "x" * 3000, "é.é", "eyJ9.AAAA", "a.b.c"])
def test_anything_else_is_refused(cursor):
    with pytest.raises(CursorError):
        unseal(cursor, "customer:jane", SECRET)


def test_a_changed_position_is_refused():
    _, tag = seal(POSITION, "customer:jane", SECRET).split(".")
    forged = seal({"PK": {"S": "TICKET#T-2"}}, "customer:jane", "guess-the-secret-0000")
    with pytest.raises(CursorError):
        unseal(f"{forged.split('.')[0]}.{tag}", "customer:jane", SECRET)
