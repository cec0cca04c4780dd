"""One way to write a message down, whoever wrote it and however it came: the customer through the
API or email, a machine answering our mail, an agent's reply or internal note."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.ids import new_item_id
from ..domain.models import Attachment, Channel, Direction, Message

EMPTY = "(empty message)"


@dataclass(frozen=True)
class Said:
    """What was said and by whom; every other detail is optional and named."""

    author: str
    body: str
    channel: str
    direction: str = Direction.INBOUND.value
    subject: str | None = None
    full_body: str | None = None  # the whole text, quotes included (email)
    email_message_id: str | None = None
    attachments: tuple[Attachment | dict[str, Any], ...] = ()
    cc: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    raw_key: str | None = None
    automatic: str | None = None  # bounce, auto_reply, …: kept, never answered
    details: dict[str, Any] = field(default_factory=dict)


def message(ticket_id: str, said: Said, at: datetime, *, message_id: str | None = None,
            via: str | None = None) -> Message:
    return Message(
        id=message_id or new_item_id(at), ticket_id=ticket_id, direction=Direction(said.direction),
        channel=Channel(said.channel), author=said.author, body=said.body or EMPTY, created_at=at,
        subject=said.subject, full_body=said.full_body, email_message_id=said.email_message_id,
        attachments=[a if isinstance(a, Attachment) else Attachment.model_validate(a) for a in said.attachments],
        cc=list(said.cc), flags=list(said.flags), problems=list(said.problems), raw_key=said.raw_key,
        automatic=said.automatic, via=via, **said.details,
    )
