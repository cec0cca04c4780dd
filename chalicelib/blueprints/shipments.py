"""Shipment routes, the carriers' and storefronts' webhooks, and the delay scan's schedule.

Webhooks are public routes (no API key, no authorizer): Shopify, WooCommerce, EasyPost and
AfterShip cannot send our key. Each is authenticated by its sender's signature over the raw
body instead (services/webhooks.py), and refused with 401 when it is missing or wrong.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate, Response

from ..domain.access import Caller
from ..services import delays, shipments, webhooks
from ..services.context import desk
from ..services.shipments import ShipmentIn
from .http import endpoint, public_endpoint
from .observability import count, entry_point, logger

routes = Blueprint(__name__)


@endpoint(routes, "/shipments/{shipment_id}", ["PUT"], "shipment.write", status=201, body=ShipmentIn,
          other_statuses=(200,))
def put_shipment(caller: Caller, shipment_id: str, body: ShipmentIn) -> Any:
    """Create or update a shipment (idempotent: the same body again changes nothing, 200)."""
    received = shipments.put_from_api(desk(), shipment_id, body, caller)
    count("ShipmentUpdates", source="api")
    return Response(body={"shipment": shipments.view(received.shipment)},
                    status_code=201 if received.outcome == "created" else 200,
                    headers={"Content-Type": "application/json", "Location": f"/shipments/{shipment_id}"})


@endpoint(routes, "/shipments/{shipment_id}", ["GET"], "shipment.read")
def read_shipment(caller: Caller, shipment_id: str) -> Any:
    """A shipment with its tracking events (newest first) and the delay notices it had."""
    return {"shipment": shipments.view(shipments.load(desk(), shipment_id))}


def _webhook(provider: str) -> Any:
    request = routes.current_request
    raw = request.raw_body or b""
    # The signature covers the bytes as sent: never a re-encoded or parsed body.
    body = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    result = webhooks.receive(desk(), provider, body, dict(request.headers or {}))
    count("WebhooksReceived", provider=provider)
    return result


@public_endpoint(routes, "/webhooks/shopify", ["POST"])
def shopify_webhook() -> Any:
    """Shopify fulfillments, fulfillment events and orders (signed: X-Shopify-Hmac-Sha256)."""
    return _webhook("shopify")


@public_endpoint(routes, "/webhooks/woocommerce", ["POST"])
def woocommerce_webhook() -> Any:
    """WooCommerce order updates (signed: X-WC-Webhook-Signature)."""
    return _webhook("woocommerce")


@public_endpoint(routes, "/webhooks/easypost", ["POST"])
def easypost_webhook() -> Any:
    """EasyPost tracker events (signed: X-Hmac-Signature)."""
    return _webhook("easypost")


@public_endpoint(routes, "/webhooks/aftership", ["POST"])
def aftership_webhook() -> Any:
    """AfterShip tracking updates (signed: aftership-hmac-sha256)."""
    return _webhook("aftership")


@routes.schedule(Rate(15, unit=Rate.MINUTES), name="delay_scan")
def delay_scan(event: Any) -> dict[str, Any]:
    """EventBridge, every 15 minutes: notices for shipments past their promised date."""
    return _scan(event.to_dict(), getattr(event, "context", None))


@entry_point(correlation=lambda event: str(event.get("id") or "delay_scan"))
def _scan(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result = delays.scan(desk())
    (logger.info if result["notices_sent"] else logger.debug)("delay scan", extra=result)
    count("DelayNotices", len(result["notices_sent"]))
    return result
