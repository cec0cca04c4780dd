"""Inbound email: exactly once, threaded, loop-safe.

Every delivery ends as a new ticket, a message on a ticket, or a quarantined item with a
reason. Claims on the SES id and on the content fingerprint are written in the same
transaction as the outcome, so any number of replays, in parallel or not, change nothing more.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ..adapters.ports import AlreadyExists, Claim, SenderProfile
from ..domain.clock import iso, parse_iso
from ..domain.ids import new_item_id, new_ticket_id
from ..domain.models import Attachment, Channel, QuarantinedMail, Status, Ticket
from ..errors import Conflict, Unprocessable
from ..mail import threads
from ..mail.autoreply import MachineVerdict, classify_machine_mail
from ..mail.message_ids import is_ses_key, message_key, normalise
from ..mail.parse import ParsedMail, parse_message
from ..mail.ses_event import Delivery
from . import messages, proactive, tickets
from .context import Desk
from .intake import Intake, open_ticket
from .messages import Said

log = logging.getLogger(__name__)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_MESSAGE_ATTACHMENT_BYTES = 25 * 1024 * 1024
MAX_ATTACHMENTS = 20
# A message item holds both texts and must stay under DynamoDB's 400 KB (bytes, not characters);
# the raw message in S3 keeps everything.
_NEW_TEXT_BYTES = 100_000
_FULL_TEXT_BYTES = 150_000
CLIPPED_NOTE = "\n\n[… shortened here; the whole message is kept in the raw email]"


def clip(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[: limit - len(CLIPPED_NOTE.encode())].decode("utf-8", "ignore") + CLIPPED_NOTE
_MACHINE_TEXT_BYTES = 20_000


def _said(mail: ParsedMail, delivery: Delivery, author: str, limit: int = _NEW_TEXT_BYTES,
          **details: Any) -> Said:
    """A received email as a message: the new text (clipped to what an item holds), the whole text,
    and where the raw message is kept."""
    return Said(author=author, channel=Channel.EMAIL, subject=mail.subject,
                body=clip(mail.new_text or mail.text or messages.EMPTY, limit),
                full_body=clip(mail.text, _FULL_TEXT_BYTES) if not details.get("automatic") else None,
                email_message_id=normalise(mail.message_id) if mail.message_id else None,
                raw_key=delivery.key, **details)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Outcome:
    kind: str  # ticket | message | quarantined | duplicate
    ticket_id: str | None = None
    reason: str = ""
    acknowledged: bool = False
    quarantine_id: str | None = None


_CONFLICT_ROUNDS = 3


def process(desk: Desk, delivery: Delivery, release_of: str | None = None) -> Outcome:
    """Handle one SES delivery. `release_of` re-runs a quarantined message an agent let through.
    A ticket too busy to take the message (a storm of replies) is tried again here rather than
    failing the invocation: the claims make a second round safe."""
    for _ in range(_CONFLICT_ROUNDS - 1):
        try:
            return _process(desk, delivery, release_of)
        except Conflict as busy:
            if busy.code != "version_conflict":
                raise
            log.warning("ticket busy; taking the message again", extra={"ses_message_id": delivery.ses_message_id})
    return _process(desk, delivery, release_of)


def _process(desk: Desk, delivery: Delivery, release_of: str | None = None) -> Outcome:
    raw = desk.blobs.get(delivery.bucket, delivery.key)
    mail = parse_message(raw)
    content = threads.fingerprint(
        mail.from_address or "", mail.subject, ",".join(mail.headers.get("date", [])), mail.text,
        (hashlib.sha256(a.content).hexdigest() for a in mail.attachments),
    )
    if release_of:
        claims: tuple[Claim, ...] = (Claim("inbound_release", release_of),)
    else:
        claims = (
            Claim("inbound_ses", delivery.ses_message_id, {"raw_key": delivery.key}),
            Claim("inbound_content", content, {"raw_key": delivery.key}),
        )
    context = _lookups(desk, delivery, mail, claims)
    if context.duplicate:
        return Outcome("duplicate", reason="already processed")
    try:
        return _route(desk, delivery, mail, claims, context, forced=release_of is not None)
    except AlreadyExists:
        return Outcome("duplicate", reason="processed in parallel by another delivery")


@dataclass
class _Context:
    duplicate: bool
    known: dict[str, str]  # threading key -> ticket id
    ordered_keys: list[str]
    in_reply_to_keys: list[str]
    plus_ticket: str | None
    plus_valid: bool
    token_ticket: str | None
    profile: SenderProfile | None
    tickets: dict[str, Ticket]


def is_ours(address: str, support_address: str) -> bool:
    """The support address itself or one of its plus-addresses: never a customer or a CC."""
    mailbox, _, domain = support_address.lower().partition("@")
    local, _, their_domain = address.lower().partition("@")
    return their_domain == domain and (local == mailbox or local.startswith(mailbox + "+"))


def _recipients(delivery: Delivery, mail: ParsedMail) -> list[str]:
    return list(dict.fromkeys([*delivery.recipients, *mail.to, *mail.cc]))


def _lookups(desk: Desk, delivery: Delivery, mail: ParsedMail, claims: tuple[Claim, ...]) -> _Context:
    """Everything threading needs, in one read."""
    secret = desk.settings.reply_signing_secret
    plus_ticket, plus_valid = threads.plus_address(_recipients(delivery, mail), secret)
    in_reply_to_keys = threads.reference_keys(mail.in_reply_to, [])
    ordered = threads.reference_keys(mail.in_reply_to, mail.references)
    token_ticket = threads.subject_ticket(mail.subject)
    named = [t for t in dict.fromkeys((plus_ticket, token_ticket)) if t is not None]
    found = desk.store.inbound.lookup(claims, ordered, named, mail.from_address)
    return _Context(bool(found.taken), found.threads, ordered, in_reply_to_keys, plus_ticket, plus_valid,
                    token_ticket, found.sender, found.tickets)


def _route(desk: Desk, delivery: Delivery, mail: ParsedMail, claims: tuple[Claim, ...],
           context: _Context, forced: bool) -> Outcome:
    if not forced:
        if delivery.verdict("virus") == "FAIL":
            return _quarantine(desk, delivery, mail, claims, "virus", "SES found a virus")
        if delivery.verdict("spam") == "FAIL":
            return _quarantine(desk, delivery, mail, claims, "spam", "SES marked the message as spam")
    machine = None if forced else classify_machine_mail(mail, delivery.source)
    thread = _thread(context, mail, delivery)
    if thread.via == "forged_address" and not forced:
        return _quarantine(desk, delivery, mail, claims, "forged_address",
                           f"reply address for {context.plus_ticket} has a wrong signature")
    if machine is not None:
        return _machine_mail(desk, delivery, mail, claims, machine, thread, context)
    if thread.ticket_id:
        ticket = context.tickets.get(thread.ticket_id) or desk.store.tickets.get(thread.ticket_id)
        if ticket is not None and ticket.status != Status.CLOSED:
            return _append(desk, delivery, mail, claims, ticket, thread.via)
        if ticket is not None:
            return _new_ticket(desk, delivery, mail, claims, context, linked=ticket.id)
    if not mail.from_address and forced:
        # An agent let it through: answer whoever the message can be answered to.
        fallback = next(iter(mail.reply_to), None) or (delivery.source or None)
        if not fallback:
            raise Unprocessable("this message has no sender address to open a ticket for",
                                code="no_sender")
        mail = replace(mail, from_address=fallback.lower())
    if mail.from_address and not forced:
        folded = proactive.folding_ticket(desk, mail.from_address, None, mail.subject, mail.new_text or mail.text)
        if folded is not None:  # "where is my order?" after a delay notice: on that case
            return _append(desk, delivery, mail, claims, folded, "proactive")
    return _new_ticket(desk, delivery, mail, claims, context)


def _thread(context: _Context, mail: ParsedMail, delivery: Delivery) -> threads.Thread:
    token_trusted = False
    token_ticket = context.tickets.get(context.token_ticket or "")
    if token_ticket is not None and mail.from_address and delivery.verdict("dmarc") != "FAIL":
        trusted = {token_ticket.customer_email.lower(), *token_ticket.cc}
        token_trusted = mail.from_address.lower() in trusted
    return threads.choose_thread(
        plus_ticket=context.plus_ticket,
        plus_valid=context.plus_valid,
        in_reply_to_keys=context.in_reply_to_keys,
        known_keys=context.known,
        ordered_keys=context.ordered_keys,
        token_ticket=context.token_ticket,
        token_trusted=token_trusted,
    )


def _flags(delivery: Delivery) -> list[str]:
    return ["dmarc_fail"] if delivery.verdict("dmarc") == "FAIL" else []


def _store_attachments(desk: Desk, ticket_id: str, message_id: str,
                       mail: ParsedMail) -> tuple[list[Attachment], list[str]]:
    """Attachments go to S3 under the ticket; one that is too big is named, never fatal."""
    stored: list[Attachment] = []
    problems: list[str] = []
    total = 0
    blobs = desk.blobs
    for index, part in enumerate(mail.attachments):
        if index >= MAX_ATTACHMENTS:
            problems.append(f"{len(mail.attachments) - MAX_ATTACHMENTS} more attachments not kept "
                            f"(at most {MAX_ATTACHMENTS} per message; all are in the raw message)")
            break
        if part.size > MAX_ATTACHMENT_BYTES:
            problems.append(f"{part.filename}: {part.size} bytes is over the "
                            f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB limit per attachment")
            continue
        if total + part.size > MAX_MESSAGE_ATTACHMENT_BYTES:
            problems.append(f"{part.filename}: over the {MAX_MESSAGE_ATTACHMENT_BYTES // (1024 * 1024)} MB "
                            "limit per message")
            continue
        total += part.size
        safe = _SAFE_NAME.sub("_", part.filename).strip("._")[:100] or f"attachment-{index}"
        key = f"tickets/{ticket_id}/attachments/{message_id}/{index:02d}-{safe}"
        blobs.put(desk.settings.attachments_bucket, key, part.content, part.content_type or "application/octet-stream",
                  {"original-name": part.filename.encode("ascii", "replace").decode()[:200]})
        stored.append(Attachment(filename=part.filename, content_type=part.content_type, size=part.size,
                                 key=key, inline=part.inline))
    return stored, problems


def _thread_keys(mail: ParsedMail) -> tuple[str, ...]:
    """The customer's own Message-ID, so mail that answers it threads home."""
    return (message_key(mail.message_id),) if mail.message_id else ()


