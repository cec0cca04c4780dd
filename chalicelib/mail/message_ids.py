"""Message-IDs as threading keys.

SES rewrites the Message-ID of everything we send to `<ses-id@region.amazonses.com>` (the
domain depends on the region), so those are keyed on SES's id alone; any other id is keyed
on its lower-cased text without angle brackets.
"""

from __future__ import annotations

from datetime import datetime

from ..domain.ids import new_item_id


def normalise(message_id: str) -> str:
    return message_id.strip().strip("<>").strip().lower()


def message_key(message_id: str) -> str:
    value = normalise(message_id)
    local, _, domain = value.partition("@")
    if domain == "amazonses.com" or domain.endswith(".amazonses.com"):
        return f"MSGID#ses:{local}"
    return f"MSGID#{value}"


def ses_message_key(ses_message_id: str) -> str:
    return f"MSGID#ses:{ses_message_id.strip().lower()}"


def new_outgoing_id(ticket_id: str, kind: str, now: datetime, domain: str) -> str:
    return f"{kind}.{ticket_id.lower()}.{new_item_id(now).lower()}@{domain}"
