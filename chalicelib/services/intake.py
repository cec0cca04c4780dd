"""Opening a ticket: triage, store everything in one transaction, acknowledge, start the timer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..adapters.ports import AlreadyExists, Claim
from ..domain.access import Caller
from ..domain.ids import new_item_id, new_ticket_id
from ..domain.models import AuditEvent, Channel, Customer, Message, OutboxItem, Priority, Ticket
from ..domain.order_refs import order_id_in
from ..errors import Unprocessable, UpstreamError
from ..mail.compose import UnsendableMail
from ..mail.message_ids import message_key, new_outgoing_id
from . import messages, outbox, proactive, tickets
from .acknowledgements import acknowledgement, subject_of
from .context import Desk
from .messages import Said
from .schemas import NewTicket
from .sla_terms import initial_deadlines
from .tickets import excerpt
from .timer_work import armed

_IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600
_ID_ATTEMPTS = 4


@dataclass(frozen=True)
class Opened:
    ticket: Ticket
    replayed: bool  # True when an earlier request with the same idempotency key made it
    acknowledged: bool = False
    folded: bool = False  # the message joined the customer's proactive (delay notice) ticket


@dataclass(frozen=True)
class Intake:
    """What any channel hands over: the API request, or a parsed email."""

    customer_email: str
    customer_name: str
    subject: str
    body: str
    channel: str
    actor: str
    order_id: str | None = None
    sku: str | None = None
    language: str | None = None
    full_body: str | None = None
    email_message_id: str | None = None
    linked_ticket_id: str | None = None
    attachments: tuple[dict[str, Any], ...] = ()
    ticket_id: str | None = None  # pre-assigned when attachments were stored under it first
    references: tuple[str, ...] = ()  # the customer's thread, so our acknowledgement joins it
    cc: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    raw_key: str | None = None
    acknowledge: bool = True

    def said(self) -> Said:
        """The first message, written down like any other (services/messages.py)."""
        return Said(author=self.customer_email, body=self.body, channel=self.channel, subject=self.subject,
                    full_body=self.full_body, email_message_id=self.email_message_id,
                    attachments=self.attachments, cc=self.cc, flags=self.flags, problems=self.problems,
                    raw_key=self.raw_key)


def open_from_api(desk: Desk, request: NewTicket, caller: Caller, idempotency_key: str | None) -> Opened:
    intake = Intake(
        customer_email=request.customer.email,
        customer_name=request.customer.name,
        subject=request.subject,
        body=request.body,
        channel=request.channel,
        actor=caller.principal,
        order_id=request.order_id,
        sku=request.sku,
        language=request.language,
    )
    claims: tuple[Claim, ...] = ()
    if idempotency_key:
        expires = int(desk.now().timestamp()) + _IDEMPOTENCY_TTL_SECONDS
        claims = (_idempotency_claim(caller, idempotency_key, request, expires),)
    target = proactive.folding_ticket(desk, request.customer.email, request.order_id, request.subject, request.body)
    if target is not None:
        return _fold(desk, target, intake, claims)
    return open_ticket(desk, intake, claims)


def _fold(desk: Desk, target: Ticket, intake: Intake, claims: tuple[Claim, ...]) -> Opened:
    """The message joins the proactive ticket (with the request's claims, so a retry replays it)."""
    bound = Claim.bind(claims, ticket_id=target.id)

    def mutate(current: Ticket) -> tickets.Change:
        message = messages.message(current.id, intake.said(), desk.now())
        change = tickets.customer_message_change(desk, current, message, intake.actor)
        change.claims = list(bound)
        return change

    try:
        applied = tickets.apply(desk, target.id, mutate, loaded=target)
    except AlreadyExists as taken:
        return Opened(_replay(desk, taken.taken_among(claims)), replayed=True)
    return Opened(applied.ticket, replayed=False, folded=True)


def open_ticket(
    desk: Desk,
    intake: Intake,
    claims: tuple[Claim, ...] = (),
    thread_keys: tuple[str, ...] = (),
    ack_times: list[str] | None = None,
) -> Opened:
    """Store the ticket (once per claim) with its acknowledgement and SLA timer as outbox work,
    then carry that work out. `thread_keys` (Message-IDs, see `mail.message_ids`) now lead to the
    new ticket; `ack_times` replace the sender's recent acknowledgement times."""
    now = desk.now()
    for _ in range(_ID_ATTEMPTS):
        ticket, customer, message, event = _build(desk, intake, now)
        ticket, timer_input = armed(desk, ticket)
        work, notes = _promised_work(desk, intake, ticket, now, timer_input)
        # Each claim remembers which ticket it produced, so a replay can hand that one back.
        bound = Claim.bind(claims, ticket_id=ticket.id)
        bound += (_outgoing_mapping(ticket),)
        try:
            desk.store.tickets.create(ticket, customer, message, event, claims=bound, thread_keys=thread_keys,
                                      ack_times=ack_times, outbox=work, events=notes)
        except AlreadyExists as taken:
            if _our_own_write(desk, ticket):
                break  # botocore retried a transaction that had in fact committed
            if "ticket" in taken.reasons and len(taken.reasons) == 1:
                if intake.ticket_id:
                    raise UpstreamError("ticket number already taken; retry") from taken
                continue  # two tickets in the same second drew the same random part
            return Opened(_replay(desk, taken.taken_among(claims)), replayed=True)
        break
    else:
        raise UpstreamError("could not allocate a ticket number; retry")
    delivered = outbox.deliver(desk, work)
    acknowledged = any(w.purpose == "acknowledgement" and w.id in delivered for w in work)
    return Opened(ticket, replayed=False, acknowledged=acknowledged)


def _promised_work(desk: Desk, intake: Intake, ticket: Ticket, now: datetime,
                   timer_input: dict[str, Any]) -> tuple[tuple[OutboxItem, ...], tuple[AuditEvent, ...]]:
    """The acknowledgement (unless withheld) and the SLA timer; an acknowledgement that cannot be
    written is noted on the ticket instead of failing the intake."""
    work: list[OutboxItem] = []
    notes: list[AuditEvent] = []
    if intake.acknowledge:
        try:
            work.append(acknowledgement(desk, ticket, intake.body, intake.email_message_id, intake.references))
        except UnsendableMail as error:
            notes.append(AuditEvent(id=new_item_id(now), ticket_id=ticket.id, at=now, actor="system:mail",
                                    action="email.not_sent",
                                    detail={"purpose": "acknowledgement", "error": str(error)[:500]}))
    work.append(outbox.timer(desk, ticket.id, ticket.timer_name or ticket.id, timer_input))
    return tuple(work), tuple(notes)


def _our_own_write(desk: Desk, ticket: Ticket) -> bool:
    stored = desk.store.tickets.get(ticket.id)
    return stored is not None and stored.created_at == ticket.created_at \
        and stored.customer_email == ticket.customer_email and stored.ack_message_id == ticket.ack_message_id


def _build(desk: Desk, intake: Intake, now: datetime) -> tuple[Ticket, Customer, Message, AuditEvent]:
    # Triage (its rules, and its model on first use) loads with the first new ticket, not on
    # every cold start: most requests read or answer tickets.
    from ..domain.triage import triage

    verdict = triage(intake.subject, intake.body)
    language = (intake.language or verdict.language or "en").lower()
    ticket_id = intake.ticket_id or new_ticket_id(now)
    ticket = Ticket(
        id=ticket_id,
        category=verdict.category,
        priority=Priority(verdict.priority),
        language=language,
        confidence=round(verdict.confidence, 4),
        needs_review=verdict.needs_review,
        channel=Channel(intake.channel),
        subject=intake.subject,
        customer_email=intake.customer_email,
        customer_name=intake.customer_name,
        # The request's order, else one the customer wrote ("order 1001", "#A-2042").
        order_id=intake.order_id or order_id_in(intake.subject, intake.body),
        sku=intake.sku,
        latest_customer_words=excerpt(intake.body),
        created_at=now,
        updated_at=now,
        sla=initial_deadlines(desk.settings, verdict.priority, now),
        linked_ticket_id=intake.linked_ticket_id,
        ack_message_id=new_outgoing_id(ticket_id, "ack", now, desk.settings.support_domain),
        timer_name=ticket_id,
        cc=list(intake.cc),
        last_inbound_message_id=intake.email_message_id,
        references=[*intake.references, *([intake.email_message_id] if intake.email_message_id else [])][-20:],
    )
    # The thread the customer sees starts with their own mail, or with our acknowledgement.
    thread_subject = intake.subject if intake.email_message_id else subject_of(desk, ticket)
    if f"[#{ticket_id}]" not in thread_subject:
        thread_subject = f"[#{ticket_id}] {thread_subject}"
    ticket = ticket.model_copy(update={"thread_subject": thread_subject})
    customer = Customer(
        email=intake.customer_email, name=intake.customer_name, language=language, created_at=now
    )
    message = messages.message(ticket_id, intake.said(), now, via="new" if intake.channel == "email" else None)
    event = AuditEvent(
        id=new_item_id(now),
        ticket_id=ticket_id,
        at=now,
        actor=intake.actor,
        action="ticket.created",
        after={
            "status": ticket.status,
            "tier": ticket.tier,
            "category": ticket.category,
            "priority": ticket.priority,
            "language": ticket.language,
        },
        detail={"channel": intake.channel, "triage": {"confidence": ticket.confidence,
                                                      "needs_review": ticket.needs_review,
                                                      "reasons": list(verdict.reasons)}},
    )
    return ticket, customer, message, event


def _outgoing_mapping(ticket: Ticket) -> Claim:
    """Our own Message-ID of the acknowledgement, so replies that quote it thread home."""
    assert ticket.ack_message_id
    return Claim("message_id", message_key(ticket.ack_message_id), {"ticket_id": ticket.id})


def _idempotency_claim(caller: Caller, key: str, request: NewTicket, expires: int) -> Claim:
    if not 1 <= len(key) <= 200:
        raise Unprocessable("Idempotency-Key must be 1 to 200 characters", code="bad_idempotency_key")
    scope = hashlib.sha256(f"{caller.key_id}\n{key}".encode()).hexdigest()
    fingerprint = hashlib.sha256(
        json.dumps(request.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    return Claim("idempotency", scope, {"request_hash": fingerprint}, ttl=expires)


def _replay(desk: Desk, claim: Claim | None) -> Ticket:
    """Another delivery of the same request got there first: hand back its ticket."""
    if claim is None:
        raise UpstreamError("the ticket could not be stored (a conflicting write); retry")
    stored = desk.store.claims.find(claim)
    if stored is None or "ticket_id" not in stored:
        raise UpstreamError("a concurrent request with the same key is still being stored; retry")
    if "request_hash" in claim.attributes and stored.get("request_hash") != claim.attributes["request_hash"]:
        raise Unprocessable(
            "this Idempotency-Key was already used for a different request; use a new key",
            code="idempotency_key_reused",
        )
    ticket = desk.store.tickets.get(str(stored["ticket_id"]))
    if ticket is None:
        raise UpstreamError("the ticket for this request is not readable yet; retry")
    return ticket
