"""How tickets, messages and events look in API responses."""

from __future__ import annotations

from typing import Any

from ..domain.models import Message, Ticket
from ..services.tickets import TicketHistory


def ticket_view(ticket: Ticket) -> dict[str, Any]:
    body: dict[str, Any] = ticket.model_dump(mode="json", exclude={"ack_message_id", "sweep_after"})
    body["customer"] = {"email": ticket.customer_email, "name": ticket.customer_name}
    return body


# A ticket's page shows the newest 50 messages; a longer text is cut here, whole in the message list.
_BODY_PREVIEW = 8_000


def message_view(message: Message, preview: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = message.model_dump(mode="json", exclude={"full_body"})
    if preview and len(message.body) > _BODY_PREVIEW:
        body["body"] = message.body[:_BODY_PREVIEW]
        body["body_truncated"] = True
    return body


def history_view(found: TicketHistory) -> dict[str, Any]:
    """Oldest first within the page, as a conversation reads; older pages through the cursors."""
    body = ticket_view(found.ticket)
    body["messages"] = [message_view(m, preview=True) for m in reversed(found.messages)]
    body["events"] = [e.model_dump(mode="json") for e in reversed(found.events)]
    body["older_messages_cursor"] = found.older_messages
    body["older_events_cursor"] = found.older_events
    return body
