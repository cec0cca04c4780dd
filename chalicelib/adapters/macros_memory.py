"""The `Macros` port in memory, held to the same contract as `macros.py` (tests/contract)."""

from __future__ import annotations

import threading

from ..domain.macros import Macro
from ..errors import Conflict


class MemoryMacros:
    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._macros: dict[str, Macro] = {}

    def get(self, macro_id: str) -> Macro | None:
        with self._lock:
            found = self._macros.get(macro_id)
            return found.model_copy(deep=True) if found else None

    def all(self) -> list[Macro]:
        with self._lock:
            return [self._macros[k].model_copy(deep=True) for k in sorted(self._macros)]

    def save(self, macro: Macro, expected_version: int | None) -> None:
        with self._lock:
            current = self._macros.get(macro.id)
            if (expected_version is None and current is not None) or \
                    (expected_version is not None and (current is None or current.version != expected_version)):
                raise Conflict(f"macro {macro.id} changed meanwhile; reload and try again", code="version_conflict")
            self._macros[macro.id] = macro.model_copy(deep=True)
