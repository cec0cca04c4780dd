"""Remedies: granted within the agent's authority, otherwise held for a tier that has it.

A remedy is granted once: its record moves from awaiting_approval to granted only under a
condition on its status, and a retried request (same Idempotency-Key, or the same request)
returns the remedy already recorded. Every granted remedy is published on the event bus with
what the store's systems need to carry it out.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from ..adapters.ports import AlreadyExists, Claim
from ..domain.access import Caller
from ..domain.clock import iso
from ..domain.ids import new_item_id
from ..domain.models import OutboxItem, Remedy, Ticket
from ..domain.money import plain
from ..domain.remedies import RemedyPolicy, RemedyRequest, evaluate
from ..errors import Conflict, Forbidden, NotFound, UpstreamError
from . import customer_notices, notifications, outbox, tickets
from .context import Desk
from .schemas import RemedyIn


@lru_cache(maxsize=4)
def _policy(raw: str) -> RemedyPolicy:
    return RemedyPolicy.from_config(json.loads(raw))


def policy_for(desk: Desk) -> RemedyPolicy:
    return _policy(json.dumps(desk.settings.remedy_policy, sort_keys=True))


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def request(desk: Desk, raw_id: str, body: RemedyIn, caller: Caller,
            idempotency_key: str | None) -> tuple[Remedy, bool]:
    """Record the request and its verdict; returns (remedy, replayed)."""
    ticket = tickets.load(desk, raw_id)
    now = desk.now()
    policy = policy_for(desk)
    facts = RemedyRequest(type=body.type, amount=body.amount, percent=body.percent, currency=body.currency,
                          delivered_at=_aware(body.order.delivered_at),
                          product_category=body.order.product_category,
                          warranty_claim=body.warranty_claim or ticket.category == "warranty_claim")
    verdict = evaluate(facts, caller.tier, policy, now)
    if not verdict.allowed:
        status = "refused"
    elif verdict.approval_tier:
        status = "awaiting_approval"
    else:
        status = "granted"
    remedy = Remedy(
        id=f"R-{new_item_id(now)}", ticket_id=ticket.id, type=body.type, status=status,
        amount=plain(body.amount), currency=body.currency, percent=plain(body.percent), reason=body.reason,
        order_id=ticket.order_id, sku=body.sku or ticket.sku, delivered_at=facts.delivered_at,
        product_category=facts.product_category, warranty_claim=facts.warranty_claim,
        requested_by=caller.principal, requested_at=now, checks=verdict.checks,
        refusal=verdict.reason if status == "refused" else "",
        approval_tier=verdict.approval_tier, approval_reason=verdict.reason if verdict.approval_tier else "",
        approval_due=now + timedelta(hours=policy.approval_hours) / desk.settings.sla_scale
        if verdict.approval_tier else None,
        decided_by=caller.principal if status == "granted" else None, decided_at=now if status == "granted" else None,
        rma_number=_rma(ticket, now) if status == "granted" and body.type == "return_label" else None,
        ticket_category=ticket.category,
    )
    claim = _claim(ticket, caller, body, idempotency_key, remedy.id)
    event = tickets.audit(desk, ticket, caller.principal, f"remedy.{status}",
                          after={"remedy_id": remedy.id, "type": remedy.type, "status": status},
                          detail={"amount": remedy.amount, "percent": remedy.percent, "currency": remedy.currency,
                                  "why": verdict.reason, "checks": verdict.checks})
    work: list[OutboxItem] = []
    if status == "granted":
        work += granted_work(desk, ticket, remedy)
    elif status == "awaiting_approval" and remedy.approval_tier:
        work.append(notifications.approval_needed(desk, ticket, remedy.approval_tier, remedy.model_dump(mode="json")))
    try:
        desk.store.remedies.record(remedy, event, claim, work)
    except AlreadyExists:
        return _replay(desk, ticket, claim), True
    return _published(desk, remedy, work), False


def decide(desk: Desk, raw_id: str, remedy_id: str, approve: bool, caller: Caller, reason: str) -> Remedy:
    ticket = tickets.load(desk, raw_id)
    remedy = load(desk, ticket.id, remedy_id)
    if remedy.status == "granted" and approve:
        return remedy  # a retried approval: its publication is already recorded as outbox work
    if remedy.status != "awaiting_approval":
        raise Conflict(f"remedy {remedy_id} is {remedy.status}; only a remedy awaiting approval can be decided",
                       code="not_awaiting_approval")
    needed = remedy.approval_tier or 3
    if caller.principal == remedy.requested_by:
        raise Forbidden("a remedy waiting for approval is decided by someone other than who asked for it",
                        code="own_request")
    if caller.tier < needed:
        raise Forbidden(f"this remedy needs a tier {needed} decision; you are tier {caller.tier}", code="wrong_tier")
    now = desk.now()
    decided = remedy.model_copy(update={
        "status": "granted" if approve else "denied", "decided_by": caller.principal, "decided_at": now,
        "decision_reason": reason,
        "rma_number": _rma(ticket, now) if approve and remedy.type == "return_label" else remedy.rma_number,
    })
    event = tickets.audit(desk, ticket, caller.principal, "remedy.approved" if approve else "remedy.denied",
                          before={"status": remedy.status}, after={"status": decided.status, "remedy_id": remedy.id},
                          detail={"reason": reason} if reason else None)
    work = granted_work(desk, ticket, decided) if approve else []
    if not desk.store.remedies.update(decided, event, work, while_status="awaiting_approval"):
        raise Conflict(f"remedy {remedy_id} was decided by someone else meanwhile; reload it",
                       code="not_awaiting_approval")
    return _published(desk, decided, work)


def load(desk: Desk, ticket_id: str, remedy_id: str) -> Remedy:
    remedy = desk.store.remedies.get(ticket_id, remedy_id)
    if remedy is None:
        raise NotFound(f"ticket {ticket_id} has no remedy {remedy_id}")
    return remedy


def for_ticket(desk: Desk, ticket_id: str) -> list[Remedy]:
    return desk.store.remedies.of_ticket(ticket_id)


def awaiting_approval(desk: Desk, tier: int, limit: int = 100) -> list[Remedy]:
    """Remedies waiting for this tier's approval, the most urgent first."""
    return desk.store.remedies.pending_for(tier, limit)


