"""The `TicketLists` port in memory, held to the same contract as `ticket_lists.py` (tests/contract)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from ..domain.models import Ticket

if TYPE_CHECKING:
    from .memory import MemoryStore

_MOMENT = TypeAdapter(datetime)


def _position(ticket: Ticket) -> str:
    return f"{_MOMENT.dump_python(ticket.created_at, mode='json')}#{ticket.id}"


class MemoryTicketLists:
    def __init__(self, store: MemoryStore) -> None:
        self.db = store

    def position_of(self, ticket: Ticket) -> str:
        return _position(ticket)

    def owned(self, email: str, statuses: Sequence[str], limit: int, after: str | None = None,
              created_from: datetime | None = None, created_before: datetime | None = None,
              ) -> tuple[list[Ticket], str | None]:
        return self._listing(lambda t: (t.assignee or "").lower() == email.lower() and t.status in statuses,
                             limit, after, created_from, created_before)

    def with_status(self, statuses: Sequence[str], limit: int, after: str | None = None,
                    created_from: datetime | None = None, created_before: datetime | None = None,
                    ) -> tuple[list[Ticket], str | None]:
        return self._listing(lambda t: t.status in statuses, limit, after, created_from, created_before)

    def for_order(self, order_id: str, limit: int, after: str | None = None,
                  created_from: datetime | None = None, created_before: datetime | None = None,
                  ) -> tuple[list[Ticket], str | None]:
        return self._listing(lambda t: t.order_id == order_id, limit, after, created_from, created_before)

    def for_customer(self, email: str, limit: int, after: str | None = None,
                     created_from: datetime | None = None, created_before: datetime | None = None,
                     ) -> tuple[list[Ticket], str | None]:
        return self._listing(lambda t: t.customer_email.lower() == email.lower(), limit, after, created_from,
                             created_before)

    def _listing(self, keep: Callable[[Ticket], bool], limit: int, after: str | None,
                 created_from: datetime | None, created_before: datetime | None) -> tuple[list[Ticket], str | None]:
        with self.db.lock:
            found = [t.model_copy(deep=True) for t in self.db.state.tickets.values() if keep(t)
                     and (created_from is None or t.created_at >= created_from)
                     and (created_before is None or t.created_at <= created_before)
                     and (after is None or _position(t) < after)]
        found.sort(key=_position, reverse=True)
        page = found[:limit]
        return page, (_position(page[-1]) if len(found) > limit and page else None)
