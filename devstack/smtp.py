"""An SMTP listener on loopback: every message is stored raw in the mail bucket first, then
handed to `deliver` (the inbound mail handler, once it exists)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import boto3
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from chalicelib.domain.ids import new_item_id

log = logging.getLogger(__name__)
Deliver = Callable[[str, str, list[str]], None]


class StoreThenDeliver:
    def __init__(self, bucket: str, deliver: Deliver | None) -> None:
        self.bucket = bucket
        self.deliver = deliver

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        key = f"inbound/{new_item_id(datetime.now(UTC))}"
        raw = envelope.original_content or envelope.content
        try:
            boto3.client("s3").put_object(Bucket=self.bucket, Key=key, Body=raw)
        except Exception:
            log.exception("could not store inbound mail")
            return "451 Requested action aborted: could not store the message, try again"
        if self.deliver:
            try:
                self.deliver(key, envelope.mail_from, list(envelope.rcpt_tos))
            except Exception:
                # Stored already: it can be processed again from the bucket, so accept it.
                log.exception("inbound mail stored at %s but not processed", key)
        return "250 Message accepted for delivery"


MESSAGE_LIMIT = 40 * 1024 * 1024  # what SES accepts


class LiberalSMTP(SMTP):
    """Real senders exceed RFC 5321's 1000-character lines, and files sent as bytes with bare LF
    arrive as one long line: accept them rather than lose the message; the parser copes."""

    line_length_limit = MESSAGE_LIMIT


class LiberalController(Controller):
    def factory(self) -> SMTP:
        return LiberalSMTP(self.handler, **self.SMTP_kwargs)


def start_listener(host: str, port: int, bucket: str, deliver: Deliver | None = None) -> Controller:
    controller = LiberalController(
        StoreThenDeliver(bucket, deliver), hostname=host, port=port, decode_data=False,
        data_size_limit=MESSAGE_LIMIT, enable_SMTPUTF8=True,
    )
    controller.start()
    return controller
