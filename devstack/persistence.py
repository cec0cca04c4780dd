"""The local stack's data across restarts: a write-through journal of the emulator's DynamoDB
items and S3 objects, replayed and compacted on start.

Every write DynamoDB commits (put, update, delete, a whole transaction as one line) appends the
resulting item states to `journal.jsonl`, inside the lock that serialises the writes, and is
flushed to the operating system before moto answers: a process killed right after a `201`
(SIGKILL, a crash, OOM) has its ticket on disk. S3 objects are written to `blobs/` by content
hash (fsync'd), then journalled. An fsync of the journal follows within a second (and on stop),
so a crash of the machine itself loses at most that last second.

On start the journal is replayed into a map of the latest state of each item and object,
written back compacted (to a temporary file, fsync'd, renamed over the journal), and loaded
into the emulator without going through its API (so no stream records, no journal lines).
A line cut short by a crash (the last one) is dropped: its write was never acknowledged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import dynamodb
from .emulator import ACCOUNT_ID, REGION

log = logging.getLogger(__name__)
JOURNAL = "journal.jsonl"
SYNC_SECONDS = 1.0
_CHUNK = 200  # items per line when compacting

ItemKey = tuple[str, str, str]  # region, table, canonical key


def _canonical(key: dict[str, Any]) -> str:
    return json.dumps(key, sort_keys=True, separators=(",", ":"))


class Journal:
    """An append-only file of JSON lines: each write is flushed at once, fsync'd within a second."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file: Any = None
        self._dirty = False
        self._stopped = threading.Event()
        self._syncer: threading.Thread | None = None

    def open(self) -> Journal:
        self._file = self.path.open("ab", buffering=0)
        self._syncer = threading.Thread(target=self._sync_loop, daemon=True, name="journal-sync")
        self._syncer.start()
        return self

    def append(self, record: dict[str, Any]) -> None:
        line = dumps(record)
        with self._lock:
            if self._file is None:
                raise RuntimeError("the local state journal is closed; the stack is stopping")
            self._file.write(line)  # unbuffered: in the kernel when this returns
            self._dirty = True

    def sync(self) -> None:
        with self._lock:
            if self._file is not None and self._dirty:
                os.fsync(self._file.fileno())
                self._dirty = False

    def close(self) -> None:
        self._stopped.set()
        self.sync()
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def _sync_loop(self) -> None:
        while not self._stopped.wait(SYNC_SECONDS):
            try:
                self.sync()
            except (OSError, ValueError):
                log.exception("could not fsync the local state journal")


def _encode(value: Any) -> Any:
    # DynamoDB binary attributes (the outbox keeps mail compressed) are bytes in moto's items.
    if isinstance(value, bytes | bytearray):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"cannot journal a {type(value).__name__}")


def _decode(value: dict[str, Any]) -> Any:
    if len(value) == 1 and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    return value


def dumps(record: dict[str, Any]) -> bytes:
    return json.dumps(record, separators=(",", ":"), default=_encode).encode() + b"\n"


def read_journal(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line, object_hook=_decode)
            except ValueError:
                # Only a crash mid-write leaves a partial line, and only at the end; its write
                # was never acknowledged.
                log.warning("%s line %d is incomplete (a crash mid-write?): skipped", path, number)
                continue
            if isinstance(record, dict):
                yield record


