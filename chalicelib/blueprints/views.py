"""How tickets, messages and events look in API responses."""

from __future__ import annotations

from typing import Any

from ..adapters.repository import TicketHistory
from ..domain.models import Ticket


def ticket_view(ticket: Ticket) -> dict[str, Any]:
    body: dict[str, Any] = ticket.model_dump(mode="json", exclude={"ack_message_id"})
    body["customer"] = {"email": ticket.customer_email, "name": ticket.customer_name}
    return body


def history_view(found: TicketHistory) -> dict[str, Any]:
    body = ticket_view(found.ticket)
    body["messages"] = [m.model_dump(mode="json", exclude={"full_body"}) for m in found.messages]
    body["events"] = [e.model_dump(mode="json") for e in found.events]
    return body
