"""One error hierarchy for the whole desk, mapped to HTTP status in one place (the blueprints)."""

from __future__ import annotations

from typing import Any


class DeskError(Exception):
    """Base of every error the desk raises on purpose; carries a stable code for clients."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def to_body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class BadRequest(DeskError):
    status = 400
    code = "bad_request"


class Unauthorized(DeskError):
    status = 401
    code = "unauthorized"


class Forbidden(DeskError):
    status = 403
    code = "forbidden"


class NotFound(DeskError):
    status = 404
    code = "not_found"


class Conflict(DeskError):
    """The request is valid but clashes with the current state (stale version, bad transition)."""

    status = 409
    code = "conflict"


class Unprocessable(DeskError):
    status = 422
    code = "unprocessable"


class TooManyRequests(DeskError):
    status = 429
    code = "rate_limited"


class UpstreamError(DeskError):
    """An AWS service failed in a way the caller can retry."""

    status = 503
    code = "upstream_unavailable"


class PermanentFailure(UpstreamError):
    """An AWS service refused the work for good (a rejected message): retrying cannot help."""

    status = 502
    code = "upstream_refused"