class LocalState:
    """The DynamoDB items and S3 objects of the local stack, kept under `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.journal_path = directory / JOURNAL
        self.blobs = directory / "blobs"
        self.journal: Journal | None = None

    # -- start: replay, compact, load -------------------------------------------------------
    def restore(self) -> dict[str, int]:
        """Load what the journal holds into the (freshly provisioned) emulator."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.blobs.mkdir(exist_ok=True)
        items, objects = self._replay()
        self._compact(items, objects)
        loaded = self._load_items(items)
        stored = self._load_objects(objects)
        return {"items": loaded, "objects": stored}

    def _replay(self) -> tuple[dict[ItemKey, dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
        items: dict[ItemKey, dict[str, Any]] = {}
        objects: dict[tuple[str, str], dict[str, Any]] = {}
        for record in read_journal(self.journal_path):
            if "ddb" in record:
                region = record.get("region", REGION)
                for key, item in record["put"]:
                    slot = (region, record["ddb"], _canonical(key))
                    if item is None:
                        items.pop(slot, None)
                    else:
                        items[slot] = item
            elif "s3" in record:
                slot = (record["s3"], record["key"])
                if record.get("blob") is None:
                    objects.pop(slot, None)
                else:
                    objects[slot] = record
        return items, objects

    def _compact(self, items: dict[ItemKey, dict[str, Any]], objects: dict[tuple[str, str], dict[str, Any]]) -> None:
        temporary = self.journal_path.with_suffix(".compacting")
        by_table: dict[tuple[str, str], list[list[Any]]] = {}
        for (region, table, key), item in items.items():
            by_table.setdefault((region, table), []).append([json.loads(key), item])
        with temporary.open("wb") as out:
            for (region, table), entries in by_table.items():
                for start in range(0, len(entries), _CHUNK):
                    record = {"ddb": table, "region": region, "put": entries[start:start + _CHUNK]}
                    out.write(dumps(record))
            for record in objects.values():
                out.write(dumps(record))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.journal_path)
        _fsync_directory(self.directory)
        referenced = {record["blob"] for record in objects.values()}
        for blob in self.blobs.glob("*/*"):
            if blob.name not in referenced:
                blob.unlink()

    def _load_items(self, items: dict[ItemKey, dict[str, Any]]) -> int:
        from moto.dynamodb.models import dynamodb_backends
        from moto.dynamodb.models.dynamo_type import DynamoType, Item

        loaded = 0
        touched: set[tuple[str, str]] = set()
        for (region, table_name, _), attrs in items.items():
            table = dynamodb_backends[ACCOUNT_ID][region].tables.get(table_name)
            if table is None:
                log.warning("the journal has items of table %s, which the stack no longer creates", table_name)
                continue
            hash_value = DynamoType(attrs[table.hash_key_attr])
            if table.range_key_attr is None:
                table.items[hash_value] = Item(hash_value, None, attrs)
            else:
                range_value = DynamoType(attrs[table.range_key_attr])
                table.items[hash_value][range_value] = Item(hash_value, range_value, attrs)
            loaded += 1
            touched.add((region, table_name))
        for region, table_name in touched:  # the query notes are kept as items are written: start afresh
            dynamodb.forget_notes(dynamodb_backends[ACCOUNT_ID][region].tables[table_name])
        return loaded

    def _load_objects(self, objects: dict[tuple[str, str], dict[str, Any]]) -> int:
        from moto.s3.models import s3_backends

        backend = s3_backends[ACCOUNT_ID]["aws"]
        stored = 0
        for (bucket, key), record in objects.items():
            if bucket not in backend.buckets:
                log.warning("the journal has objects of bucket %s, which the stack no longer creates", bucket)
                continue
            body = self._blob_path(record["blob"]).read_bytes()
            made = backend.put_object(bucket, key, body, storage=record.get("storage"),
                                      encryption=record.get("encryption"), disable_notification=True)
            made.set_metadata(record.get("metadata") or {})
            stored += 1
        return stored

    # -- while running: record every write ----------------------------------------------------
    def start_recording(self) -> None:
        self.journal = Journal(self.journal_path).open()
        dynamodb.add_observer(self._on_items)
        _S3Recorder.install()
        _S3Recorder.state = self

    def stop_recording(self) -> None:
        """Flush and fsync the journal; waits for a write in progress (a bounded while)."""
        dynamodb.remove_observer(self._on_items)
        if _S3Recorder.state is self:
            _S3Recorder.state = None
        locked = dynamodb.WRITE_LOCK.acquire(timeout=1.0)
        try:
            if self.journal:
                self.journal.close()
        finally:
            if locked:
                dynamodb.WRITE_LOCK.release()

    def _on_items(self, region: str, table: str, changes: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> None:
        if self.journal:
            self.journal.append({"ddb": table, "region": region, "put": [list(change) for change in changes]})

    def record_object(self, bucket: str, key: str, body: bytes | None, details: dict[str, Any]) -> None:
        if self.journal is None:
            return
        digest = None
        if body is not None:
            digest = hashlib.sha256(body).hexdigest()
            path = self._blob_path(digest)
            if not path.exists():
                path.parent.mkdir(exist_ok=True)
                partial = path.with_suffix(".partial")
                with partial.open("wb") as out:
                    out.write(body)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, path)
        self.journal.append({"s3": bucket, "key": key, "blob": digest, **details})

    def _blob_path(self, digest: str) -> Path:
        return self.blobs / digest[:2] / digest


class _S3Recorder:
    """Journals S3 writes after moto has applied them (object, metadata and all)."""

    state: LocalState | None = None
    _installed = False

    @classmethod
    def install(cls) -> None:
        if cls._installed:
            return
        from moto.s3.models import S3Backend
        from moto.s3.responses import S3Response

        for name in ("put_object", "copy_object"):
            original = getattr(S3Response, name)

            def recorded(self: Any, __original: Any = original) -> Any:
                answer = __original(self)
                state = cls.state
                if state is not None:
                    key_name = self.parse_key_name()
                    made = self.backend.get_object(self.bucket_name, key_name)
                    if made is not None:
                        state.record_object(self.bucket_name, key_name, bytes(made.value), {
                            "metadata": dict(made.metadata), "encryption": made.encryption,
                            "storage": made.storage_class})
                return answer

            setattr(S3Response, name, recorded)

        original_delete = S3Backend.delete_object

        def delete_object(self: Any, bucket_name: str, key_name: str, *args: Any, **kwargs: Any) -> Any:
            answer = original_delete(self, bucket_name, key_name, *args, **kwargs)
            state = cls.state
            if state is not None and self.get_object(bucket_name, key_name) is None:
                state.record_object(bucket_name, key_name, None, {})
            return answer

        S3Backend.delete_object = delete_object  # type: ignore[method-assign]
        cls._installed = True


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
