"""Remedies, escalation and the sweeper on the in-memory ports, with the clock moved by hand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib.errors import Conflict, Forbidden, UpstreamError
from chalicelib.services import escalation, intake, outbox, remedies
from chalicelib.services.schemas import Escalation, NewTicket, RemedyIn
from tests.unit.services.conftest import STOREFRONT, TIER1, TIER2, TIER3


@pytest.fixture
def ticket(fake):
    body = NewTicket.model_validate({"customer": {"email": "jane@example.org", "name": "Jane"},
                                     "subject": "Parcel is late", "body": "My parcel is a week late.",
                                     "order_id": "1001"})
    return intake.open_from_api(fake.desk, body, STOREFRONT, None).ticket


def remedy_in(**overrides: Any) -> RemedyIn:
    return RemedyIn.model_validate({"type": "store_credit", "amount": "5", "currency": "USD",
                                    "reason": "late parcel", **overrides})


def test_a_remedy_within_authority_is_granted_and_published_once(fake, ticket):
    granted, replayed = remedies.request(fake.desk, ticket.id, remedy_in(), TIER1, "credit-1")
    again, replayed_again = remedies.request(fake.desk, ticket.id, remedy_in(), TIER1, "credit-1")

    assert granted.status == "granted" and granted.published_at == fake.clock.now and not replayed
    assert replayed_again and again.id == granted.id
    [(detail_type, detail)] = fake.bus.published
    assert detail_type == "RemedyGranted" and detail["event_id"] == f"remedy-granted.{granted.id}"
    assert detail["remedy_id"] == granted.id and detail["amount"] == "5.00"
    assert remedies.load(fake.desk, ticket.id, granted.id).published_at is not None


def test_a_remedy_above_authority_waits_for_a_tier_that_has_it(fake, ticket):
    held, _ = remedies.request(fake.desk, ticket.id, remedy_in(type="refund", amount="120"), TIER1, None)

    assert held.status == "awaiting_approval" and held.approval_tier == 2
    assert [r.id for r in remedies.awaiting_approval(fake.desk, 2)] == [held.id]
    [notice] = fake.mail_to("tier2@example.com")
    assert "Approval needed" in notice["Subject"]
    with pytest.raises(Forbidden):
        remedies.decide(fake.desk, ticket.id, held.id, True, TIER1, "")

    approved = remedies.decide(fake.desk, ticket.id, held.id, True, TIER2, "fair")

    assert approved.status == "granted" and approved.decided_by == TIER2.principal
    assert [t for t, _ in fake.bus.published] == ["RemedyGranted"]
    assert remedies.awaiting_approval(fake.desk, 2) == []
    assert remedies.decide(fake.desk, ticket.id, held.id, True, TIER3, "").status == "granted"  # retried
    with pytest.raises(Conflict):
        remedies.decide(fake.desk, ticket.id, held.id, False, TIER3, "no")


def test_nobody_approves_their_own_request(fake, ticket):
    held, _ = remedies.request(fake.desk, ticket.id, remedy_in(type="refund", amount="400"), TIER2, None)

    with pytest.raises(Forbidden) as own:
        remedies.decide(fake.desk, ticket.id, held.id, True, TIER2, "")

    assert own.value.code == "own_request"


def test_a_remedy_granted_while_the_bus_was_down_is_published_by_the_sweeper(fake, ticket):
    fake.bus.fail_next(UpstreamError("EventBridge unavailable"))

    granted, _ = remedies.request(fake.desk, ticket.id, remedy_in(), TIER1, None)
    assert granted.published_at is None and fake.bus.published == []

    fake.clock.advance(minutes=5)
    swept = outbox.retry_due(fake.desk)

    assert swept["outbox_done"] == [f"remedy-granted.{granted.id}"]
    assert len(fake.bus.published) == 1
    assert remedies.load(fake.desk, ticket.id, granted.id).published_at is not None
    fake.clock.advance(hours=3)
    assert outbox.retry_due(fake.desk)["outbox_done"] == []


def test_a_late_approval_moves_up_a_tier(fake, ticket):
    held, _ = remedies.request(fake.desk, ticket.id, remedy_in(type="refund", amount="120"), TIER1, None)
    fake.clock.advance(hours=25)

    swept = escalation.sweep(fake.desk)

    assert swept["approvals_escalated"] == [held.id]
    moved = remedies.load(fake.desk, ticket.id, held.id)
    assert moved.approval_tier == 3 and moved.approval_due > fake.clock.now
    assert [r.id for r in remedies.awaiting_approval(fake.desk, 3)] == [held.id]
    assert len(fake.mail_to("tier3@example.com")) == 1
    assert escalation.sweep(fake.desk)["approvals_escalated"] == []


def test_the_sweeper_records_a_missed_deadline_and_escalates(fake, ticket):
    fake.clock.now = ticket.sla.first_response_due + timedelta(minutes=1)

    swept = escalation.sweep(fake.desk)

    # Read once: the recorded breach moved it on to its next deadline, whatever its new tier.
    assert swept["overdue_tickets"] == 1 and swept["breaches_recorded"] == [ticket.id]
    assert swept["overdue_finished"] is True
    stored = fake.store.tickets.get(ticket.id)
    assert stored.tier == 2 and "first_response" in stored.sla.breaches
    [notice] = fake.mail_to("tier2@example.com")
    assert ticket.id in notice["Subject"] or ticket.id in notice.get_body().get_content()
    assert escalation.sweep(fake.desk)["breaches_recorded"] == []


def test_the_sweeper_restarts_a_timer_that_is_not_running(fake, ticket):
    fake.workflows.finish(ticket.id, "FAILED")
    fake.clock.now = ticket.sla.first_response_due + timedelta(minutes=1)

    swept = escalation.sweep(fake.desk)

    assert swept["timers_restarted"] == [ticket.id]
    assert fake.workflows.timer_status(f"{ticket.id}-r1") == "RUNNING"
    assert fake.store.tickets.get(ticket.id).timer_name == f"{ticket.id}-r1"


def test_escalating_by_hand_goes_up_and_stops_at_the_resolution_center(fake, ticket):
    up = escalation.escalate(fake.desk, ticket.id, Escalation(reason="customer is a journalist"), TIER1)
    top = escalation.escalate(fake.desk, ticket.id, Escalation(reason="legal", tier=3), TIER2)

    assert (up.tier, top.tier) == (2, 3)
    with pytest.raises(Conflict) as highest:
        escalation.escalate(fake.desk, ticket.id, Escalation(reason="again"), TIER3)
    assert highest.value.code == "highest_tier"
    assert len(fake.mail_to("tier2@example.com")) == 1 and len(fake.mail_to("tier3@example.com")) == 1


def test_a_late_timer_start_never_makes_a_second_timer(fake):
    body = NewTicket.model_validate({"customer": {"email": "jane@example.org", "name": "Jane"},
                                     "subject": "Parcel is late", "body": "My parcel is a week late."})
    fake.workflows.fail_next(UpstreamError("Step Functions is down"))
    opened = intake.open_from_api(fake.desk, body, STOREFRONT, None).ticket
    assert fake.workflows.started == {}

    # Overdue before the outbox's retry came round: the sweeper starts a timer of its own…
    fake.clock.now = opened.sla.first_response_due + timedelta(minutes=1)
    swept = escalation.sweep(fake.desk)
    assert swept["timers_restarted"] == [opened.id]

    # …and the original start, retried later, sees it was overtaken.
    fake.clock.advance(minutes=10)
    outbox.retry_due(fake.desk)
    assert list(fake.workflows.started) == [f"{opened.id}-r1"]
    timers = {w.id: (w.status, w.result) for w in fake.store.outbox.of_ticket(opened.id) if w.kind == "timer"}
    assert timers == {f"timer.{opened.id}": ("sent", {"started": False, "superseded": True}),
                      f"timer.{opened.id}-r1": ("sent", {"started": True})}


def test_a_ticket_overdue_with_nothing_to_record_is_put_off_not_read_every_run(fake, ticket):
    fake.clock.now = ticket.sla.first_response_due + timedelta(minutes=1)
    # A deadline stored by an older policy: passed on the ticket, not yet due by today's rules.
    stale = ticket.sla.model_copy(update={"first_response_due": ticket.created_at + timedelta(seconds=1)})
    fake.store.tickets.save(ticket.model_copy(update={"sla": stale, "version": ticket.version + 1}), ticket.version)
    fake.clock.now = ticket.created_at + timedelta(minutes=5)

    swept = escalation.sweep(fake.desk)

    assert swept["put_off"] == [ticket.id] and swept["breaches_recorded"] == []
    assert escalation.sweep(fake.desk)["overdue_tickets"] == 0
    assert "sla.sweep_put_off" in [e.action for e in fake.store.tickets.events(ticket.id, 20)[0]]


def test_a_spent_budget_stops_the_run_and_the_next_run_goes_on(fake):
    opened = [intake.open_from_api(fake.desk, NewTicket.model_validate({
        "customer": {"email": f"c{n}@example.org"}, "subject": "Parcel is late",
        "body": "My parcel is a week late."}), STOREFRONT, None).ticket for n in range(3)]
    fake.clock.now = max(t.sla.first_response_due for t in opened) + timedelta(minutes=1)

    spent = escalation.Budget(0.0)
    first = escalation.sweep(fake.desk, spent)
    assert first["overdue_tickets"] == 0 and first["overdue_finished"] is False

    second = escalation.sweep(fake.desk, escalation.Budget(60.0))
    assert sorted(second["breaches_recorded"]) == sorted(t.id for t in opened)
    assert second["overdue_finished"] is True

