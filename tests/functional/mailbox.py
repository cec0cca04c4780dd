"""Deliver mail the way SES does: raw MIME into the bucket, then the inbound Lambda's event."""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from typing import Any

import boto3

from devstack.stack import ses_event

_counter = itertools.count(1)


def store(aws: dict[str, str], raw: bytes, ses_id: str | None = None) -> str:
    ses_id = ses_id or f"sesmsg{next(_counter):06d}x"
    boto3.client("s3").put_object(Bucket=aws["RAW_MAIL_BUCKET"], Key=f"inbound/{ses_id}", Body=raw)
    return ses_id


def deliver(client: Any, aws: dict[str, str], raw: bytes, recipients: list[str] | None = None,
            verdict: str = "PASS", ses_id: str | None = None, source: str = "sender@example.org",
            verdicts: dict[str, str] | None = None) -> dict[str, Any]:
    """`verdict` sets every SES verdict; `verdicts` sets single ones, e.g. {"dmarc": "FAIL"}."""
    ses_id = store(aws, raw, ses_id)
    event = ses_event(ses_id, source, recipients or [aws["SUPPORT_ADDRESS"]], verdict)
    receipt = event["Records"][0]["ses"]["receipt"]
    for name, status in (verdicts or {}).items():
        receipt[f"{name}Verdict"] = {"status": status}
    response = client.lambda_.invoke("inbound_email", event)
    return dict(response.payload["outcomes"][0])


def customer_mail(subject: str = "Kettle stopped working", body: str = "Hello, my kettle stopped working "
                  "after two days. It does not heat at all. Order 4411.", sender: str = "Rosa <rosa@example.org>",
                  to: str = "support@example.com", message_id: str | None = "<cust-1@example.org>",
                  **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Tue, 24 Nov 2026 09:00:00 +0000"
    if message_id:
        message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message
