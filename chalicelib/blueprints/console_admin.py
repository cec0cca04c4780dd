"""The console's pages beside the tickets: approvals, the quarantine, and for admins the agents,
the saved replies and the KPI dashboard. The same permissions and services as the API routes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote

from chalice import Blueprint

from ..domain.kpis import day_of
from ..domain.models import TIERS
from ..domain.people import GROUPS
from ..errors import BadRequest
from ..services import agent_kpis, agents, kpis, macros, quarantine, remedies
from ..services.action_schemas import Discard, MacroChange, NewMacro
from ..services.agent_schemas import AgentChange, NewAgent
from ..services.sla_terms import store_timezone
from . import console_charts, console_views
from .console_web import Page, action, page, validated

routes = Blueprint(__name__)
LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")


@page(routes, "/console/approvals", "remedy.decide")
def approvals(page: Page) -> Any:
    """Remedies waiting for a tier's approval, most urgent first, with why they wait."""
    raw = page.param("tier", 2)
    tier = int(raw) if raw.isdigit() else page.caller.tier
    waiting = remedies.approvals_for(page.desk, tier, page.caller)
    timezone = store_timezone(page.desk.settings)
    return page.render("approvals.html.j2", tier=tier, tiers=[t for t in TIERS if t <= page.caller.tier],
                       remedies=waiting, local=lambda m: console_views.local_time(m, timezone), section="approvals")


@page(routes, "/console/quarantine", "quarantine.read")
def quarantine_list(page: Page) -> Any:
    """Mail kept aside (spam, viruses, forged senders…), newest first."""
    timezone = store_timezone(page.desk.settings)
    return page.render("quarantine.html.j2", items=quarantine.listing(page.desk, 100),
                       local=lambda m: console_views.local_time(m, timezone), section="quarantine")


@page(routes, "/console/quarantine/{quarantine_id}", "quarantine.read")
def quarantine_item(page: Page, quarantine_id: str) -> Any:
    """One held message shown safely: its text only (HTML never rendered), where it came from."""
    held, shown = quarantine.read(page.desk, quarantine_id)
    timezone = store_timezone(page.desk.settings)
    return page.render("quarantine_item.html.j2", held=held, shown=shown,
                       local=lambda m: console_views.local_time(m, timezone), section="quarantine")


def _quarantine_back(params: dict[str, str]) -> str:
    return f"/console/quarantine/{params.get('quarantine_id', '')}"


@action(routes, "/console/quarantine/{quarantine_id}/release", "quarantine.release", back=_quarantine_back)
def release(page: Page, quarantine_id: str) -> Any:
    """Let a held message through, as if it had just arrived."""
    held, outcome = quarantine.release(page.desk, quarantine_id, page.caller)
    if outcome.ticket_id:
        return page.redirect(f"/console/tickets/{outcome.ticket_id}", f"{held.id} released into this ticket.")
    return page.redirect("/console/quarantine", f"{held.id} released ({outcome.kind}).")


@action(routes, "/console/quarantine/{quarantine_id}/discard", "quarantine.discard", back=_quarantine_back)
def discard(page: Page, quarantine_id: str) -> Any:
    """Throw a held message away, saying why (kept on record)."""
    body = validated(Discard, {"reason": page.form.get("reason", "")})
    held = quarantine.discard(page.desk, quarantine_id, body.reason, page.caller)
    return page.redirect("/console/quarantine", f"{held.id} discarded.")


# Admins -----------------------------------------------------------------------------------------

def _tier_in(raw: str) -> Any:
    return int(raw) if raw.isdigit() else raw


@page(routes, "/console/admin/agents", "agent.manage")
def agent_list(page: Page) -> Any:
    """Every agent: add one, change a tier, deactivate or reactivate."""
    return page.render("agents.html.j2", agents=agents.everyone(page.desk), tiers=list(GROUPS), languages=LANGUAGES,
                       created=page.param("password", 100), section="agents")


@action(routes, "/console/admin/agents", "agent.manage", back=lambda _: "/console/admin/agents")
def create_agent(page: Page) -> Any:
    """Add an agent (and their account in the user pool)."""
    form = page.form
    fields = {"email": form.get("email", "").strip(), "name": form.get("name", ""), "tier": _tier_in(form.get("tier", "")),
              "language": form.get("language", "en"), **({"password": form["password"]} if form.get("password") else {})}
    body = validated(NewAgent, fields)
    agent, password = agents.create(page.desk, body.email, body.name, body.tier, body.language, body.password)
    said = f"{agent.name} <{agent.email}> added."
    if body.password is None:
        said += f" Hand them this password now, it is not shown again: {password}"
    return page.redirect("/console/admin/agents", said)