def _new_ticket(desk: Desk, delivery: Delivery, mail: ParsedMail, claims: tuple[Claim, ...],
                context: _Context, linked: str | None = None) -> Outcome:
    if not mail.from_address:
        return _quarantine(desk, delivery, mail, claims, "no_sender", "the message has no From address to answer")
    now = desk.now()
    ticket_id = new_ticket_id(now)
    message_id = new_item_id(now)
    attachments, problems = _store_attachments(desk, ticket_id, message_id, mail)
    profile = context.profile or SenderProfile(email=mail.from_address)
    recent = _recent_acks(profile, now)
    flags = _flags(delivery)
    allow_ack = (not profile.bouncing and "dmarc_fail" not in flags
                 and len(recent) < desk.settings.ack_limit_per_hour)
    intake = Intake(
        customer_email=mail.from_address,
        customer_name=mail.from_name,
        subject=mail.subject or "(no subject)",
        body=clip(mail.new_text or mail.text or "(empty message)", _NEW_TEXT_BYTES),
        full_body=clip(mail.text, _FULL_TEXT_BYTES),
        channel="email",
        actor=f"customer:{mail.from_address}",
        email_message_id=normalise(mail.message_id) if mail.message_id else None,
        references=tuple(normalise(r) for r in mail.references[-10:]),
        linked_ticket_id=linked,
        attachments=tuple(a.model_dump() for a in attachments),
        ticket_id=ticket_id,
        cc=tuple(a for a in mail.cc if not is_ours(a, desk.settings.support_address))[:10],
        flags=tuple(flags),
        problems=tuple(problems),
        raw_key=delivery.key,
        acknowledge=allow_ack,
    )
    ack_times = [*recent, iso(now)] if allow_ack else None
    opened = open_ticket(desk, intake, claims, _thread_keys(mail), ack_times)
    if not allow_ack:
        log.info("acknowledgement withheld", extra={"ticket_id": opened.ticket.id,
                                                    "why": "bouncing" if profile.bouncing else
                                                    "dmarc" if flags else "rate limit"})
    return Outcome("ticket", opened.ticket.id, reason="linked to closed ticket" if linked else "new",
                   acknowledged=opened.acknowledged)


