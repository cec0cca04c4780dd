"""MIME for outgoing mail: threading headers, our own Message-ID, and the loop-safety headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr

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


class UndeliverableAddress(ValueError):
    """SES sends only to ASCII local parts; an internationalised domain is converted to IDNA."""


def deliverable(address: str) -> str:
    local, _, domain = address.rpartition("@")
    if not local or not local.isascii():
        raise UndeliverableAddress(f"{address!r} cannot be written to over SES (non-ASCII mailbox)")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError as error:
        raise UndeliverableAddress(f"{address!r} has an invalid domain") from error


def compose(envelope: Envelope, mail: RenderedMail, sent_at_header: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr((envelope.sender_name, envelope.sender_address))
    message["To"] = formataddr((envelope.to_name, deliverable(envelope.to)))
    message["Reply-To"] = envelope.reply_to
    message["Subject"] = mail.subject
    message["Message-ID"] = f"<{envelope.message_id}>"
    if envelope.in_reply_to:
        message["In-Reply-To"] = f"<{envelope.in_reply_to}>"
    # SES replaces Message-ID; our own id stays in References so replies still thread.
    references = [*envelope.references, envelope.message_id]
    message["References"] = " ".join(f"<{ref}>" for ref in dict.fromkeys(references))
    if sent_at_header:
        message["Date"] = sent_at_header
    if envelope.automatic:
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"  # keeps Exchange out-of-office off us
    message["Content-Language"] = mail.language
    message.set_content(mail.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(mail.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message.as_bytes()
