"""One boto3 client per service, created on first use and reused across invocations."""

from __future__ import annotations

import os
import threading
from typing import Any

import boto3
from botocore.config import Config

_clients: dict[tuple[str, str, str], Any] = {}
_lock = threading.Lock()
_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10)


def client(service: str, region: str | None = None) -> Any:
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    # The endpoint is part of the key so a local stack or test server never reuses a real client.
    key = (service, region, os.environ.get("AWS_ENDPOINT_URL", ""))
    found = _clients.get(key)
    if found is None:
        with _lock:
            found = _clients.get(key)
            if found is None:
                found = boto3.session.Session().client(service, region_name=region, config=_CONFIG)
                _clients[key] = found
    return found


def error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
