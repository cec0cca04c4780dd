"""KPIs from real stream records: tickets, remedies and notices written to the table on moto, the
stream read back from moto's DynamoDB Streams and handed to the consumer as Lambda would, and
`GET /metrics` compared with figures worked out by hand from the same tickets, also after the
stream delivered every batch a second time. A burst of defect tickets raises one alert."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import app as application
from chalicelib.adapters.repository import DynamoStore
from chalicelib.domain.models import (
    AuditEvent,
    Customer,
    Message,
    OutboxItem,
    Remedy,
    SlaDeadlines,
    Survey,
    Ticket,
)
from devstack.stack import stream_handler
from devstack.streams import StreamReader, drain, lambda_event
from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

EDGES = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 432000, 604800,
         1209600, 2592000, 31536000]
DAY0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
CATEGORIES = ["shipping_problem", "product_defect", "billing", "return_refund"]


@pytest.fixture(autouse=True)
def public_base_url(aws, monkeypatch):
    """Where customers reach the API: survey links point there (the local stack sets its own)."""
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")



def _edge(seconds: float) -> int:
    return next(edge for edge in EDGES if seconds <= edge)


def _nearest_rank(values: list[float], share: float) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return _edge(ordered[max(1, math.ceil(share * len(ordered))) - 1])


def _seed(store: DynamoStore, count: int = 40) -> list[Ticket]:
    """Tickets over ten days with first responses, resolutions, breaches, escalations and surveys
    at known moments, written as the services write them (create, then versioned saves)."""
    rng = random.Random(7)
    made = []
    for n in range(count):
        created = DAY0 + timedelta(days=rng.randrange(10), minutes=rng.randrange(600))
        ticket = Ticket(id=f"T-0SEED{n:05d}", category=CATEGORIES[n % 4], priority=["high", "normal", "low"][n % 3],
                        language="en", channel=["api", "email"][n % 2], subject=f"case {n}",
                        customer_email=f"c{n}@example.org", created_at=created, updated_at=created,
                        sla=SlaDeadlines(first_response_due=created + timedelta(hours=4)))
        store.tickets.create(ticket, Customer(email=ticket.customer_email, created_at=created),
                             Message(id=f"M{n:025d}", ticket_id=ticket.id, direction="inbound", channel="api",
                                     author=ticket.customer_email, body="help", created_at=created),
                             AuditEvent(id=f"E{n:025d}", ticket_id=ticket.id, at=created, actor="test",
                                        action="ticket.created"))
        version = 1
        updates: dict[str, Any] = {}
        if n % 5 != 0:  # answered, after a minute to three days
            updates["first_response_at"] = created + timedelta(seconds=rng.choice([45, 200, 2000, 5000, 30000, 90000,
                                                                                   200000]))
        if n % 7 == 0:
            updates["sla"] = ticket.sla.model_copy(update={"breaches": ["first_response"]})
        if n % 6 == 0:
            updates["tier"] = 2 if n % 12 else 3
        if n % 3 != 2 and "first_response_at" in updates:
            resolved = updates["first_response_at"] + timedelta(seconds=rng.choice([600, 7000, 50000, 400000]))
            updates.update(status="resolved", resolved_at=resolved, first_contact_resolution=n % 2 == 0)
            if n % 4 != 3:
                survey = Survey(id=f"S{n:025d}", sent_at=resolved, expires_at=resolved + timedelta(days=14),
                                status="answered", csat=1 + n % 5, nps=n % 11, answered_at=resolved + timedelta(hours=1),
                                rated_at=resolved + timedelta(hours=1))
                updates["survey"] = survey
        if updates:
            ticket = ticket.model_copy(update={**updates, "version": version + 1})
            store.tickets.save(ticket, version)
        made.append(ticket)
    return made


def _by_hand(tickets: list[Ticket], first: date, last: date) -> dict[str, Any]:
    def within(moment: datetime | None) -> bool:
        return moment is not None and first <= moment.date() <= last

    opened = [t for t in tickets if within(t.created_at)]
    answered = [(t.first_response_at - t.created_at).total_seconds() for t in tickets if within(t.first_response_at)]
    resolved = [t for t in tickets if t.status == "resolved" and within(t.resolved_at)]
    took = [(t.resolved_at - t.created_at).total_seconds() for t in resolved]  # type: ignore[operator]
    surveys = [t.survey for t in tickets if t.survey is not None and within(t.survey.answered_at)]
    csat = [s.csat for s in surveys if s.csat is not None]
    nps = [s.nps for s in surveys if s.nps is not None]
    return {
        "tickets_opened": len(opened),
        "tickets_resolved": len(resolved),
        "frt": (len(answered), round(sum(answered) / len(answered), 1), _nearest_rank(answered, 0.5),
                _nearest_rank(answered, 0.9)),
        "res": (len(took), round(sum(took) / len(took), 1), _nearest_rank(took, 0.5), _nearest_rank(took, 0.9)),
        "first_contact_resolution_rate": round(sum(bool(t.first_contact_resolution) for t in resolved) / len(resolved), 4),
        "sla_breach_rate": round(sum(bool(t.sla.breaches) for t in opened) / len(opened), 4),
        "tier3": round(sum(t.tier >= 3 for t in opened) / len(opened), 4),
        "csat": round(sum(c >= 4 for c in csat) / len(csat) * 100, 1),
        "nps": round((sum(n >= 9 for n in nps) - sum(n <= 6 for n in nps)) / len(nps) * 100, 1),
        "shipping": sum(t.category == "shipping_problem" for t in opened),
        "email": sum(t.channel == "email" for t in opened),
    }


def _observed(metrics: dict[str, Any]) -> dict[str, Any]:
    frt, res = metrics["first_response_time"], metrics["resolution_time"]
    return {
        "tickets_opened": metrics["tickets_opened"],
        "tickets_resolved": metrics["tickets_resolved"],
        "frt": (frt["count"], frt["mean_seconds"], frt["p50_seconds"], frt["p90_seconds"]),
        "res": (res["count"], res["mean_seconds"], res["p50_seconds"], res["p90_seconds"]),
        "first_contact_resolution_rate": metrics["first_contact_resolution_rate"],
        "sla_breach_rate": metrics["sla_breach_rate"],
        "tier3": metrics["escalation_rate"]["tier3"],
        "csat": metrics["csat"],
        "nps": metrics["nps"],
        "shipping": metrics["volume"]["category"].get("shipping_problem", 0),
        "email": metrics["volume"]["channel"].get("email", 0),
    }


@pytest.fixture
def consumer(aws: dict[str, str]) -> Any:
    return stream_handler(application.app)


def _metrics(client, keys, first: date, last: date, extra: str = "") -> dict[str, Any]:
    answer = call(client, "GET", f"/metrics?from={first}&to={last}{extra}", keys["admin"])
    assert answer.status_code == 200, answer.json_body
    return dict(answer.json_body)


def test_kpis_from_the_stream_equal_figures_worked_out_by_hand_even_after_a_replay(client, keys, aws, consumer):
    store = DynamoStore(aws["TABLE_NAME"])
    tickets = _seed(store)
    reader = StreamReader(aws["TABLE_NAME"])
    batches = drain(reader, consumer, batch_size=25)
    assert len(batches) >= 3  # the seed spans several deliveries

    periods = [(date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 11, 3), date(2026, 11, 6))]
    for first, last in periods:
        assert _observed(_metrics(client, keys, first, last)["metrics"]) == _by_hand(tickets, first, last)
    first, last = periods[0]
    before = _metrics(client, keys, first, last, "&group_by=category")

    # The stream delivers every batch again (a timeout after the write), and one batch in halves.
    for records in batches:
        consumer(lambda_event(records, reader.stream_arn), None)
    consumer(lambda_event(batches[0][:7], reader.stream_arn), None)
    assert _metrics(client, keys, first, last, "&group_by=category") == before

    by_category = {g["group"]: g for g in before["groups"]}
    assert by_category["billing"]["tickets_opened"] == sum(t.category == "billing" for t in tickets)
    assert sum(g["tickets_opened"] for g in before["groups"]) == len(tickets)


def test_reopening_and_remedies_and_notices_move_the_counters(client, keys, aws, consumer):
    store = DynamoStore(aws["TABLE_NAME"])
    ticket = _seed(store, 2)[1]  # resolved, surveyed
    assert ticket.status == "resolved"
    reopened = ticket.model_copy(update={"status": "open", "resolved_at": None, "version": ticket.version + 1})
    store.tickets.save(reopened, ticket.version)
    at = DAY0 + timedelta(days=2)
    remedy = Remedy(id="R-01ARZ3NDEKTSV4RRFFQ69G5FAV", ticket_id=ticket.id, type="refund", status="granted",
                    amount="19.90", currency="EUR", requested_by="agent_tier2:k", requested_at=at, decided_at=at,
                    decided_by="agent_tier2:k", ticket_category="shipping_problem")
    from chalicelib.adapters.ports import Claim

    store.remedies.record(remedy, AuditEvent(id="E" * 26, ticket_id=ticket.id, at=at, actor="t", action="remedy"),
                          Claim("remedy", "r1"))
    notice = OutboxItem(id="delay-1", ticket_id=ticket.id, kind="email", purpose="delay_notice", created_at=at,
                        next_attempt_at=at, mime=b"x")
    store.tickets.save(reopened.model_copy(update={"version": reopened.version + 1}), reopened.version,
                       outbox=[notice])
    store.outbox.done(notice, {"ses_message_id": "x"})
    drain(StreamReader(aws["TABLE_NAME"]), consumer)

    metrics = _metrics(client, keys, date(2026, 11, 1), date(2026, 12, 31))["metrics"]
    assert metrics["tickets_resolved"] == 0 and metrics["resolution_time"]["count"] == 0  # reopened
    assert metrics["tickets_opened"] == 2 and metrics["proactive_notices_sent"] == 1
    assert metrics["remedies_granted"] == 1 and metrics["remedy_cost"] == {"EUR": "19.90"}
    assert metrics["remedy_cost_by_tier"] == {"2": {"EUR": "19.90"}}
    assert metrics["remedy_cost_by_category"] == {"shipping_problem": {"EUR": "19.90"}}


def test_a_burst_of_defect_tickets_for_one_sku_raises_one_alert(client, keys, aws, consumer):
    quality = "quality@example.com"
    opened = []
    for n, sku in enumerate(["KT-100", "kt-100", "Kt-100", "KT-100", "KT-200"]):
        body = new_ticket(customer={"email": f"buyer{n}@example.org"}, sku=sku,
                          subject="Kettle is broken", body=f"The kettle (unit {n}) stopped heating and smells burnt. "
                                                           "It is defective, it does not work at all.")
        opened.append(call(client, "POST", "/tickets", keys["storefront"], body).json_body["ticket"])
    defects = [t for t in opened if t["category"] == "product_defect"]
    assert len(defects) == 5, [t["category"] for t in opened]
    reader = StreamReader(aws["TABLE_NAME"])
    batches = drain(reader, consumer, batch_size=4)
    for records in batches:  # delivered again
        consumer(lambda_event(records, reader.stream_arn), None)

    to_quality = [m for m in outbox_messages(aws["outbox"]) if m["To"].addresses[0].addr_spec == quality]
    alerts = [m for m in to_quality if "Recurring defect" in str(m["Subject"])]
    assert len(alerts) == 1
    # Five defect tickets on a day with none before is also a spike in the category: one alert too.
    assert len([m for m in to_quality if "Spike in product_defect" in str(m["Subject"])]) == 1
    text = text_of(alerts[0])
    assert "KT-100" in str(alerts[0]["Subject"]) and "stopped heating" in text
    assert all(t["id"] in text for t in opened[:3])
    assert opened[4]["id"] not in text  # another SKU
    assert "once per SKU and window" in text
    events = [w for t in opened for w in DynamoStore(aws["TABLE_NAME"]).outbox.of_ticket(t["id"])
              if w.purpose == "pattern_alert" and w.kind == "event"]
    assert sorted((e.payload["detail_type"], e.status) for e in events) == [
        ("CategorySpikeDetected", "sent"), ("DefectPatternDetected", "sent")]
    events = [e for e in events if e.payload["detail_type"] == "DefectPatternDetected"]
    assert events[0].payload["detail"]["sku"] == "KT-100" and events[0].payload["detail"]["count"] >= 3
