"""The console's ticket page and its forms: reply (with a saved reply), note, assign or take,
status, escalate or send down, triage, tags, remedies (request, approve, deny), merge, and
attachment downloads. Each form posts here, is checked as the API route doing the same thing is
checked (the same permission, the same request model, the same service), then goes back to the
page (POST-redirect-GET) with what happened."""

from __future__ import annotations

import secrets
from typing import Any

from chalice import Blueprint

from ..domain.models import CATEGORIES, PRIORITIES, TIERS
from ..errors import BadRequest, DeskError
from ..services import (
    attachments,
    escalation,
    macros,
    ownership,
    remedies,
    replies,
    self_service,
    shipments,
    status_page,
    ticket_actions,
    tickets,
)
from ..services.action_schemas import Merge, SendDown, TagChange
from ..services.schemas import Decision, Escalation, Note, RemedyIn, Reply, StatusChange, TriageCorrection
from ..services.sla_terms import store_timezone
from . import console_views
from .console_web import Page, action, page, redirect, validated

routes = Blueprint(__name__)
REMEDY_TYPES = ("refund", "replacement", "discount", "store_credit", "return_label", "expedited_reshipment")


def _back(params: dict[str, str]) -> str:
    return f"/console/tickets/{params.get('ticket_id', '')}"


def _checked(value: str) -> bool:
    return value in ("on", "true", "1", "yes")


@page(routes, "/console/tickets/{ticket_id}", "ticket.read")
def ticket_page(page: Page, ticket_id: str) -> Any:
    """A ticket: its thread, attachments, the order's shipments, suggested articles, remedies,
    the audit trail, and the forms that act on it."""
    current = page.desk
    found = tickets.history(current, ticket_id, page.caller)
    ticket = found.ticket
    timezone = store_timezone(current.settings)
    now = current.now()
    messages = [{"m": m, "kind": console_views.kind_of(m), "label": console_views.KIND_LABELS[console_views.kind_of(m)],
                 "at": console_views.local_time(m.created_at, timezone)} for m in reversed(found.messages)]
    events = [{"e": e, "at": console_views.local_time(e.at, timezone)} for e in reversed(found.events)]
    macro_list = macros.listing(current, include_inactive=False) if page.caller.may("macro.use") else []
    chosen_macro = page.param("macro", 40)
    draft = ""
    if chosen_macro:
        try:
            draft = macros.render(current, ticket.id, chosen_macro, page.caller)["body"]
        except DeskError as error:
            page.flash = {"kind": "error", "text": error.message}
    suggestions = []
    if page.caller.may("kb.suggest"):
        try:
            suggestions = self_service.for_agents(current, ticket.id, page.caller)[1]
        except DeskError:
            suggestions = []  # the page matters more than its suggestions
    return page.render(
        "ticket.html.j2", t=ticket, row=console_views.row(ticket, now), messages=messages, events=events,
        older_messages=found.older_messages, older_events=found.older_events,
        shipments=[shipments.view(s) for s in shipments.of_ticket(current, ticket.order_id, ticket.customer_email)],
        remedies=remedies.for_ticket(current, ticket.id), macros=macro_list, chosen_macro=chosen_macro, draft=draft,
        suggestions=suggestions, remedy_types=REMEDY_TYPES, priorities=PRIORITIES, categories=CATEGORIES,
        tiers=TIERS, tier_name=console_views.tier_name, local=lambda moment: console_views.local_time(moment, timezone),
        idempotency=secrets.token_urlsafe(16), section="ticket")


@page(routes, "/console/tickets/{ticket_id}/attachment", "ticket.attachments")
def download(page: Page, ticket_id: str) -> Any:
    """An attachment: a fresh five-minute link, so a page left open still downloads."""
    found = attachments.download(page.desk, ticket_id, page.param("key", 1024))
    return redirect(found["url"])


