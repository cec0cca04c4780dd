"""The local stack delivers inbound mail as SES and Lambda do: a failed invocation is tried again,
and one that keeps failing is kept as a dead letter, never only logged."""

from __future__ import annotations

import json
import threading
import time

from devstack.stack import inbound_delivery


def _wait(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_failed_delivery_is_tried_again_until_it_lands(tmp_path):
    calls: list[str] = []
    landed = threading.Event()

    def handler(event, context):
        calls.append(event["Records"][0]["ses"]["mail"]["messageId"])
        if len(calls) < 3:
            raise RuntimeError("ticket busy")
        landed.set()

    deliver = inbound_delivery(handler, retry_delays=(0.01, 0.01, 0.01), dead_letters=tmp_path)
    deliver("inbound/msg-1", "rosa@example.org", ["support@example.com"])

    assert landed.wait(5)
    assert calls == ["msg-1"] * 3
    assert list(tmp_path.iterdir()) == []


def test_a_delivery_that_keeps_failing_becomes_a_dead_letter(tmp_path):
    calls: list[int] = []

    def handler(event, context):
        calls.append(1)
        raise RuntimeError("store unavailable")

    deliver = inbound_delivery(handler, retry_delays=(0.01, 0.01), dead_letters=tmp_path)
    deliver("inbound/msg-2", "rosa@example.org", ["support@example.com"])

    _wait(lambda: (tmp_path / "msg-2.json").exists())
    letter = json.loads((tmp_path / "msg-2.json").read_text())
    assert len(calls) == 3
    assert letter["event"]["Records"][0]["ses"]["mail"]["messageId"] == "msg-2"
    assert "store unavailable" in letter["error"]
