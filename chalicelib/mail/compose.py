"""MIME for outgoing mail: threading headers, our own Message-ID, and the loop-safety headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from .render import RenderedMail


@dataclass(frozen=True)
class Envelope:
    sender_name: str
    sender_address: str
    to: str
    reply_to: str
    message_id: str  # without angle brackets
    automatic: bool  # acknowledgements and notices say so; a person's reply does not
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    to_name: str = ""
    cc: list[str] = field(default_factory=list)
    sent_at: datetime | None = None  # the Date header; composing once means a retry sends the same bytes


class UnsendableMail(ValueError):
    """The message cannot be written as email (an address or header SES would refuse)."""


class UndeliverableAddress(UnsendableMail):
    """SES sends only to ASCII local parts; an internationalised domain is converted to IDNA."""


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_text(value: str) -> str:
    """Line breaks and control characters never reach a header (no header injection, no 500)."""
    return " ".join(_CONTROLS.sub(" ", value or "").split())


def deliverable(address: str) -> str:
    local, _, domain = address.rpartition("@")
    if not local or not local.isascii():
        raise UndeliverableAddress(f"{address!r} cannot be written to over SES (non-ASCII mailbox)")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError as error:
        raise UndeliverableAddress(f"{address!r} has an invalid domain") from error


def compose(envelope: Envelope, mail: RenderedMail) -> bytes:
    try:
        return _compose(envelope, mail)
    except UnsendableMail:
        raise
    except (ValueError, TypeError) as error:  # the email package refuses what it cannot encode
        raise UnsendableMail(f"cannot write this message: {error}") from error


def _compose(envelope: Envelope, mail: RenderedMail) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr((header_text(envelope.sender_name), envelope.sender_address))
    message["To"] = formataddr((header_text(envelope.to_name), deliverable(envelope.to)))
    if envelope.cc:
        message["Cc"] = ", ".join(deliverable(address) for address in envelope.cc)
    message["Reply-To"] = envelope.reply_to
    message["Subject"] = header_text(mail.subject)
    message["Message-ID"] = f"<{envelope.message_id}>"
    if envelope.in_reply_to:
        message["In-Reply-To"] = f"<{envelope.in_reply_to}>"
    # SES replaces Message-ID; our own id stays in References so replies still thread.
    references = [*envelope.references, envelope.message_id]
    message["References"] = " ".join(f"<{ref}>" for ref in dict.fromkeys(references))
    if envelope.sent_at:
        message["Date"] = format_datetime(envelope.sent_at)
    if envelope.automatic:
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"  # keeps Exchange out-of-office off us
    message["Content-Language"] = mail.language
    message.set_content(mail.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(mail.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def with_attachments(raw: bytes, files: list[tuple[str, str, bytes]]) -> bytes:
    """The composed message with files attached (filename, content type, bytes)."""
    from email import message_from_bytes, policy

    message = message_from_bytes(raw, policy=policy.default)
    for filename, content_type, content in files:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype or "application", subtype=subtype or "octet-stream",
                               filename=header_text(filename))  # type: ignore[attr-defined]
    return message.as_bytes()
