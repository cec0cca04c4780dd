"""How each sender signs its webhooks, checked over the raw body before anything reads it.

- Shopify: `X-Shopify-Hmac-Sha256`, base64 HMAC-SHA256 of the raw body with the app's secret.
- WooCommerce: `X-WC-Webhook-Signature`, base64 HMAC-SHA256 of the raw body with the webhook's secret.
- EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex>`, HMAC-SHA256 of the raw body keyed with the
  secret after Unicode NFKD normalisation (as EasyPost's own client libraries validate it).
- AfterShip (tracking): `aftership-hmac-sha256`, base64 HMAC-SHA256 of the raw body.

A webhook without its header, or with a wrong one, is refused: nothing of it is read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from collections.abc import Mapping

PROVIDERS = ("shopify", "easypost", "aftership", "woocommerce")
HEADERS = {
    "shopify": "x-shopify-hmac-sha256",
    "woocommerce": "x-wc-webhook-signature",
    "easypost": "x-hmac-signature",
    "aftership": "aftership-hmac-sha256",
}
_EASYPOST_PREFIX = "hmac-sha256-hex="


def _digest(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()


def signature(provider: str, body: bytes, secret: str) -> str:
    """The header value `provider` would send for `body` (what the sender computes)."""
    if provider == "easypost":
        key = unicodedata.normalize("NFKD", secret)
        return _EASYPOST_PREFIX + hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return base64.b64encode(_digest(secret, body)).decode("ascii")


def problem(provider: str, body: bytes, headers: Mapping[str, str], secret: str) -> str | None:
    """None when the webhook is signed by the holder of `secret`; otherwise what is wrong."""
    header = HEADERS[provider]
    given = next((v for k, v in headers.items() if k.lower() == header), None)
    if not secret:
        return f"no {provider} webhook secret is configured here"
    if not given:
        return f"the webhook has no {header} header"
    expected = signature(provider, body, secret)
    if provider == "easypost":
        matches = hmac.compare_digest(given.strip().lower().encode(), expected.encode())
    else:
        matches = hmac.compare_digest(given.strip().encode(), expected.encode())
    return None if matches else f"the {header} signature does not match the body"
