"""Shipments on DynamoDB (layout in `shipment_keys.py`): the `Shipments` port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from ..domain.shipping import Shipment
from ..errors import Conflict
from .dynamo import deserialize_item
from .ports import AlreadyExists, Claim
from .repository import Table
from .shipment_keys import (
    DUE_SHARDS,
    SHIPMENT_SK,
    TRACKING_SK,
    due_pk,
    due_range,
    order_pk,
    shipment_from_item,
    shipment_item,
    shipment_pk,
    tracking_item,
    tracking_pk,
)


class DynamoShipments:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, shipment_id: str) -> Shipment | None:
        item = self.table.get_item(shipment_pk(shipment_id), SHIPMENT_SK)
        return shipment_from_item(item) if item else None

    def by_tracking(self, tracking_number: str) -> Shipment | None:
        if not tracking_number.strip():
            return None
        mapping = self.table.get_item(tracking_pk(tracking_number), TRACKING_SK)
        if not mapping:
            return None
        found = self.get(str(mapping["shipment_id"]))
        # The number may have moved to another shipment since: trust only a shipment that still has it.
        return found if found and tracking_pk(found.tracking_number) == tracking_pk(tracking_number) else None

    def for_order(self, order_id: str, limit: int = 20) -> list[Shipment]:
        response = self.table.query(
            IndexName="GSI3", KeyConditionExpression="GSI3PK = :pk",
            ExpressionAttributeValues={":pk": {"S": order_pk(order_id)}}, Limit=limit,
        )
        # The indexes hold keys only: the shipments are read fresh, in the index's order.
        listed = [deserialize_item(i) for i in response["Items"]]
        return [shipment_from_item(item) for item in self.table.listed_items(listed)]

    def save(self, shipment: Shipment, expected_version: int | None, claims: Sequence[Claim] = ()) -> None:
        table = self.table
        item = shipment_item(shipment)
        first = table.put_new(item) if expected_version is None else table.put_if(item, "version", expected_version)
        actions: list[dict[str, Any]] = [first, *(table.put_claim(c) for c in claims)]
        labels = ["shipment", *(c.label for c in claims)]
        if shipment.tracking_number.strip():
            actions.append(table.put(tracking_item(shipment)))
            labels.append("extra")
        try:
            table.transact(actions, labels, claims)
        except AlreadyExists as error:
            if "shipment" in error.reasons and expected_version is not None:
                raise Conflict(f"shipment {shipment.id} changed since version {expected_version}; reload it",
                               code="version_conflict") from error
            raise

    def due(self, before: datetime, limit: int, since: datetime) -> list[Shipment]:
        """Day by day from `since`, each day's shards merged: earliest first, `limit` at most."""
        low, high = due_range(since, before)
        found: list[Shipment] = []
        day, last = since.astimezone(UTC).date(), before.astimezone(UTC).date()
        while day <= last and len(found) < limit:
            today: list[Shipment] = []
            for shard in range(DUE_SHARDS):
                today += self._due_in(due_pk(day, shard), low, high, limit - len(found))
            found += sorted(today, key=lambda s: (s.watch_from or before, s.id))[:limit - len(found)]
            day += timedelta(days=1)
        return found

    def _due_in(self, partition: str, low: str, high: str, limit: int) -> list[Shipment]:
        request: dict[str, Any] = {
            "IndexName": "GSI2", "KeyConditionExpression": "GSI2PK = :pk AND GSI2SK BETWEEN :low AND :high",
            "ExpressionAttributeValues": {":pk": {"S": partition}, ":low": {"S": low}, ":high": {"S": high}},
        }
        found: list[Shipment] = []
        while len(found) < limit:  # no more than asked for: the scan takes the rest next time
            response = self.table.query(**request, Limit=limit - len(found))
            listed = [deserialize_item(i) for i in response["Items"]]
            found += [shipment_from_item(item) for item in self.table.listed_items(listed)]
            if "LastEvaluatedKey" not in response:
                break
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        return found