def _recent_acks(profile: SenderProfile, now: datetime) -> list[str]:
    window = now - timedelta(hours=1)
    return [t for t in profile.ack_times if parse_iso(t) > window]


def _append(desk: Desk, delivery: Delivery, mail: ParsedMail, claims: tuple[Claim, ...],
            ticket: Ticket, via: str) -> Outcome:
    now = desk.now()
    message_id = new_item_id(now)
    attachments, problems = _store_attachments(desk, ticket.id, message_id, mail)
    sender = (mail.from_address or "").lower()
    bound = Claim.bind(claims, ticket_id=ticket.id)

    def mutate(current: Ticket) -> tickets.Change:
        message = messages.message(current.id, _said(mail, delivery, sender or "unknown", attachments=tuple(attachments),
                                                     cc=tuple(mail.cc[:10]), flags=tuple(_flags(delivery)),
                                                     problems=tuple(problems)),
                                   now, message_id=message_id, via=via)
        change = tickets.customer_message_change(desk, current, message, f"customer:{sender}")
        known = {current.customer_email.lower(), *current.cc}
        new_cc = [a for a in [sender, *mail.cc]
                  if a and a not in known and not is_ours(a, desk.settings.support_address)][:10]
        updates: dict[str, Any] = {"cc": [*current.cc, *new_cc][:20]}
        if mail.message_id:
            updates["last_inbound_message_id"] = normalise(mail.message_id)
            updates["references"] = [*current.references, normalise(mail.message_id)][-20:]
        change.ticket = change.ticket.model_copy(update=updates)
        change.claims = list(bound)
        return change

    updated = tickets.change(desk, ticket.id, mutate, thread_keys=_thread_keys(mail), loaded=ticket)
    return Outcome("message", updated.id, reason=f"threaded by {via}")


