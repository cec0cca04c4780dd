"""Proactive delay notices: the scan, the notice, and the delivery that settles it.

The scan (an EventBridge schedule) reads only the shipments the due-date index holds at or
before now minus the grace period. Each notice is sent once per shipment and stage: a
`shipment_notice` claim is written in the same transaction as the ticket (or the message on it)
and the email as outbox work, so two scans at the same moment write one notice, and a scan that
died halfway is finished by the next (the claim remembers the ticket and the remedy planned).
The remedy is the one the delay policy names, granted through the remedy rules at tier-1
authority, recorded and published like any other; above that authority the notice goes without
one and the ticket says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ..adapters.ports import AlreadyExists, Claim
from ..domain import sla
from ..domain.ids import new_item_id, new_ticket_id
from ..domain.models import (
    AuditEvent,
    Channel,
    Customer,
    Direction,
    OutboxItem,
    Priority,
    Remedy,
    Status,
    Ticket,
)
from ..domain.remedies import RemedyRequest, evaluate
from ..domain.shipping import DelayPolicy, Notice, Shipment, due_stage, next_watch
from ..errors import Conflict, DeskError, UpstreamError
from ..mail.compose import Envelope, UnsendableMail
from ..mail.message_ids import message_key, new_outgoing_id
from ..mail.render import RenderedMail
from . import messages, outbox, remedies, tickets
from .context import Desk
from .delay_mail import as_outbox, delivered_mail, envelope, notice_mail
from .messages import Said
from .sla_terms import record_of

log = logging.getLogger(__name__)
ACTOR = "system:delay-notice"
_MARK_ATTEMPTS = 10


@lru_cache(maxsize=4)
def _policy(raw: str) -> DelayPolicy:
    return DelayPolicy.from_config(json.loads(raw))


def policy_for(desk: Desk) -> DelayPolicy:
    return _policy(json.dumps(desk.settings.delay_policy, sort_keys=True))


def scan(desk: Desk, limit: int = 200, budget_seconds: float = 20.0) -> dict[str, Any]:
    started = time.monotonic()
    now = desk.now()
    policy = policy_for(desk)
    cutoff = now - policy.grace
    due = desk.store.shipments.due(cutoff, limit, cutoff - policy.lookback)
    sent: list[str] = []
    already: list[str] = []
    failed: list[str] = []
    for shipment in due:
        if time.monotonic() - started > budget_seconds:
            break
        stage = due_stage(shipment, now, policy)
        if stage is None:
            _reindex(desk, shipment, policy)  # indexed under an older policy: move it, read it no more
            continue
        try:
            outcome = notify(desk, shipment, stage)
        except DeskError:
            # One parcel's trouble never stops the others; it stays due, so the next scan retries.
            log.exception("delay notice failed", extra={"shipment_id": shipment.id, "stage": stage})
            failed.append(f"{shipment.id}:{stage}")
            continue
        (sent if outcome == "sent" else already).append(f"{shipment.id}:{stage}")
    return {"shipments_due": len(due), "notices_sent": sent, "notices_already_sent": already,
            "notices_failed": failed}


def notify(desk: Desk, shipment: Shipment, stage: str) -> str:
    """Tell the customer, once for this shipment and stage: "sent", or "already" when another scan
    (or an earlier run of this one) did; either way the shipment records the notice."""
    now = desk.now()
    plan = _remedy_plan(desk, shipment, stage, now)
    ticket = _open_proactive(desk, shipment)
    ticket_id = ticket.id if ticket else new_ticket_id(now)
    claim = Claim("shipment_notice", f"{shipment.id}:{stage}", {"ticket_id": ticket_id, "remedy": plan})
    try:
        if ticket is not None:
            _notice_on(desk, ticket, shipment, stage, claim)
        else:
            _notice_opening(desk, ticket_id, shipment, stage, claim)
        outcome = "sent"
    except AlreadyExists as taken:
        if claim.label not in taken.reasons:
            raise UpstreamError("a ticket number was drawn twice; the next scan tries again") from taken
        stored = desk.store.claims.find(claim)
        if stored is None:
            raise UpstreamError("the notice is being written by another scan; the next scan checks it") from taken
        ticket_id, plan, outcome = str(stored["ticket_id"]), stored.get("remedy"), "already"
    remedy_id = _grant(desk, ticket_id, shipment, stage, plan)
    _mark(desk, shipment.id, Notice(stage=stage, at=now, ticket_id=ticket_id, remedy_id=remedy_id))
    return outcome


def _open_proactive(desk: Desk, shipment: Shipment) -> Ticket | None:
    if not shipment.proactive_ticket_id:
        return None
    ticket = desk.store.tickets.get(shipment.proactive_ticket_id)
    return ticket if ticket is not None and ticket.status != Status.CLOSED else None


def _remedy_plan(desk: Desk, shipment: Shipment, stage: str, now: datetime) -> dict[str, Any] | None:
    """The remedy the policy names for this stage, if tier-1 authority covers it."""
    wanted = policy_for(desk).remedy_for(stage, shipment.exception)
    if not wanted.get("type"):
        return None
    currency = str(wanted.get("currency") or remedies.policy_for(desk).currency)
    try:
        amount, percent = Decimal(str(wanted.get("amount", 0))), Decimal(str(wanted.get("percent", 0)))
    except InvalidOperation:
        log.error("delay policy remedy is not a number", extra={"stage": stage})
        return None
    verdict = evaluate(RemedyRequest(type=str(wanted["type"]), amount=amount, percent=percent, currency=currency),
                       1, remedies.policy_for(desk), now)
    if not verdict.allowed or verdict.approval_tier:
        return {"withheld": verdict.reason or "above tier-1 authority"}
    digest = hashlib.sha256(f"{desk.settings.reply_signing_secret}:{shipment.id}:{stage}".encode()).hexdigest()
    return {"id": f"R-{new_item_id(now)}", "type": str(wanted["type"]), "amount": str(amount),
            "percent": str(percent), "currency": currency,
            "code": f"SORRY-{digest[:10].upper()}" if wanted["type"] == "discount" else None}


def _planned_remedy(ticket_id: str, shipment: Shipment, stage: str, plan: dict[str, Any] | None,
                    now: datetime) -> Remedy | None:
    if not plan or "type" not in plan:
        return None
    offer = "offered in the delay notice: reship by express when the customer says yes" \
        if plan["type"] == "expedited_reshipment" else f"delay notice ({stage.replace('_', ' ')})"
    return Remedy(id=plan["id"], ticket_id=ticket_id, type=plan["type"], status="granted", amount=plan["amount"],
                  percent=plan["percent"], currency=plan["currency"], reason=offer, order_id=shipment.order_id,
                  sku=next((i.sku for i in shipment.items if i.sku), None), requested_by=ACTOR, requested_at=now,
                  decided_by=ACTOR, decided_at=now, code=plan.get("code"),
                  checks=[f"delay policy, stage {stage}", "within tier-1 authority"])


def _notice_event(desk: Desk, ticket: Ticket, shipment: Shipment, stage: str, claim: Claim) -> AuditEvent:
    plan = claim.attributes.get("remedy") or {}
    return tickets.audit(desk, ticket, ACTOR, "shipment.delay_notice", detail={
        "shipment_id": shipment.id, "stage": stage, "exception": shipment.exception,
        "carrier": shipment.carrier, "tracking_number": shipment.tracking_number,
        "remedy": plan.get("type"), "remedy_withheld": plan.get("withheld"),
    })


def _message(ticket_id: str, subject: str, text: str, message_id: str, now: datetime) -> Any:
    return messages.message(ticket_id, Said(author=ACTOR, body=text, channel=Channel.EMAIL.value,
                                            direction=Direction.SYSTEM.value, subject=subject,
                                            email_message_id=message_id), now)


def _mail_work(desk: Desk, ticket_id: str, purpose: str, mail: RenderedMail, env: Envelope,
               bouncing: bool) -> tuple[list[OutboxItem], list[AuditEvent]]:
    """The email as outbox work; or, for an address that bounces or that SES cannot write to, no
    email and an audit event saying why (the ticket still tells the agents)."""
    now = desk.now()
    why = "the address bounces" if bouncing else ""
    if not why:
        try:
            return [as_outbox(desk, ticket_id, purpose, mail, env)], []
        except UnsendableMail as error:
            why = str(error)
    return [], [AuditEvent(id=new_item_id(now), ticket_id=ticket_id, at=now, actor="system:mail",
                           action="email.not_sent", detail={"purpose": purpose, "error": why[:500]})]


def _bouncing(desk: Desk, email: str) -> bool:
    profile = desk.store.customers.profile(email)
    return bool(profile and profile.bouncing)


def _notice_opening(desk: Desk, ticket_id: str, shipment: Shipment, stage: str, claim: Claim) -> None:
    """A new proactive ticket whose first message is our notice: waiting on the customer, its
    first response given."""
    now = desk.now()
    assert shipment.customer_email
    priority = Priority.HIGH if shipment.exception in {"lost", "damaged"} else Priority.NORMAL
    remedy = _planned_remedy(ticket_id, shipment, stage, claim.attributes.get("remedy"), now)
    mail = notice_mail(desk, shipment, stage, ticket_id, remedy)
    message_id = new_outgoing_id(ticket_id, f"delay-{stage.replace('_', '-')}", now, desk.settings.support_domain)
    state = sla.pause(sla.agent_replied(sla.SlaState(started_at=now, priority=priority.value), now), now)
    ticket = Ticket(
        id=ticket_id, status=Status.PENDING, category="shipping_problem", priority=priority,
        language=shipment.language, channel=Channel.PROACTIVE, subject=mail.subject,
        customer_email=shipment.customer_email, customer_name=shipment.customer_name, order_id=shipment.order_id,
        sku=next((i.sku for i in shipment.items if i.sku), None), created_at=now, updated_at=now,
        sla=record_of(desk.settings, state), inbound_count=0, first_response_at=now, ack_message_id=message_id,
        timer_name=ticket_id, references=[message_id], thread_subject=f"[#{ticket_id}] {mail.subject}",
    )
    event = tickets.audit(desk, ticket, ACTOR, "ticket.created",
                          after={"status": ticket.status, "tier": 1, "category": ticket.category,
                                 "priority": ticket.priority, "language": ticket.language},
                          detail={"channel": "proactive", "shipment_id": shipment.id, "stage": stage})
    emails, notes = _mail_work(desk, ticket_id, "delay_notice", mail,
                               envelope(desk, ticket_id, shipment.customer_email, shipment.customer_name, message_id),
                               _bouncing(desk, shipment.customer_email))
    work = (*emails, outbox.timer(desk, ticket_id, ticket_id, {"ticket_id": ticket_id,
                                                               "table": desk.settings.table_name}))
    customer = Customer(email=shipment.customer_email, name=shipment.customer_name, language=shipment.language,
                        created_at=now)
    desk.store.tickets.create(
        ticket, customer, _message(ticket_id, mail.subject, mail.text, message_id, now), event,
        claims=(claim, Claim("message_id", message_key(message_id), {"ticket_id": ticket_id})),
        outbox=work, events=(_notice_event(desk, ticket, shipment, stage, claim), *notes),
    )
    outbox.deliver(desk, work)


def _notice_on(desk: Desk, ticket: Ticket, shipment: Shipment, stage: str, claim: Claim) -> None:
    """A later stage (still late, then an exception) on the proactive ticket already open."""
    assert shipment.customer_email
    bouncing = _bouncing(desk, shipment.customer_email)

    def mutate(current: Ticket) -> tickets.Change:
        now = desk.now()
        remedy = _planned_remedy(current.id, shipment, stage, claim.attributes.get("remedy"), now)
        mail = notice_mail(desk, shipment, stage, current.id, remedy)
        message_id = new_outgoing_id(current.id, f"delay-{stage.replace('_', '-')}", now,
                                     desk.settings.support_domain)
        env = envelope(desk, current.id, shipment.customer_email or "", shipment.customer_name, message_id,
                       in_reply_to=current.references[-1] if current.references else None,
                       references=tuple(current.references[-10:]))
        updated = current.model_copy(update={"message_count": current.message_count + 1,
                                             "references": [*current.references, message_id][-20:]})
        emails, notes = _mail_work(desk, current.id, "delay_notice", mail, env, bouncing)
        return tickets.Change(updated, [_notice_event(desk, current, shipment, stage, claim), *notes],
                              [_message(current.id, mail.subject, mail.text, message_id, now)],
                              [claim, Claim("message_id", message_key(message_id), {"ticket_id": current.id})],
                              emails)

    tickets.apply(desk, ticket.id, mutate, loaded=ticket)


def _grant(desk: Desk, ticket_id: str, shipment: Shipment, stage: str, plan: dict[str, Any] | None) -> str | None:
    """Record and publish the remedy the notice offered (once: a claim on shipment and stage)."""
    now = desk.now()
    remedy = _planned_remedy(ticket_id, shipment, stage, plan, now)
    if remedy is None:
        return None
    ticket = desk.store.tickets.get(ticket_id)
    if ticket is None:
        return None
    digest = hashlib.sha256(f"delay:{shipment.id}:{stage}".encode()).hexdigest()
    event = tickets.audit(desk, ticket, ACTOR, "remedy.granted",
                          after={"remedy_id": remedy.id, "type": remedy.type, "status": "granted"},
                          detail={"amount": remedy.amount, "percent": remedy.percent, "currency": remedy.currency,
                                  "why": f"delay policy ({stage.replace('_', ' ')})", "checks": remedy.checks})
    work = [remedies.granted_event(desk, ticket, remedy)]
    try:
        desk.store.remedies.record(remedy, event, Claim("remedy", digest, {"remedy_id": remedy.id,
                                                                           "ticket_id": ticket_id}), work)
    except AlreadyExists:
        return remedy.id  # recorded by the scan that sent the notice
    outbox.deliver(desk, work)
    return remedy.id


def _mark(desk: Desk, shipment_id: str, notice: Notice) -> None:
    policy = policy_for(desk)
    for _ in range(_MARK_ATTEMPTS):
        current = desk.store.shipments.get(shipment_id)
        if current is None or current.noticed(notice.stage):
            return
        marked = current.model_copy(update={
            "notices": [*current.notices, notice], "version": current.version + 1, "updated_at": desk.now(),
            "proactive_ticket_id": current.proactive_ticket_id or notice.ticket_id})
        marked.watch_from = next_watch(marked, policy, desk.now())
        try:
            desk.store.shipments.save(marked, current.version)
            return
        except Conflict:
            continue
    log.warning("could not record the notice on the shipment; its claim keeps it from repeating",
                extra={"shipment_id": shipment_id, "stage": notice.stage})


def _reindex(desk: Desk, shipment: Shipment, policy: DelayPolicy) -> None:
    moved = next_watch(shipment, policy, desk.now())
    if moved == shipment.watch_from:
        return
    updated = shipment.model_copy(update={"watch_from": moved, "version": shipment.version + 1})
    with contextlib.suppress(Conflict):  # changed meanwhile: its writer placed it afresh
        desk.store.shipments.save(updated, shipment.version)


def delivered(desk: Desk, shipment: Shipment) -> None:
    """The parcel arrived: a proactive ticket nobody wrote on is closed with a short note; one
    where the customer or an agent wrote stays with the agents, who see the delivery."""
    ticket = desk.store.tickets.get(shipment.proactive_ticket_id or "")
    if ticket is None or ticket.status in (Status.CLOSED, Status.RESOLVED) or not shipment.customer_email:
        return
    claim = Claim("shipment_notice", f"{shipment.id}:delivered", {"ticket_id": ticket.id})

    def mutate(current: Ticket) -> tickets.Change:
        now = desk.now()
        event = tickets.audit(desk, current, ACTOR, "shipment.delivered",
                              detail={"shipment_id": shipment.id, "delivered_at": str(shipment.delivered_at)})
        if current.status == Status.CLOSED or current.inbound_count or current.agent_reply_count:
            return tickets.Change(current, [event], claims=[claim])
        mail = delivered_mail(desk, shipment, current)
        message_id = new_outgoing_id(current.id, "delivered", now, desk.settings.support_domain)
        env = envelope(desk, current.id, shipment.customer_email or "", shipment.customer_name, message_id,
                       in_reply_to=current.references[-1] if current.references else None,
                       references=tuple(current.references[-10:]))
        closed = current.model_copy(update={"status": Status.CLOSED, "closed_at": now,
                                            "message_count": current.message_count + 1})
        status = tickets.audit(desk, current, ACTOR, "ticket.status_changed", before={"status": current.status},
                               after={"status": Status.CLOSED.value}, detail={"reason": "the parcel was delivered"})
        emails, notes = _mail_work(desk, current.id, "delivered_note", mail, env, False)
        return tickets.Change(closed, [event, status, *notes],
                              [_message(current.id, mail.subject, mail.text, message_id, now)], [claim], emails)

    with contextlib.suppress(AlreadyExists):  # told already (the same delivery reported twice)
        tickets.apply(desk, ticket.id, mutate, loaded=ticket)
