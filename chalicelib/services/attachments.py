"""Attachments customers sent: downloaded through short-lived presigned links, never proxied."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..domain.clock import iso
from ..domain.models import Attachment
from ..errors import NotFound
from .context import Desk
from .tickets import load

LINK_SECONDS = 300  # long enough to click, short enough that a forwarded link soon stops working
_PAGE = 100


def find(desk: Desk, raw_id: str, key: str) -> Attachment:
    """The attachment stored under `key`, if a message of this ticket has it."""
    ticket = load(desk, raw_id)
    if not key.startswith(f"tickets/{ticket.id}/attachments/"):
        raise NotFound(f"ticket {ticket.id} has no attachment {key[:80]!r}")
    before = None
    while True:
        page, before = desk.store.tickets.messages(ticket.id, _PAGE, before)
        for message in page:
            for attachment in message.attachments:
                if attachment.key == key:
                    return attachment
        if not before:
            raise NotFound(f"ticket {ticket.id} has no attachment {key[:80]!r}")


def download(desk: Desk, raw_id: str, key: str) -> dict[str, Any]:
    attachment = find(desk, raw_id, key)
    url = desk.blobs.download_url(desk.settings.attachments_bucket, attachment.key, attachment.filename, LINK_SECONDS)
    return {"url": url, "expires_at": iso(desk.now() + timedelta(seconds=LINK_SECONDS)),
            "filename": attachment.filename, "content_type": attachment.content_type, "size": attachment.size}
