"""Narrow patches of moto's DynamoDB backend, so the local stack behaves like the service for
as long as an operator keeps it running.

- One lock serialises every write, as DynamoDB applies each write and transaction atomically
  (moto's threaded server does not: two parallel conditional transactions could both pass).
- `transact_write_items` snapshots only the items a transaction touches, to roll them back if
  any part fails. moto 5.2 deep-copies the whole table once per item of every transaction, which
  made memory and latency grow with the square of the tickets (60 tickets: 261 → 709 MB).
- A table's stream keeps its newest records only (the service keeps 24 hours); moto keeps every
  record, old and new image, for ever.
- A query reads only its candidates: the partition it names, or for a global secondary index
  the items noted under its hash key value. moto lists and sorts every item of the table for
  every query, so `POST /tickets` got slower with every ticket. The notes are a superset (kept
  as items are written, checked against each item's current value when read).
- An item is sized once when it is made, not once per attribute (moto re-sized the whole item
  for every attribute it added).
- Attribute names and short string values of stored items are interned: every item of a kind
  repeats the same names ("PK", "status", "created_at", ...) and the same few values, and moto
  keeps a separate copy of each per item.
- A keys-only index lists its items without deep-copying each whole item first and converting
  it to Python once per key attribute, as moto does; and a read measures each item's size once,
  not at every limit check (a queue's 16 shard queries and its batch read spent most of their
  time there). A projection is a new item whose attribute values are the stored ones, not
  copies: it only ever goes out as an answer, which reads them and changes nothing.
- Reads answer in plain JSON. moto 5.2 copies every answer into plain dicts and runs it through
  its shape-driven serializer, which cost about 7 ms per ticket-sized item: reading the 200
  tickets of a queue took seconds. The stored values are written to JSON as they are (an item's
  DynamoDB JSON is already its wire form; only binary values need base64).
- Every committed write is handed to the registered observers (the journal that keeps the
  local state across restarts), inside the lock, so they see writes in the order applied.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

STREAM_RECORDS_KEPT = 1_000

Changes = list[tuple[dict[str, Any], dict[str, Any] | None]]
# (region, table name, [(key attributes, item attributes or None when deleted), ...]), DynamoDB JSON
Observer = Callable[[str, str, Changes], None]

WRITE_LOCK = threading.RLock()
_observers: list[Observer] = []
_patched = False


def add_observer(observer: Observer) -> None:
    if observer not in _observers:
        _observers.append(observer)


def remove_observer(observer: Observer) -> None:
    if observer in _observers:
        _observers.remove(observer)


def install() -> None:
    global _patched
    with WRITE_LOCK:
        if _patched:
            return
        _patch_writes()
        _patch_stream()
        _patch_queries()
        _intern_item_strings()
        _plain_json_reads()
        _projection_without_deep_copy()
        _patched = True


def _notify(backend: Any, table_name: str, changes: Changes) -> None:
    for observer in list(_observers):
        observer(backend.region_name, table_name, changes)


def _key_of(table: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    return {name: attrs[name] for name in table.table_key_attrs}


def _written(backend: Any, table_name: str, item: Any) -> Any:
    """After a put or update (inside the write lock): index the item and tell the observers."""
    table = backend.get_table(table_name)
    note_item(table, item)
    if _observers:
        attrs = item.to_json()["Attributes"]
        _notify(backend, table_name, [(_key_of(table, attrs), attrs)])
    return item


def _patch_writes() -> None:
    from moto.dynamodb.models import DynamoDBBackend

    original_put = DynamoDBBackend.put_item
    original_update = DynamoDBBackend.update_item
    original_delete = DynamoDBBackend.delete_item

    def put_item(self: Any, table_name: str, item_attrs: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        with WRITE_LOCK:
            return _written(self, table_name, original_put(self, table_name, item_attrs, *args, **kwargs))

    def update_item(self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
        with WRITE_LOCK:
            return _written(self, table_name, original_update(self, table_name, *args, **kwargs))

    def delete_item(self: Any, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        with WRITE_LOCK:
            item = original_delete(self, table_name, key, *args, **kwargs)
            if _observers and item is not None:
                table = self.get_table(table_name)
                _notify(self, table_name, [(_key_of(table, key), None)])
            return item

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        with WRITE_LOCK:
            touched = _transact(self, transact_items, original_put, original_update, original_delete)
            by_table: dict[str, Changes] = {}
            for table_name, key in touched:
                table = self.get_table(table_name)
                hash_value, range_value = self.get_keys_value(table, key)
                item = table.get_item(hash_value, range_value)
                if item is not None:
                    note_item(table, item)
                if _observers:
                    by_table.setdefault(table_name, []).append(
                        (key, item.to_json()["Attributes"] if item is not None else None))
            for table_name, changes in by_table.items():
                _notify(self, table_name, changes)

    DynamoDBBackend.put_item = put_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]
    DynamoDBBackend.delete_item = delete_item  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


class _Undo:
    """The items a transaction touched, as they were before it, and where each stream stood."""

    def __init__(self) -> None:
        self.before: dict[tuple[str, Any, Any], tuple[Any, Any]] = {}  # -> (table, item copy or None)
        self.stream_marks: dict[str, tuple[Any, int]] = {}

    def remember(self, table_name: str, table: Any, hash_value: Any, range_value: Any) -> None:
        slot = (table_name, hash_value, range_value)
        if slot not in self.before:
            self.before[slot] = (table, copy.deepcopy(table.get_item(hash_value, range_value)))
        shard = table.stream_shard
        if table_name not in self.stream_marks and shard is not None:
            # The next record's sequence number: trimming the front cannot move it.
            self.stream_marks[table_name] = (shard, shard.starting_sequence_number + len(shard.items))

    def rollback(self) -> None:
        for (_, hash_value, range_value), (table, item) in self.before.items():
            if range_value is not None:
                partition = table.items[hash_value]
                if item is None:
                    partition.pop(range_value, None)
                else:
                    partition[range_value] = item
                if not partition:
                    table.items.pop(hash_value, None)
            elif item is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = item
        for shard, next_sequence in self.stream_marks.values():
            del shard.items[max(0, next_sequence - shard.starting_sequence_number):]


def _transact(backend: Any, transact_items: list[dict[str, Any]], put: Any, update: Any,
              delete: Any) -> list[tuple[str, dict[str, Any]]]:
    """moto's transact_write_items, rolling back only the touched items (same checks, same errors)."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    undo = _Undo()
    target_items: set[tuple[str, str]] = set()
    touched: list[tuple[str, dict[str, Any]]] = []
    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for item in transact_items:
        original_item: dict[str, Any] | None = None
        if len(list(item.keys())) > 1:
            undo.rollback()
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(item.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            condition_expression = op.get("ConditionExpression")
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            table = backend.get_table(table_name)
            if op_type == "Put":
                attrs = op["Item"]
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            unique = (str(table_name), str(dict(sorted(key.items()))))
            if unique in target_items:
                raise MultipleTransactionsException()
            target_items.add(unique)

            hash_value, range_value = backend.get_keys_value(table, key)
            current = table.get_item(hash_value, range_value)
            if condition_expression is not None:
                condition = get_filter_expression(condition_expression, names, values)
                if not condition.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        original_item = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=original_item)
            if op_type != "ConditionCheck":
                undo.remember(table_name, table, hash_value, range_value)
                touched.append((table_name, key))
            if op_type == "Put":
                put(backend, table_name, op["Item"], condition_expression=condition_expression,
                    expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Delete":
                delete(backend, table_name, key, condition_expression=condition_expression,
                       expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Update":
                update(backend, table_name, key, update_expression=op["UpdateExpression"],
                       condition_expression=condition_expression, expression_attribute_names=names,
                       expression_attribute_values=values)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            undo.rollback()
            raise
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), original_item))
        except Exception as error:
            errors.append((type(error).__name__, str(error), original_item))
    if any(code is not None for code, _, _ in errors):
        undo.rollback()
        raise TransactionCanceledException(errors)
    return touched