def _machine_mail(desk: Desk, delivery: Delivery, mail: ParsedMail, claims: tuple[Claim, ...],
                  machine: MachineVerdict, thread: threads.Thread, context: _Context) -> Outcome:
    """Never answered and never moves a ticket: kept on its ticket, or quarantined with the reason.
    A bounce marks an address only when it reports on mail we sent (it names one of our Message-IDs)
    and only an address of that ticket: anyone can write an X-Failed-Recipients header."""
    ours = _ticket_of_our_mail(desk, mail, machine, context)
    ticket_id = ours or thread.ticket_id
    if ticket_id is None:
        return _quarantine(desk, delivery, mail, claims, machine.kind,
                           f"{machine.reason}; not related to any ticket")
    now = desk.now()
    ticket = context.tickets.get(ticket_id) or desk.store.tickets.get(ticket_id)
    if ticket is None:
        return _quarantine(desk, delivery, mail, claims, machine.kind, f"{machine.reason}; ticket {ticket_id} is gone")
    bounced: list[str] = []
    if machine.kind == "bounce" and ours:
        on_ticket = {ticket.customer_email.lower(), *(a.lower() for a in ticket.cc)}
        bounced = [a for a in machine.bounced_recipients if a.lower() in on_ticket]
    for address in bounced:
        desk.store.customers.mark_bouncing(address, machine.reason[:500], now)
    message = messages.message(ticket_id, _said(mail, delivery, mail.from_address or "mailer-daemon",
                                                limit=_MACHINE_TEXT_BYTES, automatic=machine.kind),
                               now, via=thread.via if thread.ticket_id else "bounce")
    event = tickets.audit(desk, ticket, "system:mail", f"mail.{machine.kind}",
                          detail={"reason": machine.reason, "bounced": bounced,
                                  "reported": list(machine.bounced_recipients)[:20],
                                  "about_our_mail": bool(ours)})
    bound = Claim.bind(claims, ticket_id=ticket_id)
    desk.store.tickets.attach(message, event, bound)
    if ticket.customer_email.lower() in bounced:
        tickets.change(desk, ticket_id, lambda t: tickets.Change(t.model_copy(update={"customer_bouncing": True})))
    return Outcome("message", ticket_id, reason=f"{machine.kind}: {machine.reason}")


def _sent_by_us(key: str, support_domain: str) -> bool:
    """SES's id for mail we sent, or one of our own Message-IDs (ours end in the support domain)."""
    return is_ses_key(key) or key.endswith("@" + support_domain.lower())


def _ticket_of_our_mail(desk: Desk, mail: ParsedMail, machine: MachineVerdict, context: _Context) -> str | None:
    """The ticket of the mail we sent that this report is about: named in its In-Reply-To or
    References, or in the headers it returns (a bounce quotes the message that failed)."""
    domain = desk.settings.support_domain
    for key in context.ordered_keys:
        if key in context.known and _sent_by_us(key, domain):
            return context.known[key]
    if machine.kind not in {"bounce", "delivery_delay"}:
        return None
    ids: list[str] = []
    for part in mail.attachments:
        if part.content_type in {"message/rfc822", "text/rfc822-headers", "message/rfc822-headers"}:
            returned = parse_message(part.content)
            ids += [*returned.references, *([returned.message_id] if returned.message_id else [])]
    ids += re.findall(r"<([^<>\s]+@[^<>\s]+)>", mail.text)[:20]
    keys = [k for k in threads.reference_keys([], ids) if _sent_by_us(k, domain)]
    if not keys:
        return None
    found = desk.store.inbound.threads(keys)
    return next((found[key] for key in keys if key in found), None)


def _quarantine(desk: Desk, delivery: Delivery, mail: ParsedMail, claims: tuple[Claim, ...],
                kind: str, reason: str) -> Outcome:
    now = desk.now()
    item = QuarantinedMail(
        id=f"Q-{new_item_id(now)}", kind=kind, reason=reason, sender=mail.from_address,
        subject=mail.subject[:300], message_id=mail.message_id, raw_bucket=delivery.bucket,
        raw_key=delivery.key, ses_message_id=delivery.ses_message_id, recipients=delivery.recipients[:20],
        received_at=now, envelope_sender=delivery.source or None,
    )
    bound = Claim.bind(claims, quarantine_id=item.id)
    desk.store.quarantine.hold(item, bound)
    return Outcome("quarantined", reason=f"{kind}: {reason}", quarantine_id=item.id)
