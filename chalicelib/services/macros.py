"""Saved replies: admins write them (one text per language), agents fill one in for a ticket."""

from __future__ import annotations

from typing import Any

from ..domain.access import Caller
from ..domain.ids import new_item_id
from ..domain.macros import FALLBACKS, Macro, fill, text_for
from ..errors import NotFound
from .context import Desk
from .tickets import load


def create(desk: Desk, name: str, bodies: dict[str, str], caller: Caller) -> Macro:
    now = desk.now()
    macro = Macro(id=f"M-{new_item_id(now)}", name=name, bodies=bodies, created_at=now, updated_at=now,
                  updated_by=caller.principal)
    desk.store.macros.save(macro, None)
    return macro


def get(desk: Desk, macro_id: str) -> Macro:
    found = desk.store.macros.get(macro_id)
    if found is None:
        raise NotFound(f"there is no macro {macro_id}")
    return found


def change(desk: Desk, macro_id: str, updates: dict[str, Any], caller: Caller) -> Macro:
    current = get(desk, macro_id)
    changed = current.model_copy(update={**updates, "updated_at": desk.now(), "updated_by": caller.principal,
                                         "version": current.version + 1})
    desk.store.macros.save(changed, current.version)
    return changed


def listing(desk: Desk, include_inactive: bool) -> list[Macro]:
    return [m for m in desk.store.macros.all() if include_inactive or m.active]


def render(desk: Desk, raw_id: str, macro_id: str, caller: Caller) -> dict[str, Any]:
    """The macro's text in the ticket's language, placeholders filled, ready to edit and send."""
    ticket = load(desk, raw_id)
    macro = get(desk, macro_id)
    if not macro.active:
        raise NotFound(f"macro {macro_id} is retired")
    language, text = text_for(macro, ticket.language)
    values = {"customer_name": ticket.customer_name, "order_id": ticket.order_id or "", "ticket_id": ticket.id,
              "agent_name": caller.name or desk.settings.support_name}
    return {"macro_id": macro.id, "name": macro.name, "language": language,
            "body": fill(text, values, FALLBACKS.get(language, FALLBACKS["en"]))}
