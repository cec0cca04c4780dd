"""The local stack's stream feeder: real records from the emulator's DynamoDB Streams, in Lambda's
shape, delivered in order; a failed batch is delivered again, one that keeps failing is kept."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3

from devstack import streams


def _put(table: str, n: int) -> None:
    boto3.client("dynamodb").put_item(TableName=table, Item={"PK": {"S": f"X#{n}"}, "SK": {"S": "A"},
                                                             "blob": {"B": b"\x00\xff"}})


def _wait(probe: Any, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not probe():
        assert time.monotonic() < deadline, "not delivered in time"
        time.sleep(0.1)


def test_records_arrive_in_order_in_lambdas_shape_and_a_failed_batch_comes_again(dynamodb_table, tmp_path):
    seen: list[dict[str, Any]] = []
    failures = [RuntimeError("first delivery fails")]

    def handler(event: dict[str, Any], context: Any) -> None:
        if failures:
            raise failures.pop()
        seen.extend(event["Records"])

    feeder = streams.StreamFeeder(dynamodb_table, handler, poll_seconds=0.2, dead_letters=tmp_path)
    feeder.start()
    try:
        for n in range(3):
            _put(dynamodb_table, n)
        _wait(lambda: len(seen) >= 3)
    finally:
        feeder.stop()
    assert [r["dynamodb"]["Keys"]["PK"]["S"] for r in seen] == ["X#0", "X#1", "X#2"]
    record = seen[0]
    assert record["eventName"] == "INSERT" and record["eventSourceARN"].endswith(
        boto3.client("dynamodb").describe_table(TableName=dynamodb_table)["Table"]["LatestStreamArn"].rsplit("/", 1)[-1])
    assert isinstance(record["dynamodb"]["ApproximateCreationDateTime"], float)
    assert record["dynamodb"]["NewImage"]["blob"]["B"] == "AP8="  # base64, as Lambda sends binary
    json.dumps(seen)  # plain JSON, as Lambda hands it over
    assert not list(tmp_path.iterdir())


def test_a_batch_that_keeps_failing_is_kept_as_a_dead_letter_and_the_stream_moves_on(dynamodb_table, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.setattr(streams, "RETRY_DELAYS", (0.05, 0.05))
    delivered: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> None:
        keys = [r["dynamodb"]["Keys"]["PK"]["S"] for r in event["Records"]]
        if "X#0" in keys:
            raise RuntimeError("poison")
        delivered.extend(keys)

    _put(dynamodb_table, 0)
    feeder = streams.StreamFeeder(dynamodb_table, handler, poll_seconds=0.2, dead_letters=tmp_path)
    feeder.start()
    try:
        _wait(lambda: list(tmp_path.iterdir()))
        _put(dynamodb_table, 1)
        _wait(lambda: delivered == ["X#1"])
    finally:
        feeder.stop()
    [kept] = list(tmp_path.iterdir())
    assert json.loads(kept.read_text())["Records"][0]["dynamodb"]["Keys"]["PK"]["S"] == "X#0"
