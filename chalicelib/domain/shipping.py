"""Shipments and when a delay is worth telling the customer about.

A shipment keeps one normalised status (whatever the storefront or carrier called it), the raw
status it was given, its tracking events, and which delay notices it has had. Notices come in
stages, each sent at most once: `late` (past the promised date plus a grace period),
`still_late` (the same, N days on) and `exception` (the carrier reported damage, loss, a return
to sender or a failed delivery attempt). The rules take plain values and return plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Every source's status lands on one of these.
PENDING = "pending"  # ordered, not handed to a carrier yet
PRE_TRANSIT = "pre_transit"  # label made, parcel not picked up
IN_TRANSIT = "in_transit"
OUT_FOR_DELIVERY = "out_for_delivery"
AVAILABLE_FOR_PICKUP = "available_for_pickup"
DELIVERED = "delivered"
EXCEPTION = "exception"
CANCELLED = "cancelled"
UNKNOWN = "unknown"  # a status nobody has told us about yet
STATUSES = (PENDING, PRE_TRANSIT, IN_TRANSIT, OUT_FOR_DELIVERY, AVAILABLE_FOR_PICKUP, DELIVERED, EXCEPTION,
            CANCELLED, UNKNOWN)
FINISHED = frozenset({DELIVERED, CANCELLED})

# What went wrong, when the carrier says something did.
EXCEPTION_KINDS = ("damaged", "lost", "returned_to_sender", "failed_attempt", "delivery_problem")

STAGES = ("late", "still_late", "exception")

# How people and storefronts write statuses, and what they mean.
_SYNONYMS = {
    "pending": PENDING, "unfulfilled": PENDING, "processing": PENDING, "awaiting_shipment": PENDING,
    "on_hold": PENDING, "ordered": PENDING,
    "pre_transit": PRE_TRANSIT, "label_created": PRE_TRANSIT, "label_printed": PRE_TRANSIT,
    "label_purchased": PRE_TRANSIT, "info_received": PRE_TRANSIT, "inforeceived": PRE_TRANSIT,
    "confirmed": PRE_TRANSIT,
    "shipped": IN_TRANSIT, "in_transit": IN_TRANSIT, "intransit": IN_TRANSIT, "picked_up": IN_TRANSIT,
    "carrier_picked_up": IN_TRANSIT, "fulfilled": IN_TRANSIT, "dispatched": IN_TRANSIT,
    "out_for_delivery": OUT_FOR_DELIVERY, "outfordelivery": OUT_FOR_DELIVERY,
    "available_for_pickup": AVAILABLE_FOR_PICKUP, "availableforpickup": AVAILABLE_FOR_PICKUP,
    "ready_for_pickup": AVAILABLE_FOR_PICKUP,
    "delivered": DELIVERED,
    "exception": EXCEPTION, "failure": EXCEPTION, "failed": EXCEPTION,
    "cancelled": CANCELLED, "canceled": CANCELLED,
}
_EXCEPTION_SYNONYMS = {
    "damaged": "damaged", "destroyed": "damaged",
    "lost": "lost", "missing": "lost",
    "returned_to_sender": "returned_to_sender", "return_to_sender": "returned_to_sender",
    "returned": "returned_to_sender",
    "failed_attempt": "failed_attempt", "attempted_delivery": "failed_attempt", "attempt_fail": "failed_attempt",
    "attemptfail": "failed_attempt", "delivery_attempted": "failed_attempt",
}


def _key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class Reading:
    """What a raw status means: the normalised status, the exception kind if any, and whether we
    knew the word at all (an unknown one is kept and flagged, never dropped)."""

    status: str
    exception: str | None = None
    known: bool = True


def tracking_key(tracking_number: str) -> str:
    """A tracking number as carriers and storefronts both mean it: no spaces or dashes, upper case."""
    return "".join(ch for ch in tracking_number if ch not in " \t-").upper()


def read_status(raw: str) -> Reading:
    """A storefront's or person's status word, normalised. Unknown words read as UNKNOWN."""
    key = _key(raw or "")
    if key in _EXCEPTION_SYNONYMS:
        return Reading(EXCEPTION, _EXCEPTION_SYNONYMS[key])
    if key in _SYNONYMS:
        status = _SYNONYMS[key]
        return Reading(status, "delivery_problem" if status == EXCEPTION else None)
    return Reading(UNKNOWN, known=False)


def exception_kind_from_text(text: str) -> str:
    """A carrier's words about a problem, as one of EXCEPTION_KINDS."""
    words = (text or "").lower()
    if "damag" in words or "destroy" in words:
        return "damaged"
    if "lost" in words or "missing" in words:
        return "lost"
    if "return" in words:
        return "returned_to_sender"
    if "attempt" in words:
        return "failed_attempt"
    return "delivery_problem"


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TrackingEvent(Record):
    at: datetime
    status: str  # normalised
    carrier_status: str = ""  # as the source said it
    message: str = ""
    location: str = ""
    exception: str | None = None

    @property
    def identity(self) -> tuple[str, str, str]:
        """Two deliveries of the same scan are one event."""
        return (self.at.astimezone(UTC).isoformat(), self.carrier_status, self.message)