def approvals_for(desk: Desk, tier: int, caller: Caller, limit: int = 100) -> list[Remedy]:
    """A tier's approval list, for the agents of that tier and above (the API's and the console's one check)."""
    tickets.require_tier(caller, tier, f"see the tier {tier} approvals")
    return awaiting_approval(desk, tier, limit)


def granted_work(desk: Desk, ticket: Ticket, remedy: Remedy) -> list[OutboxItem]:
    """The event for the store's systems, and the customer's mail saying what they get."""
    notice = customer_notices.remedy_granted(desk, ticket, remedy)
    return [granted_event(desk, ticket, remedy), *([notice] if notice is not None else [])]


def granted_event(desk: Desk, ticket: Ticket, remedy: Remedy) -> OutboxItem:
    """`RemedyGranted` for the store's systems to carry the remedy out, as outbox work saved with the
    grant: published at least once, and its `event_id` (one per remedy) lets consumers drop a repeat."""
    detail = {
        "remedy_id": remedy.id, "ticket_id": ticket.id, "type": remedy.type, "amount": remedy.amount,
        "currency": remedy.currency, "percent": remedy.percent, "order_id": remedy.order_id, "sku": remedy.sku,
        "customer": {"email": ticket.customer_email, "name": ticket.customer_name},
        "rma_number": remedy.rma_number, "expedited": remedy.type == "expedited_reshipment", "code": remedy.code,
        "reason": remedy.reason, "requested_by": remedy.requested_by, "approved_by": remedy.decided_by,
        "granted_at": iso(remedy.decided_at or desk.now()), "region": desk.settings.region,
        "idempotency_key": remedy.id,
    }
    return outbox.event(desk, ticket.id, "remedy_granted", "RemedyGranted", detail,
                        event_id=f"remedy-granted.{remedy.id}", links={"remedy_id": remedy.id})


def _published(desk: Desk, remedy: Remedy, work: list[OutboxItem]) -> Remedy:
    delivered = outbox.deliver(desk, work)
    if any(w.kind == "event" and w.id in delivered for w in work):
        return remedy.model_copy(update={"published_at": desk.now()})
    return remedy


def _claim(ticket: Ticket, caller: Caller, body: RemedyIn, key: str | None, remedy_id: str) -> Claim:
    basis = key or json.dumps(body.model_dump(mode="json"), sort_keys=True)
    digest = hashlib.sha256(f"{ticket.id}\n{caller.key_id}\n{basis}".encode()).hexdigest()
    return Claim("remedy", digest, {"remedy_id": remedy_id, "ticket_id": ticket.id})


def _replay(desk: Desk, ticket: Ticket, claim: Claim) -> Remedy:
    stored = desk.store.claims.find(claim)
    if not stored:
        raise UpstreamError("the same remedy request is being recorded; retry")
    return load(desk, ticket.id, str(stored["remedy_id"]))


def _rma(ticket: Ticket, now: datetime) -> str:
    return f"RMA-{ticket.id[2:]}-{new_item_id(now)[-6:]}"