@action(routes, "/console/tickets/{ticket_id}/reply", "ticket.reply", back=_back)
def reply(page: Page, ticket_id: str) -> Any:
    """Email the customer (the form's one-time key makes a double submit send one mail)."""
    form = page.form
    body = validated(Reply, {"body": form.get("body", ""), "keep_open": _checked(form.get("keep_open", ""))})
    done = replies.reply(page.desk, ticket_id, body.body, page.caller, body.keep_open,
                         form.get("idempotency", "")[:64] or None)
    return page.redirect(_back({"ticket_id": done.ticket.id}), "Reply sent to the customer.")


@action(routes, "/console/tickets/{ticket_id}/note", "ticket.note", back=_back)
def note(page: Page, ticket_id: str) -> Any:
    """An internal note: never emailed."""
    body = validated(Note, {"body": page.form.get("body", "")})
    ticket, _ = replies.note(page.desk, ticket_id, body.body, page.caller)
    return page.redirect(_back({"ticket_id": ticket.id}), "Note added.")


@action(routes, "/console/tickets/{ticket_id}/status-link/revoke", "ticket.status_link", back=_back)
def revoke_status_link(page: Page, ticket_id: str) -> Any:
    """The customer's status-page links given so far stop working (a forwarded or leaked mail);
    the next mail carries a new one."""
    ticket = status_page.revoke(page.desk, ticket_id, page.caller, page.form.get("reason", "").strip()[:500])
    return page.redirect(_back({"ticket_id": ticket.id}),
                         "The customer's status links are revoked; the next mail carries a new one.")


@action(routes, "/console/tickets/{ticket_id}/assign", "ticket.assign", back=_back)
def assign(page: Page, ticket_id: str) -> Any:
    """Take the ticket (`me`), give it to an agent by email, or put it back in its queue (empty)."""
    target = page.form.get("agent", "").strip()[:254] or None
    ticket = ownership.assign(page.desk, ticket_id, target, page.caller, page.form.get("note", "")[:500])
    said = f"Assigned to {ticket.assignee_name or ticket.assignee}." if ticket.assignee else "Back in its queue."
    return page.redirect(_back({"ticket_id": ticket.id}), said)


@action(routes, "/console/tickets/{ticket_id}/status", "ticket.status", back=_back)
def status(page: Page, ticket_id: str) -> Any:
    """Open, pending, resolved or closed."""
    change = validated(StatusChange, {"status": page.form.get("status", ""), "reason": page.form.get("reason", "")})
    ticket = tickets.set_status(page.desk, ticket_id, change, page.caller)
    return page.redirect(_back({"ticket_id": ticket.id}), f"Status is now {ticket.status}.")


def _reason_and_tier(page: Page) -> dict[str, Any]:
    tier = page.form.get("tier", "")
    return {"reason": page.form.get("reason", ""), **({"tier": int(tier)} if tier.isdigit() else {})}


@action(routes, "/console/tickets/{ticket_id}/escalate", "ticket.escalate", back=_back)
def escalate(page: Page, ticket_id: str) -> Any:
    """Up a tier (or to the tier chosen), with a reason."""
    ticket = escalation.escalate(page.desk, ticket_id, validated(Escalation, _reason_and_tier(page)), page.caller)
    return page.redirect(_back({"ticket_id": ticket.id}), f"Escalated to tier {ticket.tier}.")


@action(routes, "/console/tickets/{ticket_id}/send-down", "ticket.escalate", back=_back)
def send_down(page: Page, ticket_id: str) -> Any:
    """Back down a tier, with a reason."""
    body = validated(SendDown, _reason_and_tier(page))
    ticket = ticket_actions.send_down(page.desk, ticket_id, body.reason, body.tier, page.caller)
    return page.redirect(_back({"ticket_id": ticket.id}), f"Sent down to tier {ticket.tier}.")


@action(routes, "/console/tickets/{ticket_id}/triage", "ticket.triage", back=_back)
def triage(page: Page, ticket_id: str) -> Any:
    """Correct priority or category (clears 'needs review')."""
    fields = {name: page.form.get(name) for name in ("priority", "category", "reason") if page.form.get(name)}
    ticket = tickets.correct_triage(page.desk, ticket_id, validated(TriageCorrection, fields), page.caller)
    return page.redirect(_back({"ticket_id": ticket.id}), "Triage corrected.")