class ShipmentItem(Record):
    sku: str | None = None
    name: str = ""
    quantity: int = 1


class Notice(Record):
    stage: str
    at: datetime
    ticket_id: str
    remedy_id: str | None = None


class Shipment(Record):
    id: str
    order_id: str | None = None
    customer_email: str | None = None  # None for a carrier's update we cannot place yet
    customer_name: str = ""
    language: str = "en"
    carrier: str = ""
    tracking_number: str = ""
    promised_delivery: datetime | None = None
    estimated_delivery: datetime | None = None  # the carrier's latest estimate
    status: str = UNKNOWN
    carrier_status: str = ""
    exception: str | None = None
    flags: list[str] = Field(default_factory=list)
    events: list[TrackingEvent] = Field(default_factory=list)
    items: list[ShipmentItem] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)  # api, shopify, easypost, …
    created_at: datetime
    updated_at: datetime
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    notices: list[Notice] = Field(default_factory=list)
    proactive_ticket_id: str | None = None
    watch_from: datetime | None = None  # where it sits in the due-date index (None: not there)
    version: int = 1

    def noticed(self, stage: str) -> bool:
        return any(n.stage == stage for n in self.notices)

    def notice(self, stage: str) -> Notice | None:
        return next((n for n in self.notices if n.stage == stage), None)


@dataclass(frozen=True)
class DelayPolicy:
    """When a shipment counts as late, when to write again, and which remedy each stage offers
    (checked against tier-1 authority by the remedy rules before it is offered)."""

    grace: timedelta = timedelta(hours=24)
    still_late_after: timedelta = timedelta(days=3)
    recent: timedelta = timedelta(days=30)  # how long a proactive ticket takes in "where is my order?"
    default_transit: timedelta = timedelta(days=7)  # promise for a shipment whose source gives none
    lookback: timedelta = timedelta(days=14)  # how far back past the grace a scan reads the index
    remedies: tuple[tuple[str, dict[str, Any]], ...] = (
        ("late", {"type": "discount", "percent": "10"}),
        ("still_late", {"type": "expedited_reshipment"}),
        ("exception", {"type": "expedited_reshipment"}),
        ("exception:failed_attempt", {"type": "discount", "percent": "5"}),
    )

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> DelayPolicy:
        if not config:
            return cls()
        base = cls()
        try:
            remedies = dict(base.remedies)
            for stage, remedy in (config.get("remedies") or {}).items():
                if remedy is None:
                    remedies[stage] = {}
                elif not isinstance(remedy, dict) or "type" not in remedy:
                    raise ValueError(f"remedy for {stage!r} needs a type")
                else:
                    remedies[stage] = {k: str(v) if isinstance(v, int | float | Decimal) else v
                                       for k, v in remedy.items()}
            return cls(
                grace=timedelta(hours=float(config.get("grace_hours", 24))),
                still_late_after=timedelta(days=float(config.get("still_late_days", 3))),
                recent=timedelta(days=float(config.get("recent_days", 30))),
                default_transit=timedelta(days=float(config.get("default_transit_days", 7))),
                lookback=timedelta(days=float(config.get("lookback_days", 14))),
                remedies=tuple(remedies.items()),
            )
        except (TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"delay policy: grace_hours, still_late_days, recent_days, default_transit_days, "
                             f"lookback_days "
                             f"are numbers; remedies map a stage to {{type, percent|amount}} ({error})") from error

    def remedy_for(self, stage: str, exception: str | None) -> dict[str, Any]:
        table = dict(self.remedies)
        specific = table.get(f"{stage}:{exception}") if exception else None
        return dict(specific if specific is not None else table.get(stage) or {})


