"""Public routes about the API itself: a health check and the OpenAPI document."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalice import Blueprint

from . import openapi
from .http import OPERATIONS, public_endpoint

routes = Blueprint(__name__)


@public_endpoint(routes, "/health", ["GET"])
def health() -> Any:
    """Is the API answering? For load balancers and uptime checks; touches nothing."""
    return {"status": "ok"}


@public_endpoint(routes, "/openapi.json", ["GET"])
def openapi_document() -> Any:
    """The OpenAPI 3.1 document of the whole API."""
    return _document(len(OPERATIONS))


@lru_cache(maxsize=2)
def _document(count: int) -> dict[str, Any]:
    return openapi.document(OPERATIONS)
