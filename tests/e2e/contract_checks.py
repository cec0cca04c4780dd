"""Schemathesis checks of our own, loaded by `st run` through SCHEMATHESIS_HOOKS."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


def _content_type(response: Any) -> str:
    value = response.headers.get("Content-Type") or response.headers.get("content-type") or ""
    return str(value[0] if isinstance(value, list) and value else value)


@schemathesis.check
def error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx or 5xx says what went wrong as JSON: {"error": {"code": "...", "message": "..."}}."""
    if response.status_code < 400:
        return None
    if _content_type(response).startswith("text/html"):
        # A page for people (the survey): its refusals are pages too, documented as text/html.
        if b"<!doctype html>" not in response.content[:200].lower():
            raise AssertionError(f"{response.status_code} is HTML but not a page: {response.content[:200]!r}")
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} is not JSON: {response.content[:200]!r}") from None
    error = body.get("error") if isinstance(body, dict) else None
    if not (isinstance(error, dict) and isinstance(error.get("code"), str) and error["code"]
            and isinstance(error.get("message"), str) and error["message"]):
        raise AssertionError(f"{response.status_code} is outside the error envelope: {str(body)[:300]}")
    return None
