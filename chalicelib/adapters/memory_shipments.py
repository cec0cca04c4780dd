"""The `Shipments` port in memory, held to the same contract as `shipments.py` (tests/contract)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.shipping import Shipment, tracking_key
from ..errors import Conflict
from .ports import AlreadyExists, Claim

if TYPE_CHECKING:
    from .memory import MemoryStore


class MemoryShipments:
    def __init__(self, store: MemoryStore) -> None:
        self.db = store
        self.shipments: dict[str, Shipment] = {}
        self.tracking: dict[str, str] = {}

    def get(self, shipment_id: str) -> Shipment | None:
        with self.db.lock:
            found = self.shipments.get(shipment_id)
            return found.model_copy(deep=True) if found else None

    def by_tracking(self, tracking_number: str) -> Shipment | None:
        key = tracking_key(tracking_number)
        if not key:
            return None
        with self.db.lock:
            found = self.shipments.get(self.tracking.get(key, ""))
            if found is None or tracking_key(found.tracking_number) != key:
                return None
            return found.model_copy(deep=True)

    def for_order(self, order_id: str, limit: int = 20) -> list[Shipment]:
        with self.db.lock:
            mine = sorted((s for s in self.shipments.values() if s.order_id == order_id),
                          key=lambda s: (s.created_at, s.id))
            return [s.model_copy(deep=True) for s in mine[:limit]]

    def save(self, shipment: Shipment, expected_version: int | None, claims: Sequence[Claim] = ()) -> None:
        from .memory import _Transaction

        tx = _Transaction(self.db)
        stored = shipment.model_copy(deep=True)

        def current() -> bool:
            found = self.shipments.get(shipment.id)
            if expected_version is None:
                return found is None
            return found is not None and found.version == expected_version

        tx.check("shipment", current)
        tx.write(lambda: self.shipments.__setitem__(shipment.id, stored))
        if tracking_key(shipment.tracking_number):
            tx.write(lambda: self.tracking.__setitem__(tracking_key(shipment.tracking_number), shipment.id))
        for claim in claims:
            tx.claim(claim)
        try:
            tx.commit()
        except AlreadyExists as error:
            if "shipment" in error.reasons and expected_version is not None:
                raise Conflict(f"shipment {shipment.id} changed since version {expected_version}; reload it",
                               code="version_conflict") from error
            raise

    def due(self, before: datetime, limit: int, since: datetime) -> list[Shipment]:
        with self.db.lock:
            waiting = [s for s in self.shipments.values()
                       if s.watch_from is not None and since <= s.watch_from <= before]
            waiting.sort(key=lambda s: (s.watch_from or before, s.id))
            return [s.model_copy(deep=True) for s in waiting[:limit]]
