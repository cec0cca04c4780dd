"""Shipment intake: the storefront's PUT and every webhook end here, in one merge rule.

A change is saved under a condition on the version read (many webhooks for one parcel arrive at
once), with the claims that make a replayed delivery change nothing. After the save, what cannot
wait is done at once: a carrier exception is told to the customer now, not at the next scan; a
delivery closes the proactive ticket it settles.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, field_validator

from ..adapters.ports import AlreadyExists, Claim
from ..domain.access import Caller
from ..domain.order_refs import ORDER_ID_PATTERN
from ..domain.shipment_updates import ShipmentUpdate, apply_update, changed
from ..domain.shipping import (
    DELIVERED,
    Shipment,
    ShipmentItem,
    TrackingEvent,
    due_stage,
    next_watch,
    promised_moment,
    read_status,
    tracking_key,
)
from ..errors import Conflict, DeskError, NotFound, UpstreamError
from . import delays
from .context import Desk
from .schemas import CustomerIn, Line, Strict

log = logging.getLogger(__name__)
_SAVE_ATTEMPTS = 10
_EARLIEST, _LATEST = 2000, 2100


class TrackingEventIn(Strict):
    at: datetime
    status: Annotated[Line, Field(min_length=1, max_length=60)]
    message: Annotated[Line, Field(max_length=500)] = ""
    location: Annotated[Line, Field(max_length=200)] = ""


class ItemIn(Strict):
    sku: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")] | None = None
    name: Annotated[Line, Field(max_length=200)] = ""
    quantity: Annotated[int, Field(ge=1, le=10_000)] = 1


class ShipmentIn(Strict):
    """What a storefront says about one shipment (`PUT /shipments/{id}`)."""

    order_id: Annotated[str, Field(min_length=1, max_length=64, pattern=ORDER_ID_PATTERN)]
    customer: CustomerIn
    language: Annotated[str, Field(pattern=r"^[a-zA-Z]{2}(-[A-Za-z0-9]{2,8})?$")] | None = None
    carrier: Annotated[Line, Field(min_length=1, max_length=100)]
    tracking_number: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9 ._/-]+$")]
    promised_delivery: date | datetime
    estimated_delivery: date | datetime | None = None
    status: Annotated[Line, Field(min_length=1, max_length=60)]
    events: Annotated[list[TrackingEventIn], Field(default_factory=list, max_length=200)]
    items: Annotated[list[ItemIn], Field(default_factory=list, max_length=100)]

    @field_validator("events")
    @classmethod
    def _timed(cls, events: list[TrackingEventIn]) -> list[TrackingEventIn]:
        for event in events:
            if event.at.tzinfo is None:
                raise ValueError("event times need a time zone, e.g. 2026-12-01T10:00:00Z")
            _plausible(event.at)
        return events

    @field_validator("promised_delivery", "estimated_delivery")
    @classmethod
    def _dated(cls, value: date | datetime | None) -> date | datetime | None:
        return _plausible(value) if value is not None else None


def _plausible(value: date | datetime) -> date | datetime:
    """Dates a parcel can have: the desk adds grace periods and waits to them, never past year 9999."""
    if not _EARLIEST <= value.year <= _LATEST:
        raise ValueError(f"must be a date between {_EARLIEST} and {_LATEST}")
    return value


@dataclass(frozen=True)
class Received:
    shipment: Shipment
    outcome: str  # created | updated | unchanged | replayed
    notified: str | None = None  # the notice sent at once (an exception), if any


def view(shipment: Shipment) -> dict[str, Any]:
    body: dict[str, Any] = shipment.model_dump(mode="json", exclude={"watch_from"})
    body["events"] = list(reversed(body["events"]))  # newest first, as tracking pages show them
    return body


def load(desk: Desk, shipment_id: str) -> Shipment:
    found = desk.store.shipments.get(shipment_id)
    if found is None:
        raise NotFound(f"there is no shipment {shipment_id!r}")
    return found


def of_ticket(desk: Desk, order_id: str | None, customer_email: str) -> list[Shipment]:
    """The shipments of a ticket's order that belong to its customer (or to nobody known yet)."""
    if not order_id:
        return []
    email = customer_email.lower()
    return [s for s in desk.store.shipments.for_order(order_id) if s.customer_email in (None, email)]