@action(routes, "/console/tickets/{ticket_id}/tags", "ticket.tag", back=_back)
def tags(page: Page, ticket_id: str) -> Any:
    """Add and remove tags (comma-separated)."""
    def split(name: str) -> list[str]:
        return [t.strip() for t in page.form.get(name, "").split(",") if t.strip()]

    body = validated(TagChange, {"add": split("add"), "remove": split("remove")})
    ticket = ticket_actions.change_tags(page.desk, ticket_id, body.add, body.remove, page.caller)
    return page.redirect(_back({"ticket_id": ticket.id}), "Tags saved.")


@action(routes, "/console/tickets/{ticket_id}/remedies", "remedy.request", back=_back)
def request_remedy(page: Page, ticket_id: str) -> Any:
    """Request a remedy: granted within the agent's authority, else held for approval (the page says why)."""
    form = page.form
    order = {name: form[name] for name in ("delivered_at", "product_category") if form.get(name)}
    fields: dict[str, Any] = {name: form[name] for name in ("type", "currency", "amount", "percent", "reason", "sku")
                              if form.get(name)}
    body = validated(RemedyIn, {**fields, "warranty_claim": _checked(form.get("warranty_claim", "")),
                                **({"order": order} if order else {})})
    remedy, _ = remedies.request(page.desk, ticket_id, body, page.caller, form.get("idempotency", "")[:64] or None)
    back = _back({"ticket_id": remedy.ticket_id})
    if remedy.status == "refused":
        return page.redirect(back, f"Refused: {remedy.refusal}", "error")
    if remedy.status == "awaiting_approval":
        return page.redirect(back, f"Waiting for a tier {remedy.approval_tier} approval: {remedy.approval_reason}",
                             "warning")
    return page.redirect(back, f"{remedy.type.replace('_', ' ').capitalize()} granted.")


@action(routes, "/console/tickets/{ticket_id}/remedies/{remedy_id}/approve", "remedy.decide", back=_back)
def approve(page: Page, ticket_id: str, remedy_id: str) -> Any:
    """Approve a held remedy."""
    body = validated(Decision, {"reason": page.form.get("reason", "")})
    remedy = remedies.decide(page.desk, ticket_id, remedy_id, True, page.caller, body.reason)
    return page.redirect(_decided_back(page, remedy.ticket_id), f"Remedy {remedy.id} approved.")


@action(routes, "/console/tickets/{ticket_id}/remedies/{remedy_id}/deny", "remedy.decide", back=_back)
def deny(page: Page, ticket_id: str, remedy_id: str) -> Any:
    """Deny a held remedy, saying why."""
    body = validated(Decision, {"reason": page.form.get("reason", "")})
    if not body.reason:
        raise BadRequest("say why the remedy is denied", code="reason_required")
    remedy = remedies.decide(page.desk, ticket_id, remedy_id, False, page.caller, body.reason)
    return page.redirect(_decided_back(page, remedy.ticket_id), f"Remedy {remedy.id} denied.")


def _decided_back(page: Page, ticket_id: str) -> str:
    """Back to the approvals list when the decision was made there."""
    tier = page.form.get("from_approvals", "")
    return f"/console/approvals?tier={tier}" if tier.isdigit() else _back({"ticket_id": ticket_id})


@action(routes, "/console/tickets/{ticket_id}/merge", "ticket.merge", back=_back)
def merge(page: Page, ticket_id: str) -> Any:
    """Merge this duplicate into another ticket of the same customer; this one closes."""
    body = validated(Merge, {"into": page.form.get("into", "").strip(), "reason": page.form.get("reason", "")})
    duplicate, target = ticket_actions.merge(page.desk, ticket_id, body.into, body.reason, page.caller)
    return page.redirect(_back({"ticket_id": target.id}), f"{duplicate.id} was merged into this ticket.")
