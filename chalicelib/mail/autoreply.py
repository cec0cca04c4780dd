"""Recognise mail written by machines, so the desk never answers it and bounces mark addresses.

Checks run from the most specific evidence (a standard report) to the weakest (a null return
path). ``classify_machine_mail`` returns None for mail a person wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.mail.parse import ParsedMail, normalise_address


@dataclass(frozen=True)
class MachineVerdict:
    kind: str  # bounce | delivery_delay | auto_reply | bulk | feedback_report
    reason: str
    bounced_recipients: tuple[str, ...] = ()


_DAEMON_LOCAL_PARTS = {
    "mailer-daemon",
    "mailer_daemon",
    "mailerdaemon",
    "mail-daemon",
    "postmaster",
    "mail.delivery.system",
}
# Anchored at the start: a customer forwarding a bounce writes "Fwd: Undeliverable ...".
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliverable|undelivered mail|undeliverable mail|mail delivery failed"
    r"|delivery status notification \(failure\)|returned mail|failure notice|delivery failure"
    r"|mail delivery failure|mail system error|message not delivered|delivery has failed"
    r"|non[- ]?delivery|недоставленное сообщение|ваше сообщение не доставлено|unzustellbar"
    r"|nicht zustellbar|non remis|onbestelbaar|non recapitabile|no se puede entregar"
    r"|error al entregar|não entregue)",
    re.IGNORECASE,
)
_DELAY_SUBJECT = re.compile(
    r"^\s*(delivery status notification \(delay\)|delayed mail|warning: could not send"
    r"|warning: message .{0,80} delayed|mail delivery delayed|delivery delayed"
    r"|message delayed|zustellung verzögert)",
    re.IGNORECASE,
)
_AUTO_REPLY_SUBJECT = re.compile(
    r"(out of (the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|autoresponder"
    r"|abwesenheitsnotiz|automatische antwort|réponse automatique|respuesta automática"
    r"|risposta automatica|automatisch antwoord|autosvar|vacation (reply|message|notice)"
    r"|abwesend|absence du bureau|fuera de la oficina|fora do escritório|自動返信|自动回复)",
    re.IGNORECASE,
)
_AUTO_REPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply")
_NEGATIVE_VALUES = {"no", "false", "0", "off"}
_BULK_PRECEDENCE = {"bulk", "junk", "list"}
_LIST_HEADERS = ("list-id", "list-unsubscribe")
_DSN_TYPES = {"message/delivery-status", "message/global-delivery-status"}
_FEEDBACK_TYPES = {"message/feedback-report"}
# Where a bounce stops describing the failure and starts quoting the returned message.
_RETURNED_MESSAGE = re.compile(
    r"^\s*(-+\s*)?(this is a copy of the message|original message follows|below this line is a copy"
    r"|original message|the original message|returned message|undelivered message"
    r"|message headers follow|[-=]+\s*original)",
    re.IGNORECASE | re.MULTILINE,
)
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_MAIL_FROM_COMMAND = re.compile(r"MAIL FROM:\s*<[^>]*>", re.IGNORECASE)
_DSN_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$")
_NOTIFICATION_SCAN_CHARS = 8000


def classify_machine_mail(
    mail: ParsedMail, return_path: str | None = None
) -> MachineVerdict | None:
    """Kind of machine mail this is, or None when a person wrote it.

    ``return_path`` is the envelope sender (SES ``mail.source``) when known; otherwise the
    Return-Path header is used.
    """
    null_sender = _has_null_return_path(mail, return_path)
    for check in (_feedback_report, _delivery_report, _bounce_without_report):
        verdict = check(mail, null_sender)
        if verdict is not None:
            return verdict
    return _auto_reply(mail) or _bulk(mail) or _null_sender(null_sender)


def _header(mail: ParsedMail, name: str) -> list[str]:
    return mail.headers.get(name, [])


def _has_null_return_path(mail: ParsedMail, return_path: str | None) -> bool:
    if return_path is not None:
        return return_path.strip().strip("<>").strip() == ""
    values = _header(mail, "return-path") or _header(mail, "x-envelope-from")
    return bool(values) and values[0].strip().strip("<>").strip() == ""


def _feedback_report(mail: ParsedMail, null_sender: bool) -> MachineVerdict | None:
    report = mail.is_multipart_report and mail.report_type == "feedback-report"
    if report or any(item.content_type in _FEEDBACK_TYPES for item in mail.attachments):
        return MachineVerdict("feedback_report", "abuse feedback report (ARF)")
    return None


def _delivery_report(mail: ParsedMail, null_sender: bool) -> MachineVerdict | None:
    reports = [item for item in mail.attachments if item.content_type in _DSN_TYPES]
    if not reports:
        return None
    failed: list[str] = []
    delayed: list[str] = []
    delivered: list[str] = []
    for report in reports:
        for recipient, action, status in _dsn_recipients(report.content):
            if action.startswith("failed") or (not action and status.startswith("5")):
                failed.append(recipient)
            elif action.startswith("delayed") or (not action and status.startswith("4")):
                delayed.append(recipient)
            elif action:
                delivered.append(recipient)
    if failed:
        return MachineVerdict("bounce", "delivery status notification: failed", _unique(failed))
    if delayed:
        reason = "delivery status notification: delayed"
        return MachineVerdict("delivery_delay", reason, _unique(delayed))
    if delivered:
        # A success notice (NOTIFY=SUCCESS or relayed) is still a machine: never answer it.
        return MachineVerdict("auto_reply", "delivery status notification: delivered")
    return MachineVerdict("bounce", "unreadable delivery status report", _recipients_in_text(mail))


def _dsn_recipients(content: bytes) -> list[tuple[str, str, str]]:
    """(recipient, action, status) for each per-recipient block of a delivery-status body."""
    text = content.decode("utf-8", errors="replace").replace("\r\n", "\n")
    text = re.sub(r"\n[ \t]+", " ", text)
    found: list[tuple[str, str, str]] = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            match = _DSN_FIELD.match(line.strip())
            if match:
                fields.setdefault(match.group(1).lower(), match.group(2).strip())
        # The address we sent to is the original recipient; the final one may be an alias.
        recipient = _dsn_address(fields.get("original-recipient")) or _dsn_address(
            fields.get("final-recipient")
        )
        if recipient:
            action = fields.get("action", "").lower()
            found.append((recipient, action, fields.get("status", "")))
    return found


def _dsn_address(value: str | None) -> str | None:
    if not value:
        return None
    address = value.split(";", 1)[1] if ";" in value else value
    return normalise_address(address)


def _bounce_without_report(mail: ParsedMail, null_sender: bool) -> MachineVerdict | None:
    failed_header = [
        address
        for value in _header(mail, "x-failed-recipients")
        for address in (normalise_address(token) for token in re.split(r"[,;\s]+", value))
        if address
    ]
    if failed_header:
        return MachineVerdict("bounce", "X-Failed-Recipients header", _unique(failed_header))
    subject = mail.subject
    from_daemon = _is_daemon(mail.from_address)
    if _DELAY_SUBJECT.match(subject) and (from_daemon or null_sender or _is_automatic(mail)):
        return MachineVerdict("delivery_delay", "delivery delay notice", _recipients_in_text(mail))
    if _BOUNCE_SUBJECT.match(subject):
        return MachineVerdict("bounce", "bounce subject", _recipients_in_text(mail))
    if mail.is_multipart_report and mail.report_type == "delivery-status":
        return MachineVerdict("bounce", "delivery status report", _recipients_in_text(mail))
    if from_daemon:
        return MachineVerdict("bounce", "sent by a mailer daemon", _recipients_in_text(mail))
    return None


def _is_daemon(address: str | None) -> bool:
    if not address:
        return False
    return address.split("@", 1)[0] in _DAEMON_LOCAL_PARTS


def _is_automatic(mail: ParsedMail) -> bool:
    values = _header(mail, "auto-submitted")
    return bool(values) and _first_token(values[0]) not in _NEGATIVE_VALUES


def _first_token(value: str) -> str:
    return re.split(r"[\s;(]", value.strip().lower(), maxsplit=1)[0]


def _recipients_in_text(mail: ParsedMail) -> tuple[str, ...]:
    """Failed addresses named in a free-form bounce: those that are not part of the envelope."""
    text = mail.text[:_NOTIFICATION_SCAN_CHARS]
    returned = _RETURNED_MESSAGE.search(text)
    if returned and returned.start() > 0:
        text = text[: returned.start()]
    text = _MAIL_FROM_COMMAND.sub(" ", text)
    known = {mail.from_address, *mail.to, *mail.cc, *mail.reply_to}
    found = []
    for match in _EMAIL.finditer(text):
        address = normalise_address(match.group(0))
        if address and address not in known and not _is_daemon(address):
            found.append(address)
    return _unique(found)


def _auto_reply(mail: ParsedMail) -> MachineVerdict | None:
    if _is_automatic(mail):
        value = _header(mail, "auto-submitted")[0]
        return MachineVerdict("auto_reply", f"Auto-Submitted: {_first_token(value)}")
    for name in _AUTO_REPLY_HEADERS:
        values = _header(mail, name)
        if values and _first_token(values[0]) not in _NEGATIVE_VALUES:
            return MachineVerdict("auto_reply", f"{name} header")
    if mail.is_multipart_report and mail.report_type == "disposition-notification":
        return MachineVerdict("auto_reply", "read receipt (disposition notification)")
    precedence = [_first_token(value) for value in _header(mail, "precedence")]
    if "auto_reply" in precedence:
        return MachineVerdict("auto_reply", "Precedence: auto_reply")
    if _AUTO_REPLY_SUBJECT.search(mail.subject):
        return MachineVerdict("auto_reply", "auto-reply subject")
    return None


def _bulk(mail: ParsedMail) -> MachineVerdict | None:
    for value in _header(mail, "precedence"):
        if _first_token(value) in _BULK_PRECEDENCE:
            return MachineVerdict("bulk", f"Precedence: {_first_token(value)}")
    for name in _LIST_HEADERS:
        if _header(mail, name):
            return MachineVerdict("bulk", f"{name} header")
    return None


def _null_sender(null_sender: bool) -> MachineVerdict | None:
    if null_sender:
        return MachineVerdict("auto_reply", "null return path")
    return None


def _unique(addresses: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(addresses))
