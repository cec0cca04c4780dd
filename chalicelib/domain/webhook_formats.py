"""The real webhook formats, read into `ShipmentUpdate`s.

- Shopify: `fulfillments/*` (a fulfillment), `fulfillment_events/*` (a carrier scan on one) and
  `orders/*` (the order with its customer and fulfillments), each object sent bare; the topic is
  in `X-Shopify-Topic`. Other topics (customers, disputes, refunds…) carry no shipment.
- WooCommerce: `order.*` (the REST order; `completed` means fulfilled and handed over), tracking
  numbers from the Shipment Tracking extension's `_wc_shipment_tracking_items` meta.
- EasyPost: an `Event` whose `result` is a `Tracker` (`tracker.created`, `tracker.updated`).
- AfterShip: `{"event": "tracking_update", "msg": <tracking>}` with `tag`/`subtag`/`checkpoints`.

Anything else is acknowledged and ignored, with the reason. Pure: dicts in, updates out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .shipment_updates import ShipmentUpdate
from .shipping import (
    AVAILABLE_FOR_PICKUP,
    CANCELLED,
    DELIVERED,
    EXCEPTION,
    IN_TRANSIT,
    OUT_FOR_DELIVERY,
    PENDING,
    PRE_TRANSIT,
    Reading,
    ShipmentItem,
    TrackingEvent,
    exception_kind_from_text,
    promised_moment,
    read_status,
)


@dataclass(frozen=True)
class Parsed:
    updates: tuple[ShipmentUpdate, ...] = ()
    ignored: str | None = None  # why the webhook carried nothing for us


def _ignored(reason: str) -> Parsed:
    return Parsed(ignored=reason)


def moment(value: Any) -> datetime | None:
    """Any time a sender writes (ISO with or without zone, a date, epoch seconds) as UTC, or None."""
    if value in (None, "", 0):
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            return datetime.fromtimestamp(int(value), UTC)
        text = str(value).strip()
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    found = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    # A time no parcel has (year 1, 9999) is no time: the desk adds grace periods to these.
    return found if 1990 <= found.year <= 2100 else None


def _text(value: Any, limit: int = 200) -> str:
    return "" if value is None else " ".join(str(value).split())[:limit]


def _place(*parts: Any) -> str:
    return ", ".join(_text(p, 80) for p in parts if p)


def _items(lines: Iterable[Mapping[str, Any]] | None, name_key: str) -> tuple[ShipmentItem, ...]:
    found = []
    for line in list(lines or [])[:100]:
        if isinstance(line, Mapping):
            quantity = line.get("quantity")
            found.append(ShipmentItem(sku=_text(line.get("sku"), 64) or None, name=_text(line.get(name_key)),
                                      quantity=quantity if isinstance(quantity, int) and quantity > 0 else 1))
    return tuple(found)


# -- Shopify ---------------------------------------------------------------------------------

_SHOPIFY_SHIPMENT = {
    "label_printed": Reading(PRE_TRANSIT), "label_purchased": Reading(PRE_TRANSIT), "confirmed": Reading(PRE_TRANSIT),
    "in_transit": Reading(IN_TRANSIT), "picked_up": Reading(IN_TRANSIT), "carrier_picked_up": Reading(IN_TRANSIT),
    "delayed": Reading(IN_TRANSIT), "out_for_delivery": Reading(OUT_FOR_DELIVERY),
    "ready_for_pickup": Reading(AVAILABLE_FOR_PICKUP), "delivered": Reading(DELIVERED),
    "attempted_delivery": Reading(EXCEPTION, "failed_attempt"), "failure": Reading(EXCEPTION, "delivery_problem"),
}
# The fulfillment's own status is the warehouse's, not the carrier's.
_SHOPIFY_FULFILLMENT = {"pending": Reading(PRE_TRANSIT), "open": Reading(PRE_TRANSIT),
                        "success": Reading(IN_TRANSIT), "cancelled": Reading(CANCELLED)}
SHOPIFY_WRAPPERS = ("fulfillment", "fulfillment_event", "order", "customer", "dispute", "refund", "transaction")


def _shopify_reading(shipment_status: Any, fulfillment_status: Any = None) -> tuple[Reading | None, str, list[str]]:
    flags: list[str] = []
    if shipment_status:
        raw = _text(shipment_status, 60)
        reading = _SHOPIFY_SHIPMENT.get(raw.lower(), Reading(read_status(raw).status, known=False))
        if raw.lower() == "delayed":
            flags.append("carrier_delayed")
        return reading, raw, flags
    if fulfillment_status:
        raw = _text(fulfillment_status, 60)
        if raw.lower() in {"failure", "error"}:
            return None, raw, ["fulfillment_failed"]  # the warehouse's problem, for agents: not a delay
        return _SHOPIFY_FULFILLMENT.get(raw.lower(), Reading(PENDING, known=False)), raw, flags
    return None, "", flags


def _shopify_customer(order: Mapping[str, Any] | None) -> dict[str, Any]:
    if not order:
        return {}
    customer = order.get("customer") or {}
    address = order.get("shipping_address") or order.get("billing_address") or {}
    name = " ".join(p for p in (customer.get("first_name"), customer.get("last_name")) if p) or \
        _text(address.get("name"))
    return {"customer_email": order.get("email") or order.get("contact_email") or customer.get("email"),
            "customer_name": name or None, "language": order.get("customer_locale") or None}


def _shopify_fulfillment(fulfillment: Mapping[str, Any], order: Mapping[str, Any] | None) -> ShipmentUpdate:
    reading, raw, flags = _shopify_reading(fulfillment.get("shipment_status"), fulfillment.get("status"))
    numbers = fulfillment.get("tracking_numbers") or []
    at = moment(fulfillment.get("updated_at")) or moment(fulfillment.get("created_at"))
    return ShipmentUpdate(
        source="shopify", shipment_id=f"shopify-{fulfillment['id']}",
        order_id=_text(fulfillment.get("order_id") or (order or {}).get("id"), 64) or None,
        carrier=_text(fulfillment.get("tracking_company"), 100) or None,
        tracking_number=_text(fulfillment.get("tracking_number") or (numbers[0] if numbers else ""), 100) or None,
        raw_status=raw or None, reading=reading, status_at=at,
        items=_items(fulfillment.get("line_items"), "name") or None, flags=tuple(flags),
        **_shopify_customer(order),
    )


def _shopify_event(event: Mapping[str, Any]) -> ShipmentUpdate:
    reading, raw, flags = _shopify_reading(event.get("status"))
    at = moment(event.get("happened_at")) or moment(event.get("created_at"))
    scans: tuple[TrackingEvent, ...] = ()
    if at is not None:
        scans = (TrackingEvent(at=at, status=reading.status if reading else "unknown", carrier_status=raw,
                               message=_text(event.get("message")),
                               location=_place(event.get("city"), event.get("province"), event.get("country")),
                               exception=reading.exception if reading else None),)
    return ShipmentUpdate(
        source="shopify", shipment_id=f"shopify-{event['fulfillment_id']}",
        order_id=_text(event.get("order_id"), 64) or None, raw_status=raw or None, reading=reading,
        status_at=at, estimated_delivery=moment(event.get("estimated_delivery_at")), events=scans,
        flags=tuple(flags),
    )


def shopify(topic: str, payload: Mapping[str, Any]) -> Parsed:
    family = topic.split("/", 1)[0].lower()
    body: Any = payload
    if len(payload) == 1 and next(iter(payload)) in SHOPIFY_WRAPPERS:  # an Admin API object, wrapped
        body = next(iter(payload.values()))
    if not isinstance(body, Mapping):
        return _ignored("the body is not a Shopify object")
    if family == "fulfillments" and body.get("id") is not None:
        return Parsed((_shopify_fulfillment(body, None),))
    if family == "fulfillment_events" and body.get("fulfillment_id") is not None:
        return Parsed((_shopify_event(body),))
    if family == "orders" and body.get("id") is not None:
        fulfillments = [f for f in body.get("fulfillments") or [] if isinstance(f, Mapping) and f.get("id")]
        if topic.lower() == "orders/cancelled":
            fulfillments = [{**f, "status": "cancelled", "shipment_status": None} for f in fulfillments]
        if not fulfillments:
            return _ignored(f"order {body.get('id')} has no fulfillment yet")
        return Parsed(tuple(_shopify_fulfillment(f, body) for f in fulfillments[:20]))
    return _ignored(f"topic {topic or '(none)'} carries no shipment")


# -- WooCommerce -----------------------------------------------------------------------------

_WOO_STATUS = {"pending": Reading(PENDING), "on-hold": Reading(PENDING), "processing": Reading(PENDING),
               "completed": Reading(IN_TRANSIT), "shipped": Reading(IN_TRANSIT), "delivered": Reading(DELIVERED),
               "cancelled": Reading(CANCELLED), "refunded": Reading(CANCELLED), "failed": Reading(CANCELLED),
               "checkout-draft": Reading(PENDING)}


def _woo_tracking(meta: Iterable[Any]) -> dict[str, Any]:
    for entry in meta or []:
        if isinstance(entry, Mapping) and entry.get("key") == "_wc_shipment_tracking_items":
            items = entry.get("value") or []
            if items and isinstance(items[-1], Mapping):
                latest = items[-1]
                return {"tracking_number": _text(latest.get("tracking_number"), 100) or None,
                        "carrier": _text(latest.get("custom_tracking_provider") or latest.get("tracking_provider"),
                                         100) or None,
                        "shipped_at": moment(latest.get("date_shipped"))}
    return {}


def woocommerce(topic: str, payload: Mapping[str, Any]) -> Parsed:
    if set(payload) == {"webhook_id"}:
        return _ignored("ping sent when the webhook was saved")
    if not topic.lower().startswith("order.") and topic:
        return _ignored(f"topic {topic} carries no shipment")
    if not {"id", "status", "billing"} <= set(payload):
        return _ignored("the body is not a WooCommerce order")
    raw = _text(payload.get("status"), 60)
    reading = _WOO_STATUS.get(raw.lower(), Reading(read_status(raw).status, known=False))
    billing = payload.get("billing") or {}
    tracking = _woo_tracking(payload.get("meta_data") or [])
    shipped = tracking.pop("shipped_at", None) or (moment(payload.get("date_completed_gmt"))
                                                  if reading.status == IN_TRANSIT else None)
    name = " ".join(p for p in (billing.get("first_name"), billing.get("last_name")) if p)
    return Parsed((ShipmentUpdate(
        source="woocommerce", shipment_id=f"woocommerce-{payload['id']}",
        order_id=_text(payload.get("number") or payload["id"], 64), customer_email=billing.get("email") or None,
        customer_name=name or None, raw_status=raw, reading=reading,
        status_at=moment(payload.get("date_modified_gmt")), shipped_at=shipped,
        items=_items(payload.get("line_items"), "name") or None, **tracking,
    ),))


# -- EasyPost ---------------------------------------------------------------------------------

_EASYPOST_STATUS = {"pre_transit": Reading(PRE_TRANSIT), "in_transit": Reading(IN_TRANSIT),
                    "out_for_delivery": Reading(OUT_FOR_DELIVERY), "available_for_pickup": Reading(AVAILABLE_FOR_PICKUP),
                    "delivered": Reading(DELIVERED), "return_to_sender": Reading(EXCEPTION, "returned_to_sender"),
                    "cancelled": Reading(CANCELLED)}


def _easypost_reading(status: Any, detail: Any) -> Reading:
    raw, words = _text(status, 60).lower(), _text(detail, 100).lower()
    if raw == "failure":
        return Reading(EXCEPTION, exception_kind_from_text(words))
    if "attempt" in words and raw != "delivered":
        return Reading(EXCEPTION, "failed_attempt")
    return _EASYPOST_STATUS.get(raw, Reading(read_status(raw).status, known=False))


def easypost(payload: Mapping[str, Any]) -> Parsed:
    kind = payload.get("object")
    if kind == "Event":
        description = _text(payload.get("description"), 60)
        tracker = payload.get("result")
        if not description.startswith("tracker."):
            return _ignored(f"event {description or '(none)'} carries no tracker")
        if not isinstance(tracker, Mapping) or tracker.get("object") != "Tracker":
            return _ignored(f"event {payload.get('id')} ({description}) carries no tracker")
    elif kind == "Tracker":
        tracker = payload
    else:
        return _ignored("the body is not an EasyPost event")
    if not tracker.get("tracking_code"):
        return _ignored("the tracker has no tracking code")
    scans = []
    for detail in list(tracker.get("tracking_details") or [])[-200:]:
        at = moment(detail.get("datetime")) if isinstance(detail, Mapping) else None
        if at is None:
            continue
        reading = _easypost_reading(detail.get("status"), detail.get("status_detail"))
        where = detail.get("tracking_location") or {}
        scans.append(TrackingEvent(at=at, status=reading.status,
                                   carrier_status=_text(f"{detail.get('status')}/{detail.get('status_detail')}", 100),
                                   message=_text(detail.get("message") or detail.get("description")),
                                   location=_place(where.get("city"), where.get("state"), where.get("country")),
                                   exception=reading.exception))
    reading = _easypost_reading(tracker.get("status"), tracker.get("status_detail"))
    return Parsed((ShipmentUpdate(
        source="easypost", carrier=_text(tracker.get("carrier"), 100) or None,
        tracking_number=_text(tracker.get("tracking_code"), 100), raw_status=_text(tracker.get("status"), 60),
        reading=reading, status_at=moment(tracker.get("updated_at")),
        estimated_delivery=moment(tracker.get("est_delivery_date")), events=tuple(scans),
    ),))


# -- AfterShip --------------------------------------------------------------------------------

_AFTERSHIP_TAG = {"pending": Reading(PRE_TRANSIT), "inforeceived": Reading(PRE_TRANSIT),
                  "intransit": Reading(IN_TRANSIT), "outfordelivery": Reading(OUT_FOR_DELIVERY),
                  "availableforpickup": Reading(AVAILABLE_FOR_PICKUP), "delivered": Reading(DELIVERED),
                  "attemptfail": Reading(EXCEPTION, "failed_attempt")}


def _aftership_reading(tag: Any, subtag_message: Any) -> Reading:
    raw = _text(tag, 60).lower()
    if raw == "exception":
        return Reading(EXCEPTION, exception_kind_from_text(_text(subtag_message)))
    return _AFTERSHIP_TAG.get(raw, Reading(read_status(raw).status, known=False))


def _aftership_scan(point: Mapping[str, Any]) -> TrackingEvent | None:
    at = moment(point.get("checkpoint_time")) or moment(point.get("created_at"))
    if at is None:
        return None
    reading = _aftership_reading(point.get("tag"), point.get("subtag_message"))
    return TrackingEvent(at=at, status=reading.status, carrier_status=_text(point.get("subtag") or point.get("tag"), 60),
                         message=_text(point.get("message")),
                         location=_text(point.get("location")) or _place(point.get("city"), point.get("state"),
                                                                         point.get("country_name")),
                         exception=reading.exception)


def aftership(payload: Mapping[str, Any]) -> Parsed:
    data: Mapping[str, Any] = payload["data"] if isinstance(payload.get("data"), Mapping) else {}
    tracking = payload.get("msg") or data.get("tracking") or data
    if not isinstance(tracking, Mapping) or not tracking.get("tracking_number"):
        return _ignored("the body carries no AfterShip tracking")
    points = list(tracking.get("checkpoints") or [])[-200:]
    if isinstance(tracking.get("checkpoint"), Mapping):
        points.append(tracking["checkpoint"])
    scans = tuple(s for s in (_aftership_scan(p) for p in points if isinstance(p, Mapping)) if s is not None)
    emails = [e for e in tracking.get("emails") or [] if isinstance(e, str) and "@" in e]
    promised = tracking.get("order_promised_delivery_date")
    reading = _aftership_reading(tracking.get("tag"), tracking.get("subtag_message"))
    return Parsed((ShipmentUpdate(
        source="aftership", carrier=_text(tracking.get("slug"), 100) or None,
        tracking_number=_text(tracking.get("tracking_number"), 100),
        order_id=_text(tracking.get("order_id") or tracking.get("order_number"), 64) or None,
        customer_email=emails[0] if emails else None, customer_name=_text(tracking.get("customer_name")) or None,
        language=_text(tracking.get("language"), 8) or None,
        promised_delivery=promised_moment(str(promised)) if moment(promised) else None,
        estimated_delivery=moment(tracking.get("expected_delivery")),
        raw_status=_text(tracking.get("subtag") or tracking.get("tag"), 60), reading=reading,
        status_at=moment(tracking.get("last_updated_at") or tracking.get("updated_at")), events=scans,
        flags=("tracking_expired",) if _text(tracking.get("tag")).lower() == "expired" else (),
    ),))


def parse(provider: str, topic: str, payload: Mapping[str, Any]) -> Parsed:
    if provider == "shopify":
        return shopify(topic, payload)
    if provider == "woocommerce":
        return woocommerce(topic, payload)
    if provider == "easypost":
        return easypost(payload)
    return aftership(payload)
