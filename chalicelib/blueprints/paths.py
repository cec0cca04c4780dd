"""Where the app is served: the path API Gateway's stage puts before every route (`/api`), or the
path of PUBLIC_BASE_URL when it is set. Pages for people (the help centre, the agent console)
build their links from it, so they work behind the gateway and on `make run` alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def mount_path(request: Any, public_base_url: str) -> str:
    if public_base_url:
        return urlsplit(public_base_url).path.rstrip("/")
    context = request.context or {}
    full, template = str(context.get("path") or ""), str(context.get("resourcePath") or "")
    concrete = template
    for name, value in (request.uri_params or {}).items():
        concrete = concrete.replace("{" + name + "}", value)
    return full[: -len(concrete)] if concrete and full.endswith(concrete) else ""
