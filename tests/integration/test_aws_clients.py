"""One boto3 Session per container, yet a client never aimed at another endpoint or account."""

from __future__ import annotations

import os

from chalicelib.adapters import aws


def test_the_clients_of_one_environment_share_one_session_and_are_reused(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "one")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")

    dynamodb = aws.client("dynamodb", "us-east-1")
    sessions = len(aws._sessions)
    s3, events = aws.client("s3", "us-east-1"), aws.client("events", "eu-west-1")

    assert len(aws._sessions) == sessions  # the next services (any region) came from the same Session
    assert aws.client("dynamodb", "us-east-1") is dynamodb
    assert s3 is not dynamodb and events.meta.region_name == "eu-west-1"
    assert dynamodb.meta.endpoint_url == "http://127.0.0.1:1"


def test_an_environment_swapped_per_call_gets_clients_of_its_own(monkeypatch):
    # The Chalice test client replaces os.environ for each call: a Session keeps what it read.
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    first = aws.client("sesv2", "us-east-1")
    with monkeypatch.context() as call:
        call.setattr(os, "environ", {**os.environ, "AWS_ENDPOINT_URL": "http://127.0.0.1:2"})
        second = aws.client("sesv2", "us-east-1")

    assert second is not first
    assert (first.meta.endpoint_url, second.meta.endpoint_url) == ("http://127.0.0.1:1", "http://127.0.0.1:2")
    assert len({key[1:] for key in aws._clients if key[0] == "sesv2"}) >= 2


def test_an_unreachable_step_functions_is_an_upstream_error_for_every_timer_call():
    """Start, stop and status alike: the sweeper and the outbox treat a connection failure as
    one they can retry, never as a crash of the whole run."""
    import boto3
    import pytest
    from botocore.config import Config

    from chalicelib.adapters.workflows import Workflows
    from chalicelib.errors import UpstreamError

    client = boto3.client("stepfunctions", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
                          aws_access_key_id="x", aws_secret_access_key="x",
                          config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=1))
    timers = Workflows("arn:aws:states:us-east-1:123456789012:stateMachine:sla", client)
    for call in (lambda: timers.start_timer("T-1", {}), lambda: timers.stop_timer("T-1"),
                 lambda: timers.timer_status("T-1")):
        with pytest.raises(UpstreamError, match="SLA timer"):
            call()
