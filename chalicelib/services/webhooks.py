"""Webhooks from storefronts and carriers: signature first, then the format, then the shipment.

Nothing of an unsigned or badly signed webhook is read or stored. A signed one is taken once:
claims on its signed body (and on the sender's delivery id) are written with the shipment it
changes, so a replay, even under a fresh delivery id, changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ..adapters.ports import Claim
from ..domain import webhook_formats, webhook_signatures
from ..errors import BadRequest, NotFound, Unauthorized
from . import shipments
from .context import Desk

PROVIDERS = webhook_signatures.PROVIDERS
_REPLAY_WINDOW_SECONDS = 60 * 24 * 3600  # senders retry for days; a claim outlives every retry
_TOPIC_HEADERS = {"shopify": "x-shopify-topic", "woocommerce": "x-wc-webhook-topic"}
_DELIVERY_HEADERS = {"shopify": "x-shopify-webhook-id", "woocommerce": "x-wc-webhook-delivery-id"}


def _header(headers: Mapping[str, str], name: str) -> str:
    return next((str(v) for k, v in headers.items() if k.lower() == name), "").strip()


def receive(desk: Desk, provider: str, raw: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
    """Verify, read and apply one webhook; what it did, for the answer."""
    if provider not in PROVIDERS:
        raise NotFound(f"there is no webhook for {provider!r}; use one of {', '.join(PROVIDERS)}")
    secret = desk.settings.webhook_secrets.get(provider, "")
    problem = webhook_signatures.problem(provider, raw, headers, secret)
    if problem:
        raise Unauthorized(f"{problem}; nothing was stored", code="bad_signature")
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"the webhook body is not JSON: {error}", code="invalid_json") from error
    if not isinstance(payload, dict):
        raise BadRequest("the webhook body must be a JSON object", code="invalid_json")
    topic = _header(headers, _TOPIC_HEADERS.get(provider, ""))
    parsed = webhook_formats.parse(provider, topic, payload)
    if parsed.ignored:
        return {"accepted": True, "ignored": parsed.ignored, "shipments": []}
    delivery = _header(headers, _DELIVERY_HEADERS.get(provider, "")) or str(
        payload.get("id") if provider == "easypost" else payload.get("event_id") or "")
    body_hash = hashlib.sha256(raw).hexdigest()
    expires = int(desk.now().timestamp()) + _REPLAY_WINDOW_SECONDS
    results = []
    for index, update in enumerate(parsed.updates):
        claims = [Claim("webhook", f"{provider}:body:{body_hash}:{index}", ttl=expires)]
        if delivery:
            claims.append(Claim("webhook", f"{provider}:delivery:{delivery[:200]}:{index}", ttl=expires))
        received = shipments.receive(desk, update, tuple(claims), actor=f"webhook:{provider}")
        results.append({"id": received.shipment.id, "outcome": received.outcome, "status": received.shipment.status,
                        "flags": received.shipment.flags, "notified": received.notified})
    return {"accepted": True, "replayed": all(r["outcome"] == "replayed" for r in results), "shipments": results}
