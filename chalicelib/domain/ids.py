"""Identifiers that sort by time and can be read aloud on the phone.

Crockford base32 leaves out I, L, O and U, so no two symbols sound or look alike, and
readers may type 0/O and 1/I/L interchangeably. Ticket ids are short (a customer reads
them out); message and event ids are longer because nobody reads them.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_EPOCH = 1577836800  # 2020-01-01T00:00:00Z: six symbols of seconds last until 2054
_TICKET_TIME_SYMBOLS = 6
_TICKET_RANDOM_SYMBOLS = 4
TICKET_PREFIX = "T-"
TICKET_ID_PATTERN = re.compile(r"T-[0-9A-HJKMNP-TV-Z]{10}")
_READ_ALOUD_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def encode(value: int, width: int) -> str:
    symbols = []
    for _ in range(width):
        value, digit = divmod(value, 32)
        symbols.append(ALPHABET[digit])
    if value:
        raise ValueError("value does not fit in the requested width")
    return "".join(reversed(symbols))


def new_ticket_id(now: datetime, random_bits: int | None = None) -> str:
    seconds = int(now.timestamp()) - _EPOCH
    if random_bits is None:
        random_bits = secrets.randbits(5 * _TICKET_RANDOM_SYMBOLS)
    return (
        TICKET_PREFIX
        + encode(seconds, _TICKET_TIME_SYMBOLS)
        + encode(random_bits, _TICKET_RANDOM_SYMBOLS)
    )


def new_item_id(now: datetime) -> str:
    """A ULID-shaped id (48 bits of milliseconds, 80 random bits) for messages and events."""
    millis = int(now.timestamp() * 1000)
    return encode(millis, 10) + encode(secrets.randbits(80), 16)


def normalise_ticket_id(text: str) -> str | None:
    """Accept what a person types (`t-0abc...`, O for 0, spaces) and return the canonical id."""
    cleaned = re.sub(r"[\s-]", "", text.strip().upper())
    if cleaned.startswith("T"):
        cleaned = cleaned[1:]
    candidate = TICKET_PREFIX + cleaned.translate(_READ_ALOUD_FIXES)
    return candidate if TICKET_ID_PATTERN.fullmatch(candidate) else None
