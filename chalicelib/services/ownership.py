"""Who handles a ticket: assign, take, unassign and reassign, each in the audit trail.

A ticket's owner is an active agent whose tier reaches the ticket's. When the ticket climbs above
its owner's tier (escalation) or the owner is deactivated, it goes back to its tier's queue, and
an internal note tells the former owner (and whoever reads the ticket next) why."""

from __future__ import annotations

from typing import Any

from ..domain.access import Caller
from ..domain.models import Channel, Direction, Message, Status, Ticket
from ..domain.people import Agent, agent_email
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from . import messages, tickets
from .context import Desk
from .messages import Said

_OPEN = (Status.NEW.value, Status.OPEN.value, Status.PENDING.value, Status.RESOLVED.value)


def _tier_reaches(agent: Agent, tier: int) -> bool:
    return agent.tier == "admin" or int(agent.tier) >= tier


def assign(desk: Desk, raw_id: str, target: str | None, caller: Caller, note: str = "") -> Ticket:
    """`target`: an agent's email, "me", or None to unassign."""
    agent: Agent | None = None
    if target is not None:
        if target.strip().lower() == "me":
            if not caller.is_person:
                raise BadRequest("\"me\" needs an agent's sign-in token, not an API key; name the agent by email",
                                 code="not_a_person")
            target = caller.email
        agent = desk.store.agents.get(agent_email(target))
        if agent is None:
            raise NotFound(f"there is no agent {target}")
        if not agent.active:
            raise Conflict(f"{agent.email} is deactivated and cannot own tickets", code="agent_deactivated")
    if caller.is_person and caller.role != "admin" and caller.tier < 2 and agent is not None \
            and agent.email != caller.email:
        raise Forbidden("a frontline agent takes tickets for themselves; a senior agent or an admin assigns "
                        "them to others", code="wrong_role")

    def mutate(current: Ticket) -> tickets.Change:
        if current.status == Status.CLOSED:
            raise Conflict(f"ticket {current.id} is closed; nobody works on it", code="ticket_closed")
        if agent is None:
            if current.assignee is None:
                return tickets.Change(current)
            return _release(desk, current, caller.principal, note or "unassigned")
        if not _tier_reaches(agent, current.tier):
            raise Conflict(f"ticket {current.id} is at tier {current.tier}; {agent.email} works tier {agent.tier}",
                           code="tier_too_low")
        if current.assignee == agent.email:
            return tickets.Change(current)  # a retried request is not an error
        if current.assignee and agent.email == caller.email and caller.role != "admin" and caller.tier < 2:
            raise Conflict(f"{current.assignee_name or current.assignee} already has ticket {current.id}; "
                           "ask them or a senior agent to hand it over", code="already_assigned")
        action = "ticket.assigned" if current.assignee is None else "ticket.reassigned"
        event = tickets.audit(desk, current, caller.principal, action,
                              before={"assignee": current.assignee}, after={"assignee": agent.email},
                              detail={"assignee_name": agent.name, **({"note": note} if note else {})})
        updated = current.model_copy(update={"assignee": agent.email, "assignee_name": agent.name,
                                             "assigned_at": desk.now()})
        return tickets.Change(updated, [event])

    return tickets.change(desk, raw_id, mutate)


def _release(desk: Desk, current: Ticket, actor: str, why: str) -> tickets.Change:
    event = tickets.audit(desk, current, actor, "ticket.unassigned",
                          before={"assignee": current.assignee}, after={"assignee": None}, detail={"reason": why})
    updated = current.model_copy(update={"assignee": None, "assignee_name": "", "assigned_at": None})
    return tickets.Change(updated, [event])


def released_by_escalation(desk: Desk, before: Ticket, after: Ticket, actor: str) -> tuple[Ticket, list[Any], list[Message]]:
    """When a change moves an owned ticket above its owner's tier: the ticket back in the new
    tier's queue, an audit event, and a note addressed to the former owner."""
    owner = before.assignee
    if owner is None or after.tier <= before.tier:
        return after, [], []
    agent = desk.store.agents.get(owner)
    if agent is not None and agent.active and _tier_reaches(agent, after.tier):
        return after, [], []
    why = f"escalated to tier {after.tier}, beyond {owner}'s tier"
    change = _release(desk, after, actor, why)
    note = messages.message(after.id, Said(
        author=actor, channel=Channel.API, direction=Direction.NOTE,
        body=f"To {before.assignee_name or owner}: this ticket was escalated to tier {after.tier} and left your "
             f"list; its history stays here. The tier {after.tier} queue has it now."), desk.now())
    return change.ticket, change.events, [note]


def release_all(desk: Desk, agent: Agent, actor: str) -> list[str]:
    """Every ticket the agent owns back to its queue (the agent was deactivated); the ids moved."""
    moved: list[str] = []
    after: str | None = None
    while True:
        page, after = desk.store.ticket_lists.owned(agent.email, _OPEN, 100, after)
        for ticket in page:
            def mutate(current: Ticket) -> tickets.Change:
                if current.assignee != agent.email:
                    return tickets.Change(current)
                return _release(desk, current, actor, f"{agent.email} was deactivated")

            tickets.change(desk, ticket.id, mutate)
            moved.append(ticket.id)
        if after is None:
            return moved
