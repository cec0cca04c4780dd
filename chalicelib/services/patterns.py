"""Recurring problems (`domain.patterns`): a SKU whose defect tickets keep coming, a category
spiking against its trailing average. Each alert is published on the bus and mailed to the
quality address, once per SKU and window (per category and day), as outbox work saved with the
alert's claim: a retried stream batch or a second consumer cannot raise it twice."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from ..adapters.ports import Claim, Occurrence
from ..adapters.streams import StreamChange
from ..domain import kpis
from ..domain import patterns as rules
from ..domain.clock import iso
from ..domain.ids import new_item_id
from ..domain.models import OutboxItem, Ticket
from ..mail.compose import Envelope, compose
from ..mail.render import render
from . import outbox
from .context import Desk
from .sla_terms import store_timezone

log = logging.getLogger(__name__)
_LISTED = 50  # tickets named in one alert
_CATEGORY_KEPT = timedelta(days=2)


def defect_rule(desk: Desk) -> rules.DefectRule:
    return rules.DefectRule(desk.settings.defect_alert_threshold, timedelta(days=desk.settings.defect_window_days))


def spike_rule(desk: Desk) -> rules.SpikeRule:
    settings = desk.settings
    return rules.SpikeRule(settings.spike_factor, settings.spike_min_count, settings.spike_trailing_days)


def detect(desk: Desk, changes: list[StreamChange]) -> list[dict[str, Any]]:
    window = defect_rule(desk).window
    noted: list[Occurrence] = []
    skus: dict[str, Ticket] = {}
    categories: dict[str, Ticket] = {}
    for change in changes:
        old = change.old if isinstance(change.old, Ticket) else None
        new = change.new if isinstance(change.new, Ticket) else None
        if new is None:
            continue
        sku = rules.newly_counted(old, new, rules.defect_subject)
        if sku:
            noted.append(_occurrence(sku, new, window))
            skus[sku] = new
        category = rules.newly_counted(old, new, rules.category_subject)
        if category:
            noted.append(_occurrence(category, new, _CATEGORY_KEPT))
            categories[new.category] = new
    if not noted:
        return []
    desk.store.patterns.note(noted)
    alerts = [a for subject, ticket in skus.items() if (a := _recurring_defect(desk, subject, ticket))]
    alerts += [a for category, ticket in categories.items() if (a := _spike(desk, category, ticket))]
    return alerts


def _occurrence(subject: str, ticket: Ticket, kept: timedelta) -> Occurrence:
    return Occurrence(subject=subject, ticket_id=ticket.id, at=ticket.created_at, customer=ticket.customer_email,
                      words=ticket.latest_customer_words[:500], expires_at=int((ticket.created_at + kept).timestamp()))


def _recurring_defect(desk: Desk, subject: str, ticket: Ticket) -> dict[str, Any] | None:
    rule = defect_rule(desk)
    now = desk.now()
    since = now - rule.window
    if not rules.recurring(desk.store.patterns.count_since(subject, since), rule):
        return None
    claim = Claim("pattern_alert", subject, {"ticket_id": ticket.id, "detected_at": iso(now)},
                  ttl=rules.alert_ttl(now, rule.window))
    if _raised_already(desk, claim):
        return None
    found = desk.store.patterns.recent(subject, since, _LISTED)
    sku = subject.removeprefix("sku:")
    detail = {"pattern": "recurring_defect", "sku": sku, "category": rules.DEFECT_CATEGORY,
              "count": len(found), "threshold": rule.threshold, "window_days": rule.window.total_seconds() / 86400,
              "since": iso(since), "detected_at": iso(now), **_listing(found)}
    return _raise(desk, claim, ticket, "DefectPatternDetected", detail,
                  f"Recurring defect: SKU {sku}, {len(found)} tickets in {_days(rule.window)} days")


def _spike(desk: Desk, category: str, ticket: Ticket) -> dict[str, Any] | None:
    rule = spike_rule(desk)
    timezone = store_timezone(desk.settings)
    today = date.fromisoformat(kpis.day_of(desk.now(), timezone))
    if kpis.day_of(ticket.created_at, timezone) != today.isoformat():
        return None  # a late record of an older day does not make today spike
    first = today - timedelta(days=rule.trailing_days)
    counters = desk.store.kpis.read(["category"], first.isoformat(), today.isoformat())["category"]
    name = f"{category}|opened"
    days = kpis.days_between(first, today)
    counts = [int(counters.get(day, {}).get(name, 0)) for day in days]
    if not rules.spiking(counts[-1], counts[:-1], rule):
        return None
    now = desk.now()
    claim = Claim("pattern_alert", f"spike:{category}:{today.isoformat()}", {"ticket_id": ticket.id},
                  ttl=int((now + timedelta(days=2)).timestamp()))
    if _raised_already(desk, claim):
        return None
    found = desk.store.patterns.recent(rules.category_subject(ticket), now - timedelta(days=1), _LISTED)
    found = [o for o in found if kpis.day_of(o.at, timezone) == today.isoformat()]
    average = sum(counts[:-1]) / len(counts[:-1])
    detail = {"pattern": "category_spike", "category": category, "day": today.isoformat(), "count": counts[-1],
              "trailing_average": round(average, 2), "trailing_days": rule.trailing_days, "factor": rule.factor,
              "detected_at": iso(now), **_listing(found)}
    return _raise(desk, claim, ticket, "CategorySpikeDetected", detail,
                  f"Spike in {category}: {counts[-1]} tickets today against {average:.1f} a day")


def _raised_already(desk: Desk, claim: Claim) -> bool:
    """Once an alert is raised, every later ticket of its day or window still counts as spiking
    or recurring: one read of the claim spares listing the occurrences and composing the mail
    again for each of them (the claim in `_raise` still decides a race)."""
    return desk.store.claims.find(claim) is not None


def _listing(found: list[Occurrence]) -> dict[str, Any]:
    return {"ticket_ids": [o.ticket_id for o in found],
            "tickets": [{"ticket_id": o.ticket_id, "opened_at": iso(o.at), "customer": o.customer, "words": o.words}
                        for o in found]}


def _days(window: timedelta) -> str:
    days = window.total_seconds() / 86400
    return str(int(days)) if days == int(days) else f"{days:g}"


def _raise(desk: Desk, claim: Claim, ticket: Ticket, detail_type: str, detail: dict[str, Any],
           headline: str) -> dict[str, Any] | None:
    alert_id = f"{detail_type}.{new_item_id(desk.now()).lower()}"
    work = [outbox.event(desk, ticket.id, "pattern_alert", detail_type, {**detail, "alert_id": alert_id},
                         event_id=alert_id),
            _mail(desk, ticket, alert_id, headline, detail)]
    if not desk.store.patterns.alert(claim, work):
        return None  # raised already for this SKU and window (or category and day)
    log.warning("recurring problem detected", extra={"alert": detail_type, "subject": claim.value,
                                                     "count": detail.get("count")})
    outbox.deliver(desk, work)
    return {"type": detail_type, "alert_id": alert_id, **{k: v for k, v in detail.items() if k != "tickets"}}


def _mail(desk: Desk, ticket: Ticket, alert_id: str, headline: str, detail: dict[str, Any]) -> OutboxItem:
    settings = desk.settings
    mail = render("pattern_alert", "en", {"support_name": settings.support_name, "store_name": settings.store_name,
                                          "headline": headline, "detail": detail})
    message_id = f"{alert_id}@{settings.support_domain}"
    envelope = Envelope(sender_name=settings.support_name, sender_address=settings.support_address,
                        to=settings.quality_mailbox, reply_to=settings.support_address, message_id=message_id,
                        automatic=True, sent_at=desk.now())
    return outbox.email(desk, ticket.id, "pattern_alert", [envelope.to], compose(envelope, mail), message_id)
