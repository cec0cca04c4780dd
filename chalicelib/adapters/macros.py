"""Saved replies on DynamoDB: the `Macros` port. One small partition (`MACROS`): a team keeps
tens to hundreds, read whole by agents and one at a time when used."""

from __future__ import annotations

from typing import Any

from ..domain.clock import iso
from ..domain.macros import Macro
from ..errors import Conflict
from .ports import AlreadyExists
from .repository import Table

MACROS_PK = "MACROS"
MACRO_PREFIX = "MACRO#"


def macro_item(macro: Macro) -> dict[str, Any]:
    item: dict[str, Any] = macro.model_dump(mode="json")
    item.update(PK=MACROS_PK, SK=f"{MACRO_PREFIX}{macro.id}", type="macro",
                created_at=iso(macro.created_at), updated_at=iso(macro.updated_at))
    return item


def macro_from_item(item: dict[str, Any]) -> Macro:
    values = {k: v for k, v in item.items() if k not in {"PK", "SK", "type"}}
    values["version"] = int(item.get("version", 1))
    return Macro.model_validate(values)


class DynamoMacros:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, macro_id: str) -> Macro | None:
        item = self.table.get_item(MACROS_PK, f"{MACRO_PREFIX}{macro_id}")
        return macro_from_item(item) if item else None

    def all(self) -> list[Macro]:
        return [macro_from_item(i) for i in self.table.partition_prefix(MACROS_PK, MACRO_PREFIX)]

    def save(self, macro: Macro, expected_version: int | None) -> None:
        item = macro_item(macro)
        action = self.table.put_new(item) if expected_version is None else \
            self.table.put_if(item, "version", expected_version)
        try:
            self.table.transact([action], ["macro"])
        except AlreadyExists as error:
            raise Conflict(f"macro {macro.id} changed meanwhile; reload and try again",
                           code="version_conflict") from error