@action(routes, "/console/admin/agents/{agent_email}", "agent.manage", back=lambda _: "/console/admin/agents")
def change_agent(page: Page, agent_email: str) -> Any:
    """Change an agent's tier, or deactivate / reactivate them."""
    form = page.form
    fields: dict[str, Any] = {}
    if form.get("tier"):
        fields["tier"] = _tier_in(form["tier"])
    if form.get("active") in ("true", "false"):
        fields["active"] = form["active"] == "true"
    if not fields:
        raise BadRequest("choose a tier, or deactivate or reactivate")
    body = validated(AgentChange, fields)
    _, changed = agents.change_by(page.desk, unquote(agent_email), body.model_dump(exclude_none=True), page.caller)
    state = "active" if changed.active else "deactivated"
    return page.redirect("/console/admin/agents", f"{changed.email}: tier {changed.tier}, {state}.")


@page(routes, "/console/admin/macros", "macro.manage")
def macro_list(page: Page) -> Any:
    """Saved replies, one text per language, with their placeholders."""
    return page.render("macros.html.j2", macros=macros.listing(page.desk, include_inactive=True), languages=LANGUAGES,
                       section="macros")


def _bodies(form: dict[str, str]) -> dict[str, str]:
    return {language: form[f"body_{language}"] for language in LANGUAGES if form.get(f"body_{language}", "").strip()}


@action(routes, "/console/admin/macros", "macro.manage", back=lambda _: "/console/admin/macros")
def create_macro(page: Page) -> Any:
    """Save a reply, in one or more languages."""
    body = validated(NewMacro, {"name": page.form.get("name", ""), "bodies": _bodies(page.form)})
    made = macros.create(page.desk, body.name, dict(body.bodies), page.caller)
    return page.redirect("/console/admin/macros", f"Saved reply “{made.name}” added.")


@action(routes, "/console/admin/macros/{macro_id}", "macro.manage", back=lambda _: "/console/admin/macros")
def change_macro(page: Page, macro_id: str) -> Any:
    """Rewrite a saved reply, or retire / restore it."""
    form = page.form
    fields: dict[str, Any] = {}
    if form.get("name"):
        fields["name"] = form["name"]
    if _bodies(form):
        fields["bodies"] = _bodies(form)
    if form.get("active") in ("true", "false"):
        fields["active"] = form["active"] == "true"
    body = validated(MacroChange, fields)
    changed = macros.change(page.desk, macro_id, body.model_dump(exclude_none=True), page.caller)
    return page.redirect("/console/admin/macros", f"Saved reply “{changed.name}” updated.")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise BadRequest(f"{raw!r} is not a day such as 2026-12-01") from None


@page(routes, "/console/admin/kpis", "metrics.read")
def dashboard(page: Page) -> Any:
    """The KPIs of a period (30 days by default) as charts drawn on the server, and per agent."""
    current = page.desk
    first, last = kpis.period(current, _day(page.param("from", 10)), _day(page.param("to", 10)))
    daily = kpis.figures(current, first, last, "day")
    metrics = daily["metrics"]
    groups = {g["group"]: g for g in daily.get("groups", [])}
    days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    per_day = [groups.get(day, {}) for day in days]

    def minutes(group: dict[str, Any], name: str) -> float | None:
        seconds = (group.get(name) or {}).get("p50_seconds")
        return round(seconds / 60, 1) if seconds is not None else None

    charts = {
        "volume": console_charts.columns(
            [("opened", [g.get("tickets_opened", 0) for g in per_day]),
             ("resolved", [g.get("tickets_resolved", 0) for g in per_day])], days, ["opened", "resolved"]),
        "first_response": console_charts.line([minutes(g, "first_response_time") for g in per_day], days,
                                              "median first response (minutes)"),
        "csat": console_charts.line([g.get("csat") for g in per_day], days, "CSAT (% satisfied)"),
        "by": {dimension: console_charts.shares(metrics.get("volume", {}).get(dimension, {}))
               for dimension in ("category", "channel", "priority")},
    }
    people = []
    if page.caller.may("agent.manage"):
        people = [agent_kpis.report(current, a.email, first, last) | {"name": a.name, "tier": a.tier}
                  for a in agents.everyone(current)]
    today = day_of(current.now(), store_timezone(current.settings))
    return page.render("kpis.html.j2", metrics=metrics, charts=charts, first=first.isoformat(), last=last.isoformat(),
                       today=today, people=people, section="kpis")
