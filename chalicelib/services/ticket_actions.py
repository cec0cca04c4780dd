"""What an agent does to a ticket beyond replying: tags, sending it back down a tier, merging a
duplicate into another ticket of the same customer."""

from __future__ import annotations

import contextlib
import hashlib

from ..adapters.ports import AlreadyExists, Claim
from ..domain.access import Caller
from ..domain.merging import merge_notice
from ..domain.models import Status, Ticket
from ..errors import BadRequest, Conflict
from . import messages, replies, tickets
from .context import Desk

MAX_TAGS = 30
MERGE_COPIES = 80  # a transaction holds 100 items: the duplicate's newest messages are copied, all stay on it


def change_tags(desk: Desk, raw_id: str, add: list[str], remove: list[str], caller: Caller) -> Ticket:
    if not add and not remove:
        raise BadRequest("say which tags to add or remove: {\"add\": [\"vip\"], \"remove\": []}")

    def mutate(current: Ticket) -> tickets.Change:
        tags = [t for t in current.tags if t not in remove]
        tags += [t for t in dict.fromkeys(add) if t not in tags]
        if len(tags) > MAX_TAGS:
            raise BadRequest(f"a ticket keeps at most {MAX_TAGS} tags")
        if tags == current.tags:
            return tickets.Change(current)
        event = tickets.audit(desk, current, caller.principal, "ticket.tagged",
                              before={"tags": current.tags}, after={"tags": tags})
        return tickets.Change(current.model_copy(update={"tags": tags}), [event])

    return tickets.change(desk, raw_id, mutate)


def send_down(desk: Desk, raw_id: str, reason: str, tier: int | None, caller: Caller) -> Ticket:
    """Back to a lower tier (one down unless told), with the reason in the audit trail; an owner
    whose tier no longer matches keeps it (a senior may keep a ticket they sent down)."""
    def mutate(current: Ticket) -> tickets.Change:
        target = tier or current.tier - 1
        if current.tier <= 1:
            raise Conflict("the ticket is already with the frontline (tier 1)", code="lowest_tier")
        if target >= current.tier:
            raise Conflict(f"the ticket is at tier {current.tier}; send it to a lower one", code="not_lower")
        tickets.require_tier(caller, current.tier, f"move a tier {current.tier} ticket")
        if current.status == Status.CLOSED:
            raise Conflict(f"ticket {current.id} is closed", code="ticket_closed")
        event = tickets.audit(desk, current, caller.principal, "ticket.sent_down",
                              before={"tier": current.tier}, after={"tier": target}, detail={"reason": reason})
        return tickets.Change(current.model_copy(update={"tier": target}), [event])

    return tickets.change(desk, raw_id, mutate)


def merge(desk: Desk, raw_id: str, into_raw: str, reason: str, caller: Caller) -> tuple[Ticket, Ticket]:
    """Merge the duplicate `raw_id` into `into_raw` (same customer): its newest messages copied
    onto the target with a pointer back, the customer told once on the duplicate's thread, the
    duplicate closed pointing at the target. Each step can be retried: a repeat does nothing new."""
    duplicate, target = tickets.load(desk, raw_id), tickets.load(desk, into_raw)
    if duplicate.id == target.id:
        raise BadRequest("a ticket cannot be merged into itself")
    if duplicate.customer_email.lower() != target.customer_email.lower():
        raise Conflict(f"{duplicate.id} and {target.id} belong to different customers; only one customer's "
                       "tickets are merged", code="different_customers")
    if duplicate.merged_into and duplicate.merged_into != target.id:
        raise Conflict(f"{duplicate.id} was already merged into {duplicate.merged_into}", code="already_merged")
    if target.status == Status.CLOSED or target.merged_into:
        raise Conflict(f"{target.id} is closed; merge into an open ticket", code="ticket_closed")
    if duplicate.status == Status.CLOSED and not duplicate.merged_into:
        raise Conflict(f"{duplicate.id} is closed; nothing to merge", code="ticket_closed")
    _copy_messages(desk, duplicate, target, reason, caller)
    if not duplicate.merged_into:
        replies.reply(desk, duplicate.id, merge_notice(duplicate.language, duplicate.id, target.id), caller,
                      keep_open=True, idempotency_key=f"merge:{duplicate.id}:{target.id}")

    def close(current: Ticket) -> tickets.Change:
        if current.merged_into == target.id:
            return tickets.Change(current)
        now = desk.now()
        event = tickets.audit(desk, current, caller.principal, "ticket.merged",
                              before={"status": current.status}, after={"status": Status.CLOSED.value},
                              detail={"into": target.id, **({"reason": reason} if reason else {})})
        closed = current.model_copy(update={"status": Status.CLOSED, "closed_at": now, "merged_into": target.id,
                                            "linked_ticket_id": target.id, "assignee": None, "assignee_name": "",
                                            "assigned_at": None})
        return tickets.Change(closed, [event])

    return tickets.change(desk, duplicate.id, close), tickets.load(desk, target.id)


def _copy_messages(desk: Desk, duplicate: Ticket, target: Ticket, reason: str, caller: Caller) -> None:
    found, _ = desk.store.tickets.messages(duplicate.id, MERGE_COPIES)
    scope = hashlib.sha256(f"merge\n{duplicate.id}\n{target.id}".encode()).hexdigest()
    claim = Claim("idempotency", scope, {"ticket_id": target.id})

    def mutate(current: Ticket) -> tickets.Change:
        copies = [messages.message(current.id, messages.Said(
            author=m.author, body=m.body, channel=m.channel, direction=m.direction, subject=m.subject,
            attachments=tuple(m.attachments), cc=tuple(m.cc), flags=(*m.flags, f"merged_from:{duplicate.id}")),
            m.created_at, via=f"merged from {duplicate.id}") for m in reversed(found)]
        event = tickets.audit(desk, current, caller.principal, "ticket.merged_in",
                              detail={"from": duplicate.id, "messages": len(copies),
                                      **({"reason": reason} if reason else {})})
        tags = [*current.tags, *(t for t in duplicate.tags if t not in current.tags)][:30]
        updated = current.model_copy(update={"message_count": current.message_count + len(copies), "tags": tags})
        return tickets.Change(updated, [event], copies, [claim])

    with contextlib.suppress(AlreadyExists):  # copied by an earlier attempt of this merge
        tickets.change(desk, target.id, mutate)