def put_from_api(desk: Desk, shipment_id: str, body: ShipmentIn, caller: Caller) -> Received:
    reading = read_status(body.status)
    update = ShipmentUpdate(
        source="api", shipment_id=shipment_id, order_id=body.order_id, customer_email=body.customer.email,
        customer_name=body.customer.name or None, language=body.language, carrier=body.carrier,
        tracking_number=body.tracking_number, promised_delivery=promised_moment(body.promised_delivery),
        estimated_delivery=promised_moment(body.estimated_delivery) if body.estimated_delivery else None,
        raw_status=body.status, reading=reading,
        events=tuple(TrackingEvent(at=e.at, status=read_status(e.status).status, carrier_status=e.status,
                                   message=e.message, location=e.location,
                                   exception=read_status(e.status).exception) for e in body.events),
        items=tuple(ShipmentItem(sku=i.sku, name=i.name, quantity=i.quantity) for i in body.items),
    )
    return receive(desk, update, actor=caller.principal)


def receive(desk: Desk, update: ShipmentUpdate, claims: tuple[Claim, ...] = (), actor: str = "system") -> Received:
    """Merge `update` into its shipment and save it with `claims`; then act on what cannot wait."""
    policy = delays.policy_for(desk)
    for attempt in range(_SAVE_ATTEMPTS):
        now = desk.now()
        existing = _find(desk, update)
        shipment_id = existing.id if existing else (update.shipment_id or _carrier_id(update))
        merged = apply_update(existing, update, shipment_id, now, policy)
        if existing is None or not merged.customer_email:
            merged = _borrow_customer(desk, merged)
        if not changed(existing, merged):
            return Received(existing or merged, "unchanged")
        saved = merged.model_copy(update={"version": existing.version + 1 if existing else 1, "updated_at": now})
        saved.watch_from = next_watch(saved, policy, now)
        try:
            desk.store.shipments.save(saved, existing.version if existing else None, claims)
        except Conflict:
            time.sleep(random.uniform(0, 0.01 * 2 ** min(attempt, 5)))
            continue
        except AlreadyExists as taken:
            if "shipment" in taken.reasons:
                continue  # created meanwhile by another delivery: merge into that one
            return Received(existing or saved, "replayed")
        log.info("shipment saved", extra={"shipment_id": saved.id, "status": saved.status, "actor": actor})
        return Received(saved, "created" if existing is None else "updated", _act_now(desk, existing, saved))
    raise UpstreamError("the shipment is changing too fast; nothing was changed, so retry")


def _find(desk: Desk, update: ShipmentUpdate) -> Shipment | None:
    if update.shipment_id:
        found = desk.store.shipments.get(update.shipment_id)
        if found is not None or update.source != "api" or not update.tracking_number:
            return found
        # A carrier's updates may have come first, under the tracking number: the storefront's
        # shipment takes them over (same tracking number, no storefront id yet).
        orphan = desk.store.shipments.by_tracking(update.tracking_number)
        return orphan if orphan is not None and orphan.id.startswith("trk-") else None
    return desk.store.shipments.by_tracking(update.tracking_number or "")


def _carrier_id(update: ShipmentUpdate) -> str:
    """The id of a shipment only a carrier has told us about, until a storefront claims it."""
    return f"trk-{tracking_key(update.tracking_number or '')[:90] or 'unknown'}"


def _borrow_customer(desk: Desk, shipment: Shipment) -> Shipment:
    """A fulfillment event names only its order: the customer comes from the order's other shipments."""
    if shipment.customer_email or not shipment.order_id:
        return shipment
    for sibling in desk.store.shipments.for_order(shipment.order_id):
        if sibling.customer_email and sibling.id != shipment.id:
            return shipment.model_copy(update={"customer_email": sibling.customer_email,
                                               "customer_name": shipment.customer_name or sibling.customer_name,
                                               "language": sibling.language})
    return shipment


def _act_now(desk: Desk, before: Shipment | None, after: Shipment) -> str | None:
    """An exception is told at once; a delivery settles the proactive ticket. A failure here never
    loses the update: it is saved, and the scan (which reads exceptions too) tries again."""
    try:
        if due_stage(after, desk.now(), delays.policy_for(desk)) == "exception":
            delays.notify(desk, after, "exception")
            return "exception"
        if after.status == DELIVERED and (before is None or before.status != DELIVERED) and after.proactive_ticket_id:
            delays.delivered(desk, after)
    except DeskError:
        log.exception("acting on a shipment update failed; the delay scan will retry",
                      extra={"shipment_id": after.id})
    return None
