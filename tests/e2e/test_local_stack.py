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


def test_smtp_listener_accepts_mail_and_keeps_it_raw(stack):
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
