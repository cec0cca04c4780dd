"""What a storefront or carrier told us about a shipment, and the shipment after hearing it.

Every intake (the API's PUT, each webhook format) turns its input into a `ShipmentUpdate`; one
rule, `apply_update`, merges it into what we knew. Updates arrive late, twice and out of order:
events are merged by identity, a status only replaces one reported later, and a word nobody
taught us is kept (raw, flagged) rather than dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .shipping import (
    DELIVERED,
    EXCEPTION,
    IN_TRANSIT,
    UNKNOWN,
    DelayPolicy,
    Reading,
    Shipment,
    ShipmentItem,
    TrackingEvent,
    merge_events,
    newest_status,
)

_SHIPPED = frozenset({IN_TRANSIT, "out_for_delivery", "available_for_pickup", DELIVERED, EXCEPTION})


@dataclass(frozen=True)
class ShipmentUpdate:
    source: str  # api, shopify, woocommerce, easypost, aftership
    shipment_id: str | None = None  # None: a carrier's update, placed by its tracking number
    order_id: str | None = None
    customer_email: str | None = None
    customer_name: str | None = None
    language: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    promised_delivery: datetime | None = None
    estimated_delivery: datetime | None = None
    raw_status: str | None = None
    reading: Reading | None = None
    status_at: datetime | None = None  # when the source says the status became true
    shipped_at: datetime | None = None
    events: tuple[TrackingEvent, ...] = ()
    items: tuple[ShipmentItem, ...] | None = None
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)  # what the adapter noticed, for the answer


def _latest_report(shipment: Shipment) -> datetime | None:
    reported = [e.at for e in shipment.events if e.carrier_status == shipment.carrier_status]
    return max(reported) if reported else None


def apply_update(existing: Shipment | None, update: ShipmentUpdate, shipment_id: str, now: datetime,
                 policy: DelayPolicy) -> Shipment:
    """The shipment after `update` (version and timestamps left for the store to move)."""
    base = existing or Shipment(id=shipment_id, created_at=now, updated_at=now)
    values = base.model_dump()
    for name in ("order_id", "customer_name", "carrier", "tracking_number", "promised_delivery",
                 "estimated_delivery", "shipped_at"):
        given = getattr(update, name)
        if given not in (None, ""):
            values[name] = given
    if update.customer_email:
        values["customer_email"] = update.customer_email.strip().lower()
    if update.language:
        values["language"] = update.language.lower().split("-")[0][:8]
    if update.items is not None:
        values["items"] = [i.model_dump() for i in update.items]
    flags = list(dict.fromkeys([*base.flags, *update.flags]))
    events = merge_events(base.events, list(update.events))
    values["events"] = [e.model_dump() for e in events]
    values["sources"] = list(dict.fromkeys([*base.sources, update.source]))

    reading = update.reading
    if reading is not None:
        raw = update.raw_status or reading.status
        if not reading.known:
            flags.append(f"unknown_status:{raw[:60]}")
            values["carrier_status"] = raw
            if existing is None:
                values["status"] = UNKNOWN
        elif existing is None or newest_status(base.status, reading.status, _latest_report(base), update.status_at):
            values["status"] = reading.status
            values["carrier_status"] = raw
            values["exception"] = reading.exception if reading.status == EXCEPTION else None
            if reading.status == DELIVERED and base.delivered_at is None:
                values["delivered_at"] = update.status_at or now
    status = values["status"]
    first_scan = min((e.at for e in events if e.status in _SHIPPED), default=None)
    if values.get("shipped_at") is None and (status in _SHIPPED or first_scan is not None):
        values["shipped_at"] = first_scan or update.status_at or now
    if values.get("promised_delivery") is None and values.get("shipped_at") is not None \
            and values.get("tracking_number"):
        # The source promised nothing: assume the store's usual transit time, and say so. Only for a
        # tracked parcel: without a carrier nobody would ever tell us it arrived.
        values["promised_delivery"] = values["shipped_at"] + policy.default_transit
        flags.append("promise_assumed")
    values["flags"] = list(dict.fromkeys(flags))[-30:]
    return Shipment.model_validate(values)


def changed(before: Shipment | None, after: Shipment) -> bool:
    """Whether the update told us anything new (a replayed or repeated update does not)."""
    if before is None:
        return True
    ignore = {"updated_at", "version"}
    return before.model_dump(exclude=ignore) != after.model_dump(exclude=ignore)
