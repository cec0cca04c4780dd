"""How the console shows things: SLA countdowns, times, whose message is whose. Plain values in,
plain values out (no request, no store), so the pages and their tests agree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.models import TIER_NAMES, Direction, Message, Status, Ticket, TicketSummary

CLOCK_NAMES = {"first_response": "first response", "next_response": "next response", "resolution": "resolution"}
_RUNNING = (Status.NEW.value, Status.OPEN.value)


class Fields(dict[str, Any]):
    """A row the templates read by attribute (`r.id`): Jinja tries an attribute before an item,
    and on a plain dict each failed try is an exception caught (a tenth of a 200-row page)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def duration(seconds: float) -> str:
    """`2d 4h`, `3h 05m`, `12m`, `45s`: as short as a queue column needs; negative means overdue."""
    sign = "-" if seconds < 0 else ""
    left = int(abs(seconds))
    days, rest = divmod(left, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    if minutes:
        return f"{sign}{minutes}m"
    return f"{sign}{secs}s"


def sla_clock(ticket: Ticket | TicketSummary, now: datetime) -> dict[str, Any] | None:
    """The deadline the agent must meet next, with its warning point, and where `now` stands:
    `ok`, `warning` (amber: past the warning point) or `breached` (red). Waiting on the customer
    (pending) stops the clocks; resolved and closed tickets have none."""
    if str(ticket.status) not in _RUNNING:
        return None
    sla = ticket.sla
    clocks: list[tuple[datetime, datetime | None, str]] = []
    if sla.first_response_at is None:
        clocks.append((sla.first_response_due, sla.first_response_warn_at, "first_response"))
    if sla.next_response_due is not None:
        clocks.append((sla.next_response_due, sla.next_response_warn_at, "next_response"))
    if sla.resolution_due is not None:
        clocks.append((sla.resolution_due, sla.resolution_warn_at, "resolution"))
    if not clocks:
        return None
    due, warn_at, name = min(clocks, key=lambda clock: _aware(clock[0]))
    due = _aware(due)
    warn = _aware(warn_at) if warn_at is not None else None
    now = _aware(now)
    state = "breached" if now >= due else "warning" if warn is not None and now >= warn else "ok"
    return Fields(clock=CLOCK_NAMES[name], due=due.isoformat(), warn_at=warn.isoformat() if warn else "",
                  state=state, left=duration((due - now).total_seconds()))


def local_time(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return _aware(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def row(ticket: Ticket | TicketSummary, now: datetime) -> dict[str, Any]:
    """One line of a ticket list."""
    return Fields(id=ticket.id, subject=ticket.subject, status=str(ticket.status), priority=str(ticket.priority),
                  tier=ticket.tier, channel=str(ticket.channel), category=ticket.category,
                  customer=ticket.customer_name or ticket.customer_email, customer_email=ticket.customer_email,
                  owner=ticket.assignee_name or ticket.assignee or "", needs_review=ticket.needs_review,
                  order_id=ticket.order_id or "", sla=sla_clock(ticket, now), tags=ticket.tags)


def kind_of(message: Message) -> str:
    """customer, agent, automatic (acknowledgements and other mail the desk wrote by itself, and
    machine mail it received) or internal (notes)."""
    direction = str(message.direction)
    if direction == Direction.NOTE.value:
        return "internal"
    if direction == Direction.SYSTEM.value or message.automatic:
        return "automatic"
    return "agent" if direction == Direction.OUTBOUND.value else "customer"


KIND_LABELS = {"customer": "Customer", "agent": "Agent reply", "automatic": "Automatic", "internal": "Internal note"}


def tier_name(tier: int) -> str:
    return f"Tier {tier} · {TIER_NAMES.get(tier, '')}"
