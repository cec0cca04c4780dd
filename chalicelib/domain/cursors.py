"""Paging cursors that only continue the listing they came from.

A cursor carries where the last page ended and the listing it belongs to (its scope, e.g. one
customer's tickets), sealed with an HMAC so a caller can neither forge a position nor reuse a
cursor for another listing. Plain values in and out; the secret comes from the caller.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

MAX_LENGTH = 2048
_TAG_BYTES = 16


class CursorError(ValueError):
    """The cursor was not issued for this listing (or was altered)."""


def _key(secret: str) -> bytes:
    # A key of its own, so a cursor signature is never valid as a reply-address signature.
    return hmac.new(secret.encode(), b"paging-cursor", hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(position: dict[str, Any], scope: str, secret: str) -> str:
    body = _b64(json.dumps({"s": scope, "p": position}, sort_keys=True, separators=(",", ":")).encode())
    tag = hmac.new(_key(secret), body.encode(), hashlib.sha256).digest()[:_TAG_BYTES]
    return f"{body}.{_b64(tag)}"


def unseal(cursor: str, scope: str, secret: str) -> dict[str, Any]:
    """The position sealed in `cursor`, if it was issued for `scope` with `secret`."""
    if len(cursor) > MAX_LENGTH or cursor.count(".") != 1 or not cursor.isascii():
        raise CursorError("not a cursor this API issued")
    body, tag = cursor.split(".")
    expected = hmac.new(_key(secret), body.encode(), hashlib.sha256).digest()[:_TAG_BYTES]
    try:
        genuine = hmac.compare_digest(_unb64(tag), expected)
    except (binascii.Error, ValueError):
        genuine = False
    if not genuine:
        raise CursorError("not a cursor this API issued")
    try:
        sealed = json.loads(_unb64(body))
    except (binascii.Error, ValueError) as error:
        raise CursorError("not a cursor this API issued") from error
    if not isinstance(sealed, dict) or not isinstance(sealed.get("p"), dict):
        raise CursorError("not a cursor this API issued")
    if sealed.get("s") != scope:
        raise CursorError("the cursor belongs to another listing")
    return dict(sealed["p"])
