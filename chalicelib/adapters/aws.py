"""One boto3 Session per container, one client per service, created on first use and reused
across invocations.

A Session loads botocore's data files (endpoints, retry rules, each service's model) once and
caches them: five services on one Session cost about a fifth of five Sessions on a cold start.
A Session also reads the environment when it is made and keeps that reading, so it is keyed by
what it read: on Lambda that never changes, while the Chalice test client swaps `os.environ` per
call and a local stack or test server must never reuse a client aimed elsewhere.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import boto3
from botocore.config import Config

_sessions: dict[tuple[str, ...], boto3.session.Session] = {}
_clients: dict[tuple[str, ...], Any] = {}
_lock = threading.Lock()
_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10)
# What a Session takes from the environment that would send a client elsewhere or as someone else.
_SESSION_ENVIRONMENT = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_PROFILE")


def _region(region: str | None) -> str:
    return region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def client(service: str, region: str | None = None) -> Any:
    region = _region(region)
    environment = tuple(os.environ.get(name, "") for name in _SESSION_ENVIRONMENT)
    key = (service, region, *environment)
    found = _clients.get(key)
    if found is None:
        with _lock:  # a Session is not safe to build clients from on two threads at once
            found = _clients.get(key)
            if found is None:
                session = _sessions.get(environment)
                if session is None:
                    session = _sessions[environment] = boto3.session.Session()
                found = session.client(service, region_name=region, config=_CONFIG)
                _clients[key] = found
    return found


def error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