def promised_moment(value: date | datetime | str) -> datetime:
    """A promised date means "by the end of that day" (UTC); a moment is taken as given."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return promised_moment(date.fromisoformat(text))
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(23, 59, 59), tzinfo=UTC)


def due_stage(shipment: Shipment, now: datetime, policy: DelayPolicy) -> str | None:
    """The notice this shipment is owed now, if any. An exception is told at once; after it, no
    lateness notices (the customer already knows, and an agent has the ticket)."""
    if shipment.customer_email is None or shipment.status in FINISHED:
        return None
    if shipment.noticed("exception"):
        return None
    if shipment.status == EXCEPTION:
        return "exception"
    if shipment.promised_delivery is None:
        return None
    late_from = shipment.promised_delivery + policy.grace
    if now < late_from:
        return None
    if not shipment.noticed("late"):
        return "late"
    if not shipment.noticed("still_late") and now >= late_from + policy.still_late_after:
        return "still_late"
    return None


def next_watch(shipment: Shipment, policy: DelayPolicy, now: datetime) -> datetime | None:
    """Where the shipment sits in the due-date index: the moment its next notice starts counting,
    grace not included (the scan subtracts the grace in force). A moment already long past sits at
    `now` minus the grace: due at the next scan, and within the scan's look-back. None takes it out
    of the index, so the scan reads only what can still be late."""
    if shipment.customer_email is None or shipment.status in FINISHED or shipment.noticed("exception"):
        return None
    if shipment.status == EXCEPTION:
        return now - policy.grace  # due at once: the scan is the safety net behind the intake
    if shipment.promised_delivery is None:
        return None
    if not shipment.noticed("late"):
        counts_from = shipment.promised_delivery
    elif not shipment.noticed("still_late"):
        counts_from = shipment.promised_delivery + policy.still_late_after
    else:
        return None
    return max(counts_from, now - policy.grace)


def merge_events(known: list[TrackingEvent], new: list[TrackingEvent], limit: int = 200) -> list[TrackingEvent]:
    """Known and new events, each once, oldest first (the newest `limit` kept)."""
    seen: dict[tuple[str, str, str], TrackingEvent] = {e.identity: e for e in known}
    for event in new:
        seen.setdefault(event.identity, event)
    return sorted(seen.values(), key=lambda e: e.at)[-limit:]


_RANK = {PENDING: 0, UNKNOWN: 0, PRE_TRANSIT: 1, IN_TRANSIT: 2, AVAILABLE_FOR_PICKUP: 3, OUT_FOR_DELIVERY: 3,
         EXCEPTION: 3, DELIVERED: 4, CANCELLED: 4}


def newest_status(current: str, incoming: str, current_at: datetime | None, incoming_at: datetime | None) -> bool:
    """Whether `incoming` should replace `current`: the later report wins; without times, a report
    never moves a parcel back (webhooks arrive out of order)."""
    if current_at is not None and incoming_at is not None and incoming_at != current_at:
        return incoming_at > current_at
    # Without two times to compare, a parcel moves forward only (or out of an exception).
    return current == EXCEPTION or _RANK[incoming] >= _RANK[current]
