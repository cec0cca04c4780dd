"""The store's contract runs against every implementation: in memory, and DynamoDB on moto.

Each DynamoDB test gets a table of its own (`dynamodb_table`, created from
`templates/resources.json` as the stack's is), not a whole provisioned account."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.memory import MemoryStore
from chalicelib.adapters.ports import Store


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: Any) -> Store:
    if request.param == "memory":
        return MemoryStore()
    from chalicelib.adapters.repository import DynamoStore

    return DynamoStore(request.getfixturevalue("dynamodb_table"))
