from chalicelib.domain.reply_address import parse_reply_address, reply_address

SECRET = "a-secret-of-enough-length"


def test_signed_address_round_trips():
    address = reply_address("support@shop.example", "T-0ABCDEFGHJ", SECRET)
    assert address.startswith("support+t-0abcdefghj.")
    assert address.endswith("@shop.example")
    assert parse_reply_address(address, SECRET) == ("T-0ABCDEFGHJ", True)


def test_case_folding_mail_systems_do_not_break_it():
    address = reply_address("support@shop.example", "T-0ABCDEFGHJ", SECRET)
    assert parse_reply_address(address.upper(), SECRET) == ("T-0ABCDEFGHJ", True)


def test_forged_signature_or_other_ticket_is_refused():
    address = reply_address("support@shop.example", "T-0ABCDEFGHJ", SECRET)
    other = address.replace("t-0abcdefghj", "t-0abcdefghk")
    assert parse_reply_address(other, SECRET) == ("T-0ABCDEFGHK", False)
    assert parse_reply_address(address, "another-secret-value") == ("T-0ABCDEFGHJ", False)


def test_plain_support_address_is_not_a_reply_address():
    assert parse_reply_address("support@shop.example", SECRET) == (None, False)
