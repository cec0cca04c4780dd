"""What an operator who keeps `make run` going for days relies on: the data outlives the
process (even a SIGKILL right after a 201), SIGTERM and Ctrl-C stop it promptly, a second
`make run` on the same checkout or ports refuses cleanly, and 16 clients at once are served."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import boto3
import pytest

from devstack.statedir import EXIT_BUSY

from .conftest import ROOT, Child, stack_environment, start
from .test_local_stack import http, wait_for_mail

pytestmark = pytest.mark.e2e
STOP_BOUND = 5.0  # seconds from the signal to a process that is gone (issue 7)
MARGIN = 1.0


def stop_with(child: Child, sig: int) -> int:
    """Send `sig`; the process must be gone within the bound. Returns its exit code."""
    child.process.send_signal(sig)
    try:
        return child.process.wait(timeout=STOP_BOUND + MARGIN)
    except subprocess.TimeoutExpired:
        child.process.kill()
        child.process.wait()
        raise AssertionError(f"still running {STOP_BOUND + MARGIN:g} s after {signal.Signals(sig).name}:\n"
                             f"{child.log()}") from None


def open_ticket(info: dict[str, Any], email: str, subject: str) -> dict[str, Any]:
    status, body = http(info, "POST", "/tickets", info["keys"]["storefront"], {
        "customer": {"email": email}, "subject": subject,
        "body": f"{subject}. My order 4411 was due a week ago."})
    assert status == 201, body
    return dict(body["ticket"])


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` (but the lock) and a digest of its content."""
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.rglob("*")) if path.is_file() and path.name != "devstack.lock"}


def test_tickets_keys_mail_and_stored_mail_outlive_a_kill_right_after_a_201(tmp_path):
    env = stack_environment(tmp_path / "state", SLA_SCALE="3600", SCHEDULE_SECONDS="1")
    first = start(env)
    try:
        info = first.info
        acknowledged = open_ticket(info, "olga@example.org", "Parcel not arrived")
        wait_for_mail(Path(info["outbox"]), lambda m: acknowledged["id"] in str(m["Subject"]))
        message = EmailMessage()
        message["From"] = "Pia <pia@example.org>"
        message["To"] = info["support_address"]
        message["Subject"] = "Kettle leaks"
        message["Message-ID"] = "<restart-1@example.org>"
        message.set_content("The kettle from order 8812 leaks at the bottom.")
        with smtplib.SMTP(info["smtp_host"], info["smtp_port"], timeout=10) as smtp:
            smtp.send_message(message)
        wait_for_mail(Path(info["outbox"]), lambda m: "Kettle leaks" in str(m["Subject"]))
        outbox_before = sorted(p.name for p in Path(info["outbox"]).glob("*.eml"))
        last = open_ticket(info, "max@example.org", "Wrong size delivered")
    finally:
        first.process.kill()  # no chance to flush anything: right after the 201
        first.process.wait()

    second = start(env, "second.log")
    try:
        info2 = second.info
        assert info2["keys"] == info["keys"]
        agents_file = Path(info2["state_dir"]) / "agents.json"
        [frontline] = [a for a in json.loads(agents_file.read_text()) if a["tier"] == 1]
        status, signed = http(info2, "POST", "/auth/sign-in", "", {"email": frontline["email"],
                                                                  "password": frontline["password"]})
        assert status == 200, signed  # the same password as before the restart, on a new user pool
        agent = info2["keys"]["agent_tier1"]
        for ticket in (acknowledged, last):
            status, read = http(info2, "GET", f"/tickets/{ticket['id']}", agent)
            assert status == 200, read
            assert read["ticket"]["subject"] == ticket["subject"]
            assert read["ticket"]["messages"][0]["body"].startswith(ticket["subject"])
        _, mailed = http(info2, "GET", "/customers/pia@example.org/tickets", agent)
        assert [t["subject"] for t in mailed["tickets"]] == ["Kettle leaks"]
        assert set(outbox_before) <= {p.name for p in Path(info2["outbox"]).glob("*.eml")}
        s3 = boto3.client("s3", endpoint_url=info2["aws_endpoint_url"], region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
        stored = s3.list_objects_v2(Bucket=info2["mail_bucket"], Prefix="inbound/").get("Contents", [])
        raw = [s3.get_object(Bucket=info2["mail_bucket"], Key=o["Key"])["Body"].read() for o in stored]
        assert any(b"<restart-1@example.org>" in body for body in raw)

        # Step Functions executions are not restored: the SLA sweeper starts the missing timers.
        deadline = time.monotonic() + 40
        actions: list[str] = []
        while time.monotonic() < deadline:
            _, read = http(info2, "GET", f"/tickets/{last['id']}", agent)
            actions = [event["action"] for event in read["ticket"]["events"]]
            if "sla.timer_restarted" in actions:
                break
            time.sleep(0.5)
        assert "sla.timer_restarted" in actions, actions
    finally:
        stop_with(second, signal.SIGTERM)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGTERM, signal.SIGTERM, signal.SIGINT],
                         ids=["sigterm-1", "sigterm-2", "sigterm-3", "sigint"])
