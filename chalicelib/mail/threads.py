"""Which ticket an inbound message belongs to, decided from plain values.

Order of trust: the signed plus-address we gave out, then In-Reply-To and References
(newest first) that match mail we sent or received, then a `[#T-…]` subject token — but only
from the ticket's requester or a CC we already know — else a new ticket.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..domain.ids import normalise_ticket_id
from ..domain.reply_address import parse_reply_address
from .message_ids import message_key

_SUBJECT_TOKEN = re.compile(r"\[#\s*(T-[0-9A-Za-z]{10})\s*\]")
_MAX_REFERENCES = 20


@dataclass(frozen=True)
class Thread:
    ticket_id: str | None  # None: open a new ticket
    via: str  # plus_address | in_reply_to | references | subject_token | new | forged_address


def subject_ticket(subject: str) -> str | None:
    match = _SUBJECT_TOKEN.search(subject or "")
    return normalise_ticket_id(match.group(1)) if match else None


def plus_address(recipients: Iterable[str], secret: str) -> tuple[str | None, bool]:
    """The ticket of the first plus-address among recipients, and whether its signature holds."""
    for recipient in recipients:
        ticket_id, valid = parse_reply_address(recipient, secret)
        if ticket_id:
            return ticket_id, valid
    return None, False


def reference_keys(in_reply_to: list[str], references: list[str]) -> list[str]:
    """Threading keys to look up, most telling first: In-Reply-To, then References newest first."""
    ordered = [*in_reply_to, *reversed(references)]
    return list(dict.fromkeys(message_key(ref) for ref in ordered if ref.strip()))[:_MAX_REFERENCES]


def choose_thread(
    *,
    plus_ticket: str | None,
    plus_valid: bool,
    in_reply_to_keys: list[str],
    known_keys: Mapping[str, str],
    ordered_keys: list[str],
    token_ticket: str | None,
    token_trusted: bool,
) -> Thread:
    if plus_ticket:
        return Thread(plus_ticket, "plus_address") if plus_valid else Thread(None, "forged_address")
    for key in ordered_keys:
        if key in known_keys:
            return Thread(known_keys[key], "in_reply_to" if key in in_reply_to_keys else "references")
    if token_ticket and token_trusted:
        return Thread(token_ticket, "subject_token")
    return Thread(None, "new")


def fingerprint(sender: str, subject: str, date: str, body: str, attachment_digests: Iterable[str]) -> str:
    """Same content from the same sender: the same message, whatever Message-ID it carries."""
    digest = hashlib.sha256()
    for part in (
        sender.lower(),
        " ".join(subject.split()),
        date,
        " ".join(body.split()),
        *attachment_digests,
    ):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\0")
    return digest.hexdigest()
