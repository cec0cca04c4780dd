"""What the inbound Lambda needs from an SES receipt event, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Delivery:
    ses_message_id: str
    bucket: str
    key: str
    recipients: list[str]
    source: str | None = None  # the envelope sender (return path); "" for bounces
    verdicts: dict[str, str] = field(default_factory=dict)  # spam, virus, dmarc, spf, dkim

    def verdict(self, name: str) -> str:
        return self.verdicts.get(name, "").upper()


def deliveries(event: dict[str, Any], bucket: str, prefix: str) -> list[Delivery]:
    """One delivery per record; the S3 action stored the raw message at prefix + SES id."""
    found = []
    for record in event.get("Records", []):
        ses = record.get("ses") or {}
        mail, receipt = ses.get("mail") or {}, ses.get("receipt") or {}
        message_id = mail.get("messageId")
        if not message_id:
            continue
        action = receipt.get("action") or {}
        found.append(
            Delivery(
                ses_message_id=message_id,
                bucket=action.get("bucketName") or bucket,
                key=action.get("objectKey") or f"{action.get('objectKeyPrefix', prefix)}{message_id}",
                recipients=[r.lower() for r in receipt.get("recipients") or mail.get("destination") or []],
                source=mail.get("source"),
                verdicts={
                    name: str((receipt.get(f"{name}Verdict") or {}).get("status", ""))
                    for name in ("spam", "virus", "dmarc", "spf", "dkim")
                },
            )
        )
    return found
