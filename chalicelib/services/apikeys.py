"""API keys: issued once in plain text, stored only as a hash, checked on every request."""

from __future__ import annotations

import threading
import time

from ..domain.access import Caller, hash_api_key, new_api_key
from ..domain.models import ApiKey
from .context import Desk

_CACHE_SECONDS = 60.0
_MISS_CACHE_SECONDS = 5.0  # a key issued a moment ago must work almost at once
_cache: dict[str, tuple[float, Caller | None]] = {}
_lock = threading.Lock()


def issue_key(desk: Desk, role: str, label: str = "") -> tuple[str, Caller]:
    key = new_api_key(role)
    digest = hash_api_key(key)
    caller = Caller(role=role, key_id=digest[:12], label=label)
    desk.store.api_keys.store(ApiKey(digest=digest, role=role, key_id=caller.key_id, label=label,
                                     created_at=desk.now()))
    return key, caller


def authenticate(desk: Desk, key: str) -> Caller | None:
    """The caller a key belongs to, or None. Remembered briefly so a busy queue costs no reads."""
    if not key or len(key) > 200:
        return None
    digest = hash_api_key(key)
    cache_key = f"{desk.settings.table_name}:{digest}"
    now = time.monotonic()
    cached = _cache.get(cache_key)
    if cached and cached[0] > now:
        return cached[1]
    found = desk.store.api_keys.find(digest)
    caller = None
    if found and found.active:
        caller = Caller(role=found.role, key_id=found.key_id, label=found.label)
    with _lock:
        if len(_cache) > 10_000:
            _cache.clear()
        ttl = _CACHE_SECONDS if caller else _MISS_CACHE_SECONDS
        _cache[cache_key] = (now + ttl, caller)
    return caller