def _patch_stream() -> None:
    """Keep a stream's newest STREAM_RECORDS_KEPT records; older ones are trimmed as the service
    trims records older than 24 hours (sequence numbers stay those of the records kept)."""
    from moto.dynamodb.models.table import StreamShard

    original_add = StreamShard.add

    def add(self: Any, old: Any, new: Any) -> None:
        original_add(self, old, new)
        excess = len(self.items) - STREAM_RECORDS_KEPT
        if excess > 0:
            del self.items[:excess]
            self.starting_sequence_number += excess

    StreamShard.add = add  # type: ignore[method-assign]


_NOTES = "_devstack_index_notes"
_query_local = threading.local()


def _global_index_hash_keys(table: Any) -> dict[str, str]:
    """Global secondary indexes with a single hash attribute: {index name: attribute}."""
    found = {}
    for index in table.global_indexes or []:
        hashes = [key["AttributeName"] for key in index.schema if key["KeyType"] == "HASH"]
        if len(hashes) == 1:
            found[index.name] = hashes[0]
    return found


def _notes(table: Any) -> dict[str, dict[Any, set[Any]]]:
    """{index: {hash value: {primary key}}}, built from the table at first use."""
    notes = getattr(table, _NOTES, None)
    if notes is None:
        with WRITE_LOCK:
            notes = getattr(table, _NOTES, None)
            if notes is None:
                notes = {name: {} for name in _global_index_hash_keys(table)}
                setattr(table, _NOTES, notes)
                for partition in list(table.items.values()):
                    for item in list(partition.values()) if table.range_key_attr else [partition]:
                        note_item(table, item)
    return notes


