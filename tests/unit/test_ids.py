from datetime import UTC, datetime, timedelta

from chalicelib.domain.ids import TICKET_ID_PATTERN, new_item_id, new_ticket_id, normalise_ticket_id


def test_ticket_ids_sort_by_time():
    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    ids = [new_ticket_id(start + timedelta(seconds=s)) for s in (0, 1, 59, 3600, 86400 * 400)]
    assert ids == sorted(ids)


def test_ticket_ids_use_only_unambiguous_symbols():
    ticket_id = new_ticket_id(datetime.now(UTC))
    assert TICKET_ID_PATTERN.fullmatch(ticket_id)
    assert not set(ticket_id[2:]) & set("ILOU")
    assert len(ticket_id) == 12


def test_what_a_customer_types_is_understood():
    ticket_id = new_ticket_id(datetime(2026, 1, 1, tzinfo=UTC), random_bits=0x12345)
    typed = " " + ticket_id.lower().replace("0", "o").replace("1", "l") + " "
    assert normalise_ticket_id(typed) == ticket_id
    assert normalise_ticket_id(ticket_id[2:]) == ticket_id


def test_nonsense_is_not_a_ticket_id():
    for text in ("", "T-", "T-123", "hello", "T-UUUUUUUUUU", "T-0ABCDEFGHJK"):
        assert normalise_ticket_id(text) is None


def test_item_ids_sort_by_millisecond():
    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    ids = [new_item_id(start + timedelta(milliseconds=ms)) for ms in (0, 1, 2, 1000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 4
