"""Message-IDs as threading keys.

SES rewrites the Message-ID of everything we send to `<ses-id@region.amazonses.com>` (the
domain depends on the region), so those are keyed on SES's id alone (`ses:<id>`); any other id
is keyed on its lower-cased text without angle brackets. Where a key is kept is the store's
business.
"""

from __future__ import annotations

from datetime import datetime

from ..domain.ids import new_item_id

SES_PREFIX = "ses:"


def normalise(message_id: str) -> str:
    return message_id.strip().strip("<>").strip().lower()


def message_key(message_id: str) -> str:
    value = normalise(message_id)
    local, _, domain = value.partition("@")
    if domain == "amazonses.com" or domain.endswith(".amazonses.com"):
        return f"{SES_PREFIX}{local}"
    return value


def ses_message_key(ses_message_id: str) -> str:
    return f"{SES_PREFIX}{ses_message_id.strip().lower()}"


def is_ses_key(key: str) -> bool:
    """A key for a mail SES sent for us."""
    return key.startswith(SES_PREFIX)


def new_outgoing_id(ticket_id: str, kind: str, now: datetime, domain: str) -> str:
    return f"{kind}.{ticket_id.lower()}.{new_item_id(now).lower()}@{domain}"
