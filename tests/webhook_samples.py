"""Every webhook sample in ../shared/data/webhooks/, as its sender delivers it: the bare object
(Shopify's Admin fixtures are wrapped `{"order": …}`; a webhook sends the object itself), one
delivery per element of a list, with the headers the sender adds. Signed by `signed()`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.domain.webhook_signatures import HEADERS, signature

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "webhooks"
SECRETS = {"shopify": "shpss_test_secret", "woocommerce": "wc-secret-ü", "easypost": "ep_sëcret_ﬁ",
           "aftership": "as-secret"}
_SHOPIFY_TOPICS = {"fulfillment": "fulfillments/update", "fulfillment_event": "fulfillment_events/create",
                   "order": "orders/updated", "orders": "orders/updated", "customer": "customers/update",
                   "dispute": "disputes/update", "events": "app/events", "refund": "refunds/create",
                   "refund_calculate": "refunds/create", "transaction": "order_transactions/create"}
_WOO_TOPICS = {"order_created": "order.created", "order_updated": "order.updated",
               "order_refund_created": "action.woocommerce_order_refunded"}


@dataclass(frozen=True)
class Sample:
    name: str  # file, and index within it for a list
    provider: str
    topic: str
    payload: dict[str, Any]

    @property
    def body(self) -> bytes:
        return json.dumps(self.payload, indent=1).encode()

    def headers(self, secret: str | None = None, delivery: str | None = None) -> dict[str, str]:
        """The sender's headers, signed with `secret` (the test secret unless given)."""
        body = self.body
        headers = {"Content-Type": "application/json",
                   HEADERS[self.provider]: signature(self.provider, body, secret or SECRETS[self.provider])}
        delivery = delivery or hashlib.sha256(self.name.encode()).hexdigest()[:16]
        if self.provider == "shopify":
            headers.update({"X-Shopify-Topic": self.topic, "X-Shopify-Webhook-Id": delivery,
                            "X-Shopify-Shop-Domain": "shop.example"})
        elif self.provider == "woocommerce":
            headers.update({"X-WC-Webhook-Topic": self.topic, "X-WC-Webhook-Delivery-ID": delivery,
                            "X-WC-Webhook-Source": "https://shop.example/"})
        return headers


def _elements(name: str, data: Any) -> list[tuple[str, Any]]:
    if isinstance(data, list):
        return [(f"{name}[{i}]", item) for i, item in enumerate(data)]
    return [(name, data)]


def samples() -> list[Sample]:
    found: list[Sample] = []
    for path in sorted(SAMPLES.glob("*/*.json")):
        provider, name = path.parent.name, path.stem
        data = json.loads(path.read_text())
        if provider == "shopify":
            inner = next(iter(data.values()))  # unwrap {"order": …}; the sender sends the object
            for label, item in _elements(f"shopify/{name}", inner):
                found.append(Sample(label, provider, _SHOPIFY_TOPICS[name], item))
        elif provider == "woocommerce":
            found.append(Sample(f"woocommerce/{name}", provider, _WOO_TOPICS[name], data))
        elif provider == "easypost":
            listed = data.get("events") or data.get("trackers")
            for label, item in _elements(f"easypost/{name}", listed if listed is not None else data):
                found.append(Sample(label, provider, "", item))
        else:  # AfterShip's API fixtures hold the same tracking object its webhooks carry in `msg`
            tracking = data["data"].get("tracking") or data["data"]
            envelope = {"event": "tracking_update", "event_id": hashlib.sha256(name.encode()).hexdigest()[:32],
                        "is_tracking_first_tag": False, "msg": tracking, "ts": 1534483200}
            found.append(Sample(f"aftership/{name}", provider, "", envelope))
    return found


def webhook_secrets_json() -> str:
    return json.dumps(SECRETS)
