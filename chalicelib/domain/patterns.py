"""Recurring problems worth an alert: one SKU failing again and again, one category spiking.

- Recurring defect: `product_defect` tickets naming the same SKU reach `threshold` within a
  rolling `window`. One alert per SKU and window: after an alert, the next one for that SKU can
  come only once the window has passed.
- Category spike: the tickets opened today in one category reach `factor` times the category's
  average over the trailing days (and at least `min_count`): a carrier failing, a bad batch.
  One alert per category and day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .models import Ticket

DEFECT_CATEGORY = "product_defect"
_SKU_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class DefectRule:
    threshold: int = 3
    window: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class SpikeRule:
    factor: float = 3.0
    min_count: int = 5
    trailing_days: int = 7


def normal_sku(sku: str | None) -> str | None:
    """How a SKU is compared: case and spacing as people type them do not make another product."""
    if not sku:
        return None
    cleaned = _SKU_SPACE.sub("", sku).upper()
    return cleaned[:100] or None


def defect_subject(ticket: Ticket) -> str | None:
    sku = normal_sku(ticket.sku)
    if ticket.category != DEFECT_CATEGORY or sku is None:
        return None
    return f"sku:{sku}"


def newly_counted(old: Ticket | None, new: Ticket | None,
                  subject_of: Callable[[Ticket], str | None]) -> str | None:
    """The subject a change brings a ticket under (a new ticket, or a corrected category or SKU);
    None when it was already counted under it or has none."""
    if new is None:
        return None
    subject = subject_of(new)
    if subject is None or (old is not None and subject_of(old) == subject):
        return None
    return subject


def category_subject(ticket: Ticket) -> str:
    return f"category:{ticket.category}"


def recurring(count: int, rule: DefectRule) -> bool:
    return count >= rule.threshold


def spiking(today: int, previous_days: list[int], rule: SpikeRule) -> bool:
    """Today's count against the trailing average (days with no tickets count as zero)."""
    if today < rule.min_count:
        return False
    average = sum(previous_days) / len(previous_days) if previous_days else 0.0
    return today >= rule.factor * average


def alert_ttl(now: datetime, window: timedelta) -> int:
    """When an alert's claim lapses: the next alert for the same subject may follow then."""
    return int((now + window).timestamp())