def test_the_stack_is_gone_within_five_seconds_of_a_signal(tmp_path, sig):
    child = start(stack_environment(tmp_path / "state", SLA_SCALE="3600", SCHEDULE_SECONDS="1"))
    try:
        open_ticket(child.info, "sam@example.org", "Order missing")  # a waiting SLA timer, a sweep
        time.sleep(1)
    finally:
        code = stop_with(child, sig)
    assert code == 0, child.log()
    assert not (child.state_dir / "stack.json").exists()


def quiet_snapshot(state_dir: Path, quiet_seconds: float = 2.0, limit: float = 30.0) -> dict[str, str]:
    """The state directory once the running stack has stopped writing to it for a while: the
    stream consumer counts a new ticket moments after the request that opened it."""
    deadline = time.monotonic() + limit
    seen = snapshot(state_dir)
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = snapshot(state_dir)
        if now != seen:
            seen, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            return seen
    return seen


def test_a_second_stack_on_the_same_state_dir_refuses_and_touches_nothing(stack):
    state_dir = Path(stack["state_dir"])
    open_ticket(stack, "ruth@example.org", "Lid missing")
    wait_for_mail(Path(stack["outbox"]), lambda m: "Lid missing" in str(m["Subject"]))
    before = quiet_snapshot(state_dir)  # the stack's own work after the request (KPI counts) is done

    env = stack_environment(state_dir)  # other ports, same directory: the lock says no
    second = subprocess.run([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, capture_output=True, timeout=60)

    assert second.returncode == EXIT_BUSY
    lines = second.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "another local stack" in lines[0] and str(state_dir) in lines[0]
    assert "Traceback" not in second.stdout.decode() + second.stderr.decode()
    after = snapshot(state_dir)
    assert {name: after.get(name) for name in before} == before  # nothing removed or rewritten


@pytest.mark.parametrize("taken", ["PORT", "SMTP_PORT"])
def test_a_busy_port_fails_fast_with_one_line_and_an_empty_state_dir(stack, tmp_path, taken):
    state_dir = tmp_path / "other"
    port = stack["api_url"].rsplit(":", 1)[1] if taken == "PORT" else str(stack["smtp_port"])
    env = stack_environment(state_dir, **{taken: port})

    second = subprocess.run([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, capture_output=True, timeout=60)

    assert second.returncode == EXIT_BUSY
    lines = second.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and f":{port} is already in use" in lines[0] and taken in lines[0]
    assert sorted(p.name for p in state_dir.iterdir()) == ["devstack.lock"]  # only the lock it took


def test_sixteen_clients_at_once_all_get_an_answer(stack):
    """16 connections arriving while the server is busy wait in the listen queue (5 long before)."""
    pid = int(stack["pid"])
    host, port = stack["api_url"].removeprefix("http://").split(":")
    sockets: list[socket.socket] = []
    os.kill(pid, signal.SIGSTOP)  # nothing accepted meanwhile: only the kernel's queue holds them
    try:
        for _ in range(16):
            client = socket.socket()
            client.settimeout(0.5)
            try:
                client.connect((host, int(port)))
            except OSError:
                client.close()
                continue
            sockets.append(client)
    finally:
        os.kill(pid, signal.SIGCONT)
    queued = len(sockets)
    for client in sockets:
        client.close()
    assert queued == 16

    answers: list[int] = []

    def ask() -> None:
        request = urllib.request.Request(stack["api_url"] + "/queues/1",
                                         headers={"Authorization": f"Bearer {stack['keys']['agent_tier1']}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answers.append(response.status)
        except urllib.error.HTTPError as error:
            answers.append(error.code)

    start = threading.Barrier(16)

    def together() -> None:
        start.wait()
        ask()

    threads = [threading.Thread(target=together) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert answers == [200] * 16