def note_item(table: Any, item: Any) -> None:
    notes = getattr(table, _NOTES, None)
    if notes is None or item is None:
        return
    for name, attribute in _global_index_hash_keys(table).items():
        value = item.attrs.get(attribute)
        if value is not None:
            notes[name].setdefault(value, set()).add((item.hash_key, item.range_key))


def forget_notes(table: Any) -> None:
    """After items were put in place behind moto's back (restoring the journal)."""
    with WRITE_LOCK:
        if hasattr(table, _NOTES):
            delattr(table, _NOTES)


def _candidates(table: Any, hash_key: Any, index_name: str | None,
                hash_key_conditions: list[tuple[str, Any]] | None) -> list[Any] | None:
    if not index_name:
        if hash_key is None or table.range_key_attr is None:
            return None
        partition = table.items.get(hash_key)
        return list(partition.values()) if partition else []
    attribute = _global_index_hash_keys(table).get(index_name)
    conditions = hash_key_conditions or []
    if attribute is None or len(conditions) != 1 or conditions[0][0] != attribute:
        return None
    value = conditions[0][1]
    found = []
    with WRITE_LOCK:  # a consistent view of the notes and the items
        noted = _notes(table)[index_name].get(value)
        for primary in list(noted or ()):
            partition = table.items.get(primary[0])  # .get: moto's defaultdict would grow on a miss
            item = partition.get(primary[1]) if partition and primary[1] is not None else partition
            current = item.attrs.get(attribute) if item is not None else None
            if current is not None and current == value:  # DynamoType cannot compare with None
                found.append(item)
            else:
                noted.discard(primary)  # type: ignore[union-attr]  # moved or deleted since
    return found


def _patch_queries() -> None:
    from moto.dynamodb.models import table as table_module
    from moto.dynamodb.models.table import Table

    original_query = Table.query
    original_all_items = Table.all_items

    def all_items(self: Any) -> list[Any]:
        candidates = getattr(_query_local, "candidates", {}).get(id(self))
        if candidates is None:
            return original_all_items(self)
        return sorted(candidates, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)

    def query(self: Any, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any,
              exclusive_start_key: Any, scan_index_forward: Any, projection_expressions: Any,
              index_name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        candidates = _candidates(self, hash_key, index_name, kwargs.get("hash_key_conditions"))
        if candidates is None:
            return original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                                  scan_index_forward, projection_expressions, index_name, *args, **kwargs)
        overrides = _query_local.__dict__.setdefault("candidates", {})
        overrides[id(self)] = candidates
        _query_local.skip_copy = _projected(self, index_name)
        try:
            return original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                                  scan_index_forward, projection_expressions, index_name, *args, **kwargs)
        finally:
            del overrides[id(self)]
            _query_local.skip_copy = False

    Table.all_items = all_items  # type: ignore[method-assign]
    Table.query = query  # type: ignore[method-assign]
    table_module.copy = _CopyUnlessProjected()  # type: ignore[attr-defined]


def _projected(table: Any, index_name: str | None) -> bool:
    """An index whose query results are rebuilt by its projection (keys only, or some attributes)."""
    if not index_name:
        return False
    index = table.get_index(index_name)
    return (index.projection or {}).get("ProjectionType") in ("KEYS_ONLY", "INCLUDE")


