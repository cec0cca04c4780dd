"""An operator's `make run`: open a ticket over HTTP, find the acknowledgement in the outbox,
and write to the desk over SMTP."""

from __future__ import annotations

import email
import json
import smtplib
import time
import urllib.error
import urllib.request
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def http(stack: dict[str, Any], method: str, path: str, key: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(stack["api_url"] + path, data=data, method=method, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_for_mail(outbox: Path, predicate: Any, seconds: float = 20) -> email.message.EmailMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in outbox.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if predicate(message):
                return message  # type: ignore[return-value]
        time.sleep(0.2)
    raise AssertionError(f"no matching mail in {outbox}")


def test_stack_describes_itself(stack):
    assert stack["api_url"].startswith("http://127.0.0.1:")
    assert stack["smtp_host"] == "127.0.0.1"
    assert set(stack["keys"]) == {"storefront", "agent_tier1", "agent_tier2", "agent_tier3", "admin"}
    assert Path(stack["outbox"]).is_dir()


def test_sample_agents_sign_in_over_http_with_what_agents_json_lists(stack):
    listed = json.loads((Path(stack["state_dir"]) / "agents.json").read_text())

    assert {a["tier"] for a in listed} == {1, 2, 3, "admin"}
    for agent in listed:
        assert set(agent) >= {"email", "password", "name", "tier"}
        status, signed = http(stack, "POST", "/auth/sign-in", "", {"email": agent["email"],
                                                                   "password": agent["password"]})
        assert status == 200, signed
        status, me = http(stack, "GET", "/me", signed["token"])
        assert status == 200 and me["agent"]["name"] == agent["name"]


def test_ticket_over_http_is_acknowledged_in_the_outbox(stack):
    status, body = http(stack, "POST", "/tickets", stack["keys"]["storefront"], {
        "customer": {"email": "erin@example.net", "name": "Erin"},
        "subject": "Blender arrived broken",
        "body": "The jar of the blender I received yesterday is cracked and leaks. Order 7781.",
        "order_id": "7781",
    })

    assert status == 201, body
    ticket = body["ticket"]
    ack = wait_for_mail(Path(stack["outbox"]), lambda m: ticket["id"] in str(m["Subject"]))
    assert ack["To"].addresses[0].addr_spec == "erin@example.net"
    assert ack["Auto-Submitted"] == "auto-replied"

    status, read = http(stack, "GET", f"/tickets/{ticket['id']}", stack["keys"]["agent_tier1"])
    assert status == 200
    assert read["ticket"]["messages"][0]["body"].startswith("The jar")


def test_agent_queue_over_http(stack):
    status, body = http(stack, "GET", "/queues/1", stack["keys"]["agent_tier1"])
    assert status == 200
    assert isinstance(body["tickets"], list)
    status, body = http(stack, "GET", "/queues/1", stack["keys"]["storefront"])
    assert status == 403
    assert body["error"]["code"] == "wrong_role"


def test_smtp_listener_keeps_every_message_raw_before_parsing(stack):
    import boto3

    message = EmailMessage()
    message["From"] = "Sam <sam@example.org>"
    message["To"] = stack["support_address"]
    message["Subject"] = "Where is my order?"
    message["Message-ID"] = "<e2e-smtp-1@example.org>"
    message.set_content("Hello, my order 5512 has not arrived yet.")
    with smtplib.SMTP(stack["smtp_host"], stack["smtp_port"], timeout=10) as smtp:
        smtp.send_message(message)

    s3 = boto3.client("s3", endpoint_url=stack["aws_endpoint_url"], region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    deadline = time.monotonic() + 10
    bodies: list[bytes] = []
    while time.monotonic() < deadline and not bodies:
        listed = s3.list_objects_v2(Bucket=stack["mail_bucket"], Prefix="inbound/").get("Contents", [])
        bodies = [s3.get_object(Bucket=stack["mail_bucket"], Key=o["Key"])["Body"].read() for o in listed]
        time.sleep(0.2)
    assert any(b"e2e-smtp-1@example.org" in body for body in bodies)


def _send(stack: dict[str, Any], message: EmailMessage, to: str | None = None) -> None:
    with smtplib.SMTP(stack["smtp_host"], stack["smtp_port"], timeout=10) as smtp:
        smtp.send_message(message, to_addrs=[to or stack["support_address"]])


def test_mail_client_writes_in_and_its_reply_threads_onto_the_same_ticket(stack):
    first = EmailMessage()
    first["From"] = "Noor <noor@example.org>"
    first["To"] = stack["support_address"]
    first["Subject"] = "Toaster sparks when switched on"
    first["Message-ID"] = "<noor-1@example.org>"
    first.set_content("Hello, the toaster I bought last week makes sparks. Order 99812.")
    _send(stack, first)
    ack = wait_for_mail(Path(stack["outbox"]), lambda m: "Toaster sparks" in str(m["Subject"]))

    reply = EmailMessage()
    reply["From"] = "Noor <noor@example.org>"
    reply["To"] = ack["Reply-To"]
    reply["Subject"] = f"Re: {ack['Subject']}"
    reply["Message-ID"] = "<noor-2@example.org>"
    reply["In-Reply-To"] = ack["Message-ID"]
    reply["References"] = f"<noor-1@example.org> {ack['Message-ID']}"
    reply.set_content("I attached nothing, but it happened again this morning.\n\n> We received your message")
    _send(stack, reply, to=str(ack["Reply-To"]))

    agent = stack["keys"]["agent_tier1"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        _, listed = http(stack, "GET", "/customers/noor@example.org/tickets", agent)
        tickets = listed["tickets"]
        if tickets:
            _, read = http(stack, "GET", f"/tickets/{tickets[0]['id']}", agent)
            if len(read["ticket"]["messages"]) == 2:
                break
        time.sleep(0.3)
    assert len(tickets) == 1
    assert [m["body"] for m in read["ticket"]["messages"]][-1].startswith("I attached nothing")
    assert tickets[0]["id"] in str(ack["Subject"])
    assert tickets[0]["priority"] == "critical"  # sparks are a safety hazard


def test_missing_or_wrong_keys_are_refused_in_the_error_envelope(stack):
    missing = urllib.request.Request(stack["api_url"] + "/queues/1")
    try:
        urllib.request.urlopen(missing, timeout=10)
        raise AssertionError("a request without a key was served")
    except urllib.error.HTTPError as error:
        assert error.code == 401
        assert json.loads(error.read())["error"]["code"] == "unauthorized"

    status, body = http(stack, "GET", "/queues/1", "rc_agent_not-a-key")
    assert status == 403
    assert body["error"]["code"] == "invalid_api_key"
