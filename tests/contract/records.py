"""Records to store in the contract tests: small, valid, at fixed times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.adapters.ports import Store
from chalicelib.domain.ids import new_item_id, new_ticket_id
from chalicelib.domain.models import (
    AuditEvent,
    Customer,
    Direction,
    Message,
    OutboxItem,
    QuarantinedMail,
    Remedy,
    SlaDeadlines,
    Ticket,
)

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@dataclass
class Opening:
    ticket: Ticket
    customer: Customer
    message: Message
    event: AuditEvent

    def parts(self) -> tuple[Ticket, Customer, Message, AuditEvent]:
        return self.ticket, self.customer, self.message, self.event


def opening(priority: str = "normal", due_hours: float = 8, email: str = "kim@example.org",
            at: datetime = NOW, name: str = "") -> Opening:
    ticket_id = new_ticket_id(at)
    ticket = Ticket(id=ticket_id, category="other", priority=priority, language="en", subject="s",
                    customer_email=email, created_at=at, updated_at=at,
                    sla=SlaDeadlines(first_response_due=at + timedelta(hours=due_hours),
                                     resolution_due=at + timedelta(hours=due_hours * 4)))
    return Opening(ticket, Customer(email=email, name=name, created_at=at), message(ticket, at),
                   event(ticket, at, "ticket.created"))


def opened(store: Store, **kwargs: Any) -> Ticket:
    made = opening(**kwargs)
    store.tickets.create(*made.parts())
    return made.ticket


def message(ticket: Ticket, at: datetime, direction: str = Direction.INBOUND, body: str = "b") -> Message:
    return Message(id=new_item_id(at), ticket_id=ticket.id, direction=direction, channel="api",
                   author=ticket.customer_email, body=body, created_at=at)


def event(ticket: Ticket, at: datetime, action: str = "note.added") -> AuditEvent:
    return AuditEvent(id=new_item_id(at), ticket_id=ticket.id, at=at, actor="t", action=action)


def work(ticket: Ticket, at: datetime = NOW, kind: str = "email", links: dict[str, str] | None = None,
         mime: bytes | None = b"Subject: hello\r\n\r\nbody\r\n") -> OutboxItem:
    return OutboxItem(id=f"{kind}.{new_item_id(at).lower()}", ticket_id=ticket.id, kind=kind, purpose="test",
                      created_at=at, next_attempt_at=at + timedelta(minutes=2),
                      mime=mime if kind == "email" else None, payload={"n": 1}, links=links or {})


def remedy(ticket: Ticket, status: str = "awaiting_approval", tier: int | None = 2,
           due: datetime | None = NOW + timedelta(hours=1)) -> Remedy:
    return Remedy(id=f"R-{new_item_id(NOW)}", ticket_id=ticket.id, type="refund", status=status,
                  amount="10", requested_by="agent:a", requested_at=NOW,
                  approval_tier=tier if status == "awaiting_approval" else None,
                  approval_due=due if status == "awaiting_approval" else None)


def quarantined(at: datetime = NOW, kind: str = "spam") -> QuarantinedMail:
    return QuarantinedMail(id=f"Q-{new_item_id(at)}", kind=kind, reason="r", raw_bucket="b",
                           raw_key=f"inbound/{new_item_id(at)}", ses_message_id=new_item_id(at), received_at=at)
