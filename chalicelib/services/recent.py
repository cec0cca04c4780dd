"""What a container remembers for a few seconds (who a key or token belongs to): a busy queue
then costs no reads, and a change is seen everywhere once the entry has expired."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_MOST = 10_000  # entries kept at most: past that the memory starts again, empty


class Recent(Generic[T]):
    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, T | None]:
        """(True, value) while the entry is fresh, else (False, None)."""
        found = self._entries.get(key)
        if found and found[0] > time.monotonic():
            return True, found[1]
        return False, None

    def put(self, key: str, value: T, seconds: float) -> T:
        with self._lock:
            if len(self._entries) > _MOST:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + seconds, value)
        return value

    def forget(self, which: Callable[[str], bool]) -> None:
        with self._lock:
            for key in [k for k in self._entries if which(k)]:
                del self._entries[key]
