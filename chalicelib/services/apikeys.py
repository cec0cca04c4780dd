"""API keys: issued once in plain text, stored only as a hash, checked on every request."""

from __future__ import annotations

from ..domain.access import Caller, hash_api_key, new_api_key
from ..domain.models import ApiKey
from .context import Desk
from .recent import Recent

_CACHE_SECONDS = 60.0
_MISS_CACHE_SECONDS = 5.0  # a key issued a moment ago must work almost at once
_recent: Recent[Caller | None] = Recent()


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
    known, cached = _recent.get(cache_key)
    if known:
        return cached
    found = desk.store.api_keys.find(digest)
    caller = None
    if found and found.active:
        caller = Caller(role=found.role, key_id=found.key_id, label=found.label)
    return _recent.put(cache_key, caller, _CACHE_SECONDS if caller else _MISS_CACHE_SECONDS)
