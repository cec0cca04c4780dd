"""devstack's patches of moto's Step Functions interpreter: a long wait for a timestamp parks the
execution (no thread held) and resumes it on time; programs are parsed once and still behave."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from devstack import stepfunctions as patched
from devstack.emulator import REGION

DEFINITION = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Result": "prepared", "ResultPath": "$.step", "Next": "WaitUntil"},
        "WaitUntil": {"Type": "Wait", "TimestampPath": "$.wake_at", "Next": "Finish"},
        "Finish": {"Type": "Pass", "Result": "finished", "ResultPath": "$.step", "End": True},
    },
}


@pytest.fixture
def sfn(aws: dict[str, str]) -> Any:
    return boto3.client("stepfunctions", region_name=REGION)


def machine(sfn: Any, definition: dict[str, Any]) -> str:
    name = f"parking-{time.monotonic_ns()}"
    return str(sfn.create_state_machine(name=name, definition=json.dumps(definition),
                                        roleArn="arn:aws:iam::123456789012:role/x")["stateMachineArn"])


def wait_for(sfn: Any, arn: str, seconds: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        described = sfn.describe_execution(executionArn=arn)
        if described["status"] != "RUNNING":
            return dict(described)
        time.sleep(0.2)
    raise AssertionError(f"{arn} still running")


def test_a_long_wait_parks_the_execution_and_resumes_it_on_time(sfn, monkeypatch):
    monkeypatch.setattr(patched, "PARK_SECONDS", 1.0)
    arn = machine(sfn, DEFINITION)
    wake = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=4)
    parked_before = len(patched.scheduler)
    threads_before = {t.ident for t in threading.enumerate()}

    started = sfn.start_execution(stateMachineArn=arn, name="one", input=json.dumps({"wake_at": wake.strftime("%Y-%m-%dT%H:%M:%SZ")}))
    deadline = time.monotonic() + 5
    while len(patched.scheduler) == parked_before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(patched.scheduler) == parked_before + 1  # parked, not sleeping in a thread
    time.sleep(0.3)
    assert not [t for t in threading.enumerate() if t.ident not in threads_before and t.name != "sfn-parked"
                and "_execution_logic" in repr(getattr(t, "_target", ""))]
    assert sfn.describe_execution(executionArn=started["executionArn"])["status"] == "RUNNING"
    while_parked = sfn.get_execution_history(executionArn=started["executionArn"])["events"]
    assert [e["type"] for e in while_parked][-1] == "WaitStateEntered"  # packed away, still readable

    done = wait_for(sfn, started["executionArn"])

    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"])["step"] == "finished"
    assert datetime.now(UTC) >= wake - timedelta(seconds=1)  # moto counts whole seconds, as before
    history = sfn.get_execution_history(executionArn=started["executionArn"])["events"]
    assert history[:len(while_parked)] == while_parked
    assert [e["id"] for e in history] == list(range(1, len(history) + 1))
    assert [e["type"] for e in history][-1] == "ExecutionSucceeded"


def test_stopping_a_parked_execution_ends_it_at_once(sfn, monkeypatch):
    monkeypatch.setattr(patched, "PARK_SECONDS", 1.0)
    arn = machine(sfn, DEFINITION)
    wake = datetime.now(UTC).replace(microsecond=0) + timedelta(days=90)  # a timer with nothing due
    parked_before = len(patched.scheduler)
    started = sfn.start_execution(stateMachineArn=arn, name="idle",
                                  input=json.dumps({"wake_at": wake.strftime("%Y-%m-%dT%H:%M:%SZ")}))
    deadline = time.monotonic() + 5
    while len(patched.scheduler) == parked_before and time.monotonic() < deadline:
        time.sleep(0.05)

    sfn.stop_execution(executionArn=started["executionArn"])

    stopped = wait_for(sfn, started["executionArn"], seconds=5)
    assert stopped["status"] == "ABORTED"
    types = [e["type"] for e in sfn.get_execution_history(executionArn=started["executionArn"])["events"]]
    assert types[-1] == "ExecutionAborted" and "PassStateExited" not in types[types.index("WaitStateEntered"):]


def test_a_short_wait_is_not_parked(sfn):
    arn = machine(sfn, DEFINITION)
    wake = datetime.now(UTC) + timedelta(seconds=2)
    parked_before = len(patched.scheduler)

    started = sfn.start_execution(stateMachineArn=arn, name="one", input=json.dumps({"wake_at": wake.strftime("%Y-%m-%dT%H:%M:%SZ")}))
    time.sleep(0.5)
    assert len(patched.scheduler) == parked_before

    assert wait_for(sfn, started["executionArn"])["status"] == "SUCCEEDED"


def test_executions_of_one_definition_share_its_program_and_keep_their_own_data(sfn):
    arn = machine(sfn, {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": True}}})

    runs = [sfn.start_execution(stateMachineArn=arn, name=f"run-{n}", input=json.dumps({"n": n}))["executionArn"]
            for n in range(5)]

    assert [json.loads(wait_for(sfn, run)["output"]) for run in runs] == [{"n": n} for n in range(5)]
