"""What SES reports about mail we sent (bounces and complaints from the configuration set's event
destination, through SNS), as plain values.

Two shapes exist: configuration-set event publishing says `eventType`, identity notifications say
`notificationType`; both carry `mail.messageId` (SES's id of our message) and the recipients."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MailFeedback:
    kind: str  # "bounce" or "complaint"
    ses_message_id: str
    addresses: tuple[str, ...]  # the recipients the report is about, lower-cased
    permanent: bool  # a hard bounce or a complaint: stop writing; a soft bounce: keep trying
    reason: str


def feedback(message: str | dict[str, Any]) -> MailFeedback | None:
    """The report in one SNS message body; None for anything else (a delivery, an open, SNS's
    own subscription notice, text that is not JSON)."""
    if isinstance(message, str):
        try:
            message = json.loads(message)
        except ValueError:
            return None
    if not isinstance(message, dict):
        return None
    kind = str(message.get("eventType") or message.get("notificationType") or "").lower()
    mail = message.get("mail") or {}
    ses_id = str(mail.get("messageId") or "")
    if kind == "bounce":
        bounce = message.get("bounce") or {}
        recipients = bounce.get("bouncedRecipients") or []
        permanent = str(bounce.get("bounceType") or "") == "Permanent"
        details = "; ".join(str(r.get("diagnosticCode") or r.get("status") or "") for r in recipients[:3])
        reason = f"SES bounce {bounce.get('bounceType', '?')}/{bounce.get('bounceSubType', '?')}"
        reason += f": {details}" if details.strip("; ") else ""
    elif kind == "complaint":
        complaint = message.get("complaint") or {}
        recipients = complaint.get("complainedRecipients") or []
        permanent = True
        reason = f"SES complaint: {complaint.get('complaintFeedbackType') or 'unspecified'}"
    else:
        return None
    addresses = tuple(sorted({str(r.get("emailAddress") or "").strip().lower()
                              for r in recipients if isinstance(r, dict) and r.get("emailAddress")}))
    if not ses_id or not addresses:
        return None
    return MailFeedback(kind, ses_id, addresses, permanent, reason[:500])
