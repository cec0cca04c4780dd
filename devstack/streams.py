"""The table's stream, delivered to the stream consumers locally as Lambda's event source
mapping does on AWS: real records read from the emulator's DynamoDB Streams API, in order, in
batches, with the Lambda event's shape; a failed batch is delivered again (the consumer counts
each record once), after a pause that grows, and a batch that keeps failing is kept as a dead
letter so the stream moves on.

A write to the table wakes the feeder (an observer on the local DynamoDB, devstack/dynamodb.py),
so counters follow within moments; it also looks every `poll_seconds` in case it missed one.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3

from . import dynamodb

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any], Any], Any]
RETRY_DELAYS = (0.5, 2.0, 5.0)


def lambda_event(records: list[dict[str, Any]], stream_arn: str) -> dict[str, Any]:
    """Records as Lambda hands them to a function: creation time in epoch seconds, the source ARN."""
    shaped = []
    for record in records:
        copy = json.loads(json.dumps(record, default=_plain))
        stream = copy.setdefault("dynamodb", {})
        created = record.get("dynamodb", {}).get("ApproximateCreationDateTime")
        stream["ApproximateCreationDateTime"] = created.timestamp() if isinstance(created, datetime) \
            else float(created or time.time())
        copy["eventSourceARN"] = stream_arn
        shaped.append(copy)
    return {"Records": shaped}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes | bytearray):
        import base64

        return base64.b64encode(value).decode()
    raise TypeError(type(value).__name__)


class StreamReader:
    """Reads a table's stream from its oldest record on, remembering where it stopped."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name
        self.streams = boto3.client("dynamodbstreams")
        self.stream_arn = boto3.client("dynamodb").describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
        self.after: dict[str, str] = {}  # shard -> last sequence number delivered
        self._read: dict[str, str] = {}  # shard -> last sequence number of the records handed out

    def read(self, limit: int = 100) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        self._read = {}
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self.after:
                position = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": self.after[shard_id]}
            else:
                position = {"ShardIteratorType": "TRIM_HORIZON"}
            iterator = self.streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard_id,
                                                       **position)["ShardIterator"]
            records = self.streams.get_records(ShardIterator=iterator, Limit=limit - len(found))["Records"]
            if records:
                self._read[shard_id] = records[-1]["dynamodb"]["SequenceNumber"]
                found += records
            if len(found) >= limit:
                break
        return found

    def delivered(self) -> None:
        """Move past what the last `read` handed out (call once the consumer took it)."""
        self.after.update(self._read)
        self._read = {}


def drain(reader: StreamReader, handler: Handler, batch_size: int = 100) -> list[list[dict[str, Any]]]:
    """Deliver every record now on the stream, batch by batch; the batches as delivered."""
    batches = []
    while True:
        records = reader.read(batch_size)
        if not records:
            return batches
        handler(lambda_event(records, reader.stream_arn), None)
        reader.delivered()
        batches.append(records)


class StreamFeeder(threading.Thread):
    def __init__(self, table_name: str, handler: Handler, poll_seconds: float = 2.0,
                 dead_letters: Path | None = None) -> None:
        # From the stream's start: a stack restored from its journal puts the restored items in
        # place without stream records, so every record there is a change made since the start.
        super().__init__(daemon=True, name="stream-feeder")
        self.reader = StreamReader(table_name)
        self.handler = handler
        self.poll_seconds = poll_seconds
        self.dead_letters = dead_letters
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._table_name = table_name

    def _observe(self, region: str, table_name: str, changes: Any) -> None:
        if table_name == self._table_name:
            self._wake.set()

    def run(self) -> None:
        dynamodb.add_observer(self._observe)
        try:
            while not self._stopped.is_set():
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                if self._stopped.is_set():
                    break
                try:
                    self._deliver_all()
                except Exception:  # the emulator stopping under us, mostly
                    log.debug("reading the stream failed", exc_info=True)
        finally:
            dynamodb.remove_observer(self._observe)

    def _deliver_all(self) -> None:
        while not self._stopped.is_set():
            records = self.reader.read(100)
            if not records:
                return
            self._deliver(records)
            self.reader.delivered()

    def _deliver(self, records: list[dict[str, Any]]) -> None:
        event = lambda_event(records, self.reader.stream_arn)
        for attempt in range(len(RETRY_DELAYS) + 1):
            try:
                self.handler(event, None)
                return
            except Exception as error:
                if attempt < len(RETRY_DELAYS) and not self._stopped.is_set():
                    log.warning("stream batch failed (%s); delivering it again in %ss", error, RETRY_DELAYS[attempt])
                    time.sleep(RETRY_DELAYS[attempt])
                    continue
                log.exception("stream batch failed %d times; kept as a dead letter", attempt + 1)
                if self.dead_letters is not None:
                    self.dead_letters.mkdir(parents=True, exist_ok=True)
                    first = records[0]["dynamodb"]["SequenceNumber"]
                    (self.dead_letters / f"stream-{first}.json").write_text(json.dumps(event, indent=2) + "\n")
                return

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
