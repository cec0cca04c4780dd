"""Schemathesis checks of our own, loaded by `st run` through SCHEMATHESIS_HOOKS."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.check
def error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx or 5xx says what went wrong as JSON: {"error": {"code": "...", "message": "..."}}."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]  # lower-case keys, lists of values
    if content_type.startswith("text/html") and case.operation.path.startswith(("/help", "/survey/", "/status/")):
        # The help centre's, the survey's and the status page answer people: an error is a page in
        # their language, with a heading.
        page = response.content.decode(errors="replace")
        if not (page.lstrip().lower().startswith("<!doctype html") and "<h1>" in page):
            raise AssertionError(f"{response.status_code} is not a page for people: {page[:200]!r}")
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
