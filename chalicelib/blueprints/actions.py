"""Ticket actions beyond replying: attachments, saved replies (macros), tags, merge, sending a
ticket back down a tier."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..domain.access import Caller
from ..services import attachments, macros, quarantine, ticket_actions
from ..services.action_schemas import (
    AttachmentQuery,
    Discard,
    MacroChange,
    Merge,
    NewMacro,
    SendDown,
    TagChange,
)
from ..services.context import desk
from ..services.schemas import ListQuery
from .http import endpoint
from .views import ticket_view

routes = Blueprint(__name__)


@endpoint(routes, "/tickets/{ticket_id}/attachments", ["GET"], "ticket.attachments", query=AttachmentQuery)
def download_attachment(caller: Caller, ticket_id: str, query: AttachmentQuery) -> Any:
    """A link (five minutes) that downloads one of the ticket's attachments, by its `key`."""
    return {"attachment": attachments.download(desk(), ticket_id, query.key)}


@endpoint(routes, "/macros", ["GET"], "macro.use", query=ListQuery)
def list_macros(caller: Caller, query: ListQuery) -> Any:
    """Saved replies, with their languages (admins also see retired ones)."""
    found = macros.listing(desk(), include_inactive=caller.role == "admin")[:query.limit]
    return {"macros": [m.model_dump(mode="json") for m in found]}


@endpoint(routes, "/admin/macros", ["POST"], "macro.manage", status=201, body=NewMacro,
          gives={"macro_id": "/macro/id"})
def create_macro(caller: Caller, body: NewMacro) -> Any:
    """Save a reply: one text per language, with {customer_name}, {order_id}, {ticket_id}, {agent_name}."""
    return {"macro": macros.create(desk(), body.name, dict(body.bodies), caller).model_dump(mode="json")}


@endpoint(routes, "/admin/macros/{macro_id}", ["PATCH"], "macro.manage", body=MacroChange)
def change_macro(caller: Caller, macro_id: str, body: MacroChange) -> Any:
    """Rename, rewrite (the whole set of languages) or retire (`"active": false`) a macro."""
    changed = macros.change(desk(), macro_id, body.model_dump(exclude_none=True), caller)
    return {"macro": changed.model_dump(mode="json")}


@endpoint(routes, "/tickets/{ticket_id}/macros/{macro_id}", ["GET"], "macro.use")
def render_macro(caller: Caller, ticket_id: str, macro_id: str) -> Any:
    """The macro filled in for this ticket, in its customer's language: edit it, then send it as a reply."""
    return {"rendered": macros.render(desk(), ticket_id, macro_id, caller)}


@endpoint(routes, "/tickets/{ticket_id}/tags", ["POST"], "ticket.tag", body=TagChange)
def tag(caller: Caller, ticket_id: str, body: TagChange) -> Any:
    """Add and remove tags."""
    return {"ticket": ticket_view(ticket_actions.change_tags(desk(), ticket_id, body.add, body.remove, caller))}


@endpoint(routes, "/tickets/{ticket_id}/merge", ["POST"], "ticket.merge", body=Merge)
def merge(caller: Caller, ticket_id: str, body: Merge) -> Any:
    """Merge this duplicate into another ticket of the same customer (told once); this one closes."""
    duplicate, target = ticket_actions.merge(desk(), ticket_id, body.into, body.reason, caller)
    return {"ticket": ticket_view(duplicate), "into": ticket_view(target)}


@endpoint(routes, "/tickets/{ticket_id}/send-down", ["POST"], "ticket.escalate", body=SendDown)
def send_down(caller: Caller, ticket_id: str, body: SendDown) -> Any:
    """Send the ticket back down a tier (one unless `tier` says), with a reason."""
    return {"ticket": ticket_view(ticket_actions.send_down(desk(), ticket_id, body.reason, body.tier, caller))}




@endpoint(routes, "/quarantine/{quarantine_id}", ["GET"], "quarantine.read")
def read_quarantined(caller: Caller, quarantine_id: str) -> Any:
    """A held message, shown safely: its text (HTML never rendered), origin headers, attachment names."""
    held, shown = quarantine.read(desk(), quarantine_id)
    return {"item": held.model_dump(mode="json"), "message": shown}


@endpoint(routes, "/quarantine/{quarantine_id}/discard", ["POST"], "quarantine.discard", body=Discard)
def discard_quarantined(caller: Caller, quarantine_id: str, body: Discard) -> Any:
    """Discard a held message, saying why: it leaves the list; the record keeps who, when and why."""
    return {"item": quarantine.discard(desk(), quarantine_id, body.reason, caller).model_dump(mode="json")}
