"""Signed reply addresses: `support+<ticket>.<signature>@domain`.

The signature stops anyone from attaching mail to a ticket by guessing its number. It is
lower-case because some mail systems fold the local part's case.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from .ids import ALPHABET, normalise_ticket_id

_SIGNATURE_SYMBOLS = 10
_TAG = re.compile(r"^(?P<mailbox>[^+@]+)\+(?P<ticket>t-[0-9a-z]{10})\.(?P<sig>[0-9a-z]+)@(?P<domain>.+)$")


def _signature(ticket_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), ticket_id.upper().encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(_SIGNATURE_SYMBOLS)).lower()


def reply_address(support_address: str, ticket_id: str, secret: str) -> str:
    mailbox, domain = support_address.split("@", 1)
    return f"{mailbox}+{ticket_id.lower()}.{_signature(ticket_id, secret)}@{domain}"


def parse_reply_address(address: str, secret: str) -> tuple[str | None, bool]:
    """(ticket id, signature valid) for a plus-address; (None, False) when it is not one."""
    match = _TAG.match(address.strip().lower())
    if not match:
        return None, False
    ticket_id = normalise_ticket_id(match["ticket"])
    if ticket_id is None:
        return None, False
    valid = hmac.compare_digest(match["sig"], _signature(ticket_id, secret))
    return ticket_id, valid
