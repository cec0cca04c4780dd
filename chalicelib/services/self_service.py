"""Self-service: suggested articles in the acknowledgement, the signed links they travel in, "this
solved it" (the ticket resolved as self-served, counted once), helpful votes, and their counts.

A suggestion link carries a token sealed with the desk's secret naming the ticket and the
article, so only the person who got the mail can resolve that ticket with it. Opening the link
(which mail scanners also do) only counts a click; resolving takes a POST from the page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..domain import cursors
from ..domain.access import Caller
from ..domain.models import Status, Ticket
from ..errors import BadRequest, Forbidden
from . import kb, kb_search, tickets
from .context import Desk
from .sla_terms import resume_clock
from .tickets import Change

log = logging.getLogger(__name__)
_SCOPE = "kb-suggestion"
MAX_SUGGESTIONS = 3
MAX_STATS_DAYS = 366
_SUGGEST_FROM_BODY = 3000  # the start of the message says what it is about


@dataclass(frozen=True)
class Suggestion:
    article_id: str
    title: str
    url: str
    score: float
    summary: str


def article_path(article_id: str) -> str:
    return f"/help/articles/{article_id}"


def token_for(desk: Desk, ticket_id: str, article_id: str) -> str:
    return cursors.seal({"t": ticket_id, "a": article_id}, _SCOPE, desk.settings.reply_signing_secret)


def ticket_of(desk: Desk, token: str, article_id: str) -> str | None:
    """The ticket a suggestion link was made for, if `token` is one we made for this article."""
    try:
        sealed = cursors.unseal(token, _SCOPE, desk.settings.reply_signing_secret)
    except cursors.CursorError:
        return None
    if sealed.get("a") != article_id or not isinstance(sealed.get("t"), str):
        return None
    return str(sealed["t"])


def suggested(desk: Desk, ticket: Ticket, text: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Published articles for the ticket's language, category and words, best first."""
    words = f"{ticket.subject}\n{text[:_SUGGEST_FROM_BODY]}"
    results = kb_search.suggest(desk, words, ticket.language, ticket.category, limit)
    base = desk.settings.public_base_url.rstrip("/")
    return [Suggestion(r.article.id, r.article.title, f"{base}{article_path(r.article.id)}", r.score, r.summary)
            for r in results]


def acknowledgement_links(desk: Desk, ticket: Ticket, text: str) -> list[dict[str, str]]:
    """Up to three suggestions with tracked links, for the acknowledgement; none when the desk
    has no public address for links (PUBLIC_BASE_URL) or search fails: the acknowledgement
    matters more than its suggestions."""
    if not desk.settings.public_base_url:
        return []
    try:
        found = suggested(desk, ticket, text)
        if found:  # one write for all of them
            desk.store.articles.count_daily(desk.now().date().isoformat(), "suggestions_sent",
                                            [f"{ticket.id}:{s.article_id}" for s in found])
    except Exception:
        log.exception("no article suggestions for %s", ticket.id)
        return []
    return [{"title": s.title, "url": f"{s.url}?s={token_for(desk, ticket.id, s.article_id)}"} for s in found]


def opened(desk: Desk, token: str, article_id: str) -> str | None:
    """A suggestion link was opened: count it once per ticket and article (scanners open links
    too). The ticket it names, or None for a link we did not make."""
    ticket_id = ticket_of(desk, token, article_id)
    if ticket_id is not None:
        desk.store.articles.count_daily(desk.now().date().isoformat(), "suggestion_clicks",
                                        [f"{ticket_id}:{article_id}"])
    return ticket_id


@dataclass(frozen=True)
class SelfServed:
    ticket: Ticket
    resolved_now: bool  # False: it was resolved (or closed) already, by this link or otherwise


def solved(desk: Desk, token: str, article_id: str) -> SelfServed:
    """"This solved it" from a suggestion link: resolve the ticket as self-served, with an audit
    event, and count the deflection once, however often the button is pressed."""
    ticket_id = ticket_of(desk, token, article_id)
    if ticket_id is None:
        raise Forbidden("this link was not made for this article; open it from your email again",
                        code="invalid_link")
    article = kb.load(desk, article_id)
    current = tickets.load(desk, ticket_id)
    if current.status in (Status.RESOLVED, Status.CLOSED):
        return SelfServed(current, False)
    actor = f"customer:{current.customer_email}"

    def mutate(ticket: Ticket) -> Change:
        if ticket.status in (Status.RESOLVED, Status.CLOSED):
            return Change(ticket)
        now = desk.now()
        updates: dict[str, Any] = {"status": Status.RESOLVED, "resolved_at": now,
                                   "first_contact_resolution": tickets.first_contact_resolution(ticket)}
        if ticket.status == Status.PENDING:
            updates["sla"] = resume_clock(desk.settings, ticket, now)
        detail = {"article_id": article.id, "article_title": article.title, "reason": "self-served"}
        events = [
            tickets.audit(desk, ticket, actor, "ticket.status_changed", before={"status": ticket.status},
                          after={"status": Status.RESOLVED.value}, detail=detail),
            tickets.audit(desk, ticket, actor, "ticket.self_served", detail=detail),
        ]
        return Change(ticket.model_copy(update=updates), events)

    applied = tickets.apply(desk, ticket_id, mutate, loaded=current)
    resolved_now = bool(applied.change.events)
    if resolved_now:
        # Counted after the change, as a set member: a retry after a crash here cannot count twice.
        desk.store.articles.count_daily(desk.now().date().isoformat(), "self_served", [ticket_id])
        desk.store.articles.count(article.id, "solved")
    return SelfServed(applied.ticket, resolved_now)


def vote(desk: Desk, article_id: str, helpful: bool) -> None:
    """A reader's answer to "Did this answer your question?"."""
    kb.load(desk, article_id)
    name = "helpful_yes" if helpful else "helpful_no"
    desk.store.articles.count(article_id, name)
    desk.store.articles.count_daily(desk.now().date().isoformat(), name)


def for_agents(desk: Desk, raw_ticket_id: str, caller: Caller) -> tuple[Ticket, list[Suggestion]]:
    """Articles an agent may paste into a reply: from the ticket's subject and latest words."""
    ticket = tickets.load(desk, raw_ticket_id)
    return ticket, suggested(desk, ticket, ticket.latest_customer_words, limit=5)


def stats(desk: Desk, first: str, last: str) -> dict[str, Any]:
    """Deflection and reader counts per day and in total, for [first, last]."""
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError as error:
        raise BadRequest(f"from/to must be dates such as 2026-12-01: {error}") from None
    if end < start:
        raise BadRequest("to is before from")
    if (end - start).days >= MAX_STATS_DAYS:
        raise BadRequest(f"ask for at most {MAX_STATS_DAYS} days at a time")
    days = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    per_day = desk.store.articles.daily(days)
    names = ("suggestions_sent", "suggestion_clicks", "self_served", "helpful_yes", "helpful_no")
    totals = {name: sum(day.get(name, 0) for day in per_day.values()) for name in names}
    sent = totals["suggestions_sent"]
    return {"from": first, "to": last, "totals": totals,
            "click_rate": round(totals["suggestion_clicks"] / sent, 3) if sent else None,
            "days": [{"day": day, **{n: per_day.get(day, {}).get(n, 0) for n in names}} for day in days
                     if day in per_day]}