class _CopyUnlessProjected:
    """`copy` as moto's table module sees it: the deep copy of a query's results is skipped when
    the index's projection builds new items from them anyway."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        if getattr(_query_local, "skip_copy", False):
            return value
        return copy.deepcopy(value, memo)


ITEM_SIZE_LIMIT = 405_000  # moto's own figure: the service refuses items between 409 and 410 KB
SHORT_VALUE = 24  # string values up to this length are interned (statuses, types, languages, ...)


def _intern_item_strings() -> None:
    import sys

    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
    from moto.dynamodb.models.utilities import bytesize

    intern = sys.intern

    def shrink(value: Any) -> None:
        if value.type == "M":
            value.value = {intern(k): v for k, v in value.value.items()}
            for inner in value.value.values():
                shrink(inner)
        elif value.type == "L":
            for inner in value.value:
                shrink(inner)
        elif value.type in ("S", "N") and isinstance(value.value, str) and len(value.value) <= SHORT_VALUE:
            value.value = intern(value.value)

    def __init__(self: Any, hash_key: Any, range_key: Any, attrs: dict[str, Any]) -> None:
        # moto fills a size-checking dict one attribute at a time, and each insertion sizes the
        # whole item again (quadratic in the attributes, the largest cost of writing a ticket);
        # the same 400 KB limit checked once on the whole item gives the same answer.
        self.hash_key = hash_key
        self.range_key = range_key
        values = {intern(k): DynamoType(v) for k, v in attrs.items()}
        for value in values.values():
            shrink(value)
        if sum(bytesize(k) + v.size() for k, v in values.items()) > ITEM_SIZE_LIMIT:
            raise ItemSizeTooLarge
        self.attrs = LimitedSizeDict()
        dict.update(self.attrs, values)  # later updates of one attribute still go through its check

    Item.__init__ = __init__  # type: ignore[method-assign]


_READS = ("get_item", "batch_get_item", "query", "scan")


def _plain_json_reads() -> None:
    import base64
    import json

    from moto.core.responses import ActionResult
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.responses import DynamoHandler, DynamoResult

    def wire(value: Any) -> Any:
        # The encoder meets moto's attribute values as they are stored, without the copy of the
        # whole answer as plain dicts moto makes first (most of the cost of reading 200 tickets).
        if type(value) is DynamoType:
            inner = value.value
            if value.type == "B" and isinstance(inner, bytes):
                return {"B": base64.b64encode(inner).decode()}
            if value.type == "BS":
                return {"BS": [base64.b64encode(v).decode() if isinstance(v, bytes) else v for v in inner]}
            return {value.type: inner}
        if isinstance(value, bytes):
            return base64.b64encode(value).decode()
        if hasattr(value, "to_json"):
            return value.to_json()
        raise TypeError(f"{type(value).__name__} is not DynamoDB JSON")

    transform = DynamoResult.__init__

    def result(self: Any, answer: object) -> None:
        if getattr(_query_local, "sizes", None) is None:  # not a read answered as plain JSON
            transform(self, answer)
        else:
            ActionResult.__init__(self, answer)

    DynamoResult.__init__ = result  # type: ignore[method-assign]

    def plain(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def read(self: Any) -> Any:
            _query_local.sizes = {}
            try:
                answer = original(self)
                if type(answer) is DynamoResult:
                    return json.dumps(answer.result, default=wire, separators=(",", ":"))
                return answer
            finally:
                _query_local.sizes = None

        return read

    for name in _READS:
        setattr(DynamoHandler, name, plain(getattr(DynamoHandler, name)))

    from moto.dynamodb.models.dynamo_type import Item

    original_size = Item.size

    def size(self: Any) -> int:
        sizes = getattr(_query_local, "sizes", None)
        if sizes is None:
            return int(original_size(self))
        known = sizes.get(id(self))
        if known is None:
            known = sizes[id(self)] = int(original_size(self))
        return int(known)

    Item.size = size  # type: ignore[method-assign]


def _is_map(value: Any) -> bool:
    return value is not None and value.type == "M"


def _projection_without_deep_copy() -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    original_project = Item.project

    def project(self: Any, projection_expressions: list[list[str]]) -> Any:
        if not all(len(path) == 1 or (len(path) == 2 and _is_map(self.attrs.get(path[0])))
                   for path in projection_expressions):
            return original_project(self, projection_expressions)
        # Top-level attributes, and members of top-level maps, shared with the stored item rather
        # than deep-copied: a projection only ever goes out as an answer, which nothing changes.
        picked: dict[str, Any] = {}
        whole: set[str] = set()
        for path in projection_expressions:
            value = self.attrs.get(path[0])
            if value is None:
                continue
            if len(path) == 1:
                picked[path[0]] = value
                whole.add(path[0])
            elif path[0] not in whole and path[1] in value.value:
                members = picked.get(path[0])
                if members is None:
                    members = picked[path[0]] = DynamoType.__new__(DynamoType)
                    members.type, members.value = "M", {}
                members.value[path[1]] = value.value[path[1]]
        projected = Item.__new__(Item)
        projected.hash_key, projected.range_key = self.hash_key, self.range_key
        projected.attrs = picked
        return projected

    Item.project = project  # type: ignore[method-assign]
