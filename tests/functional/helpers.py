"""Small helpers for talking to the app through chalice.test.Client."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path
from typing import Any


def call(client: Any, method: str, path: str, key: str | None, body: Any = None,
         headers: dict[str, str] | None = None) -> Any:
    sent = {"Content-Type": "application/json", **(headers or {})}
    if key:
        sent["Authorization"] = f"Bearer {key}"
    payload = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return client.http.request(method, path, headers=sent, body=payload)


def new_ticket(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer": {"email": "jane@example.org", "name": "Jane Doe"},
        "subject": "My parcel never arrived",
        "body": "Hello, I ordered a kettle two weeks ago (order 1001) and it has still not arrived. "
        "Tracking has not moved for 9 days. Can you help?",
        "order_id": "1001",
    }
    body.update(overrides)
    return body


def outbox_messages(outbox: str) -> list[email.message.EmailMessage]:
    folder = Path(outbox)
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    ]


def text_of(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
