"""The SLA timer follows the ticket: one sleeping execution per open ticket, woken only at a
deadline, stopped when the ticket is resolved, replaced when a change moves the next deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.errors import UpstreamError
from chalicelib.services import escalation, intake, outbox, replies, tickets, timer_work, timers
from chalicelib.services.schemas import FollowUp, NewTicket, StatusChange, TriageCorrection
from tests.unit.services.conftest import STOREFRONT, TIER1


@pytest.fixture
def ticket(fake):
    body = NewTicket.model_validate({"customer": {"email": "jane@example.org", "name": "Jane"},
                                     "subject": "Parcel is late", "body": "My parcel is a week late."})
    return intake.open_from_api(fake.desk, body, STOREFRONT, None).ticket


def running(fake) -> list[str]:
    return [name for name, status in fake.workflows.statuses.items() if status == "RUNNING"]


def test_a_new_ticket_s_timer_sleeps_until_its_first_warning(fake, ticket):
    assert running(fake) == [ticket.id]
    assert fake.workflows.started[ticket.id]["wake_at"] == timer_work.wake_time(ticket.sla.first_response_warn_at)


def test_resolving_stops_the_timer_and_the_stop_is_recorded_as_outbox_work(fake, ticket):
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="resolved"), TIER1)

    assert running(fake) == []
    assert fake.workflows.timer_status(ticket.id) == "ABORTED"
    [stop] = [w for w in fake.store.outbox.of_ticket(ticket.id) if w.kind == "timer_stop"]
    assert stop.status == "sent" and stop.payload == {"execution_name": ticket.id}


def test_a_stop_that_fails_is_retried_by_the_sweeper_and_an_ended_timer_is_no_error(fake, ticket):
    fake.workflows.fail_next(UpstreamError("Step Functions is down"))
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="closed"), TIER1)
    assert running(fake) == [ticket.id]  # the stop is pending, not lost

    fake.workflows.finish(ticket.id)  # meanwhile the timer woke, saw the ticket closed, and ended
    fake.clock.advance(minutes=5)
    swept = escalation.sweep(fake.desk)

    assert f"timer_stop.{ticket.id}" in swept["outbox_done"]
    assert [w.status for w in fake.store.outbox.of_ticket(ticket.id) if w.kind == "timer_stop"] == ["sent"]


def test_a_typical_conversation_keeps_one_timer_that_never_wakes(fake, ticket):
    fake.clock.advance(minutes=30)
    replies.reply(fake.desk, ticket.id, "Which address should we send it to?", TIER1)
    fake.clock.advance(hours=2)
    tickets.add_customer_message(fake.desk, ticket.id, FollowUp(body="12 High Street."), STOREFRONT)
    fake.clock.advance(minutes=20)
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="resolved"), TIER1)

    # Each deadline moved later than the first warning the timer sleeps until: nothing to restart.
    assert list(fake.workflows.started) == [ticket.id]
    assert fake.workflows.timer_status(ticket.id) == "ABORTED"


def test_an_answered_timer_wakes_once_for_nothing_then_sleeps_until_the_customer_writes(fake, ticket):
    replies.reply(fake.desk, ticket.id, "Which address should we send it to?", TIER1)
    fake.clock.now = ticket.sla.first_response_warn_at + timedelta(seconds=1)

    decision = timers.check(fake.desk, ticket.id, ticket.id)

    # Answered, and waiting on the customer: no clock runs, so no re-checks, one long sleep.
    assert decision["action"] == "wait" and decision["warned"] == [] and decision["breached"] == []
    assert decision["wake_at"] == timer_work.wake_time(fake.clock.now + timer_work.IDLE_WAKE)
    assert fake.store.tickets.get(ticket.id).timer_wake_at == timer_work.whole_second(
        fake.clock.now + timer_work.IDLE_WAKE)

    fake.clock.advance(hours=5)
    tickets.add_customer_message(fake.desk, ticket.id, FollowUp(body="12 High Street."), STOREFRONT)

    # The customer re-armed the next-response clock, far sooner than the long sleep ends: a new
    # timer sleeps until its warning, the old one is stopped.
    resumed = fake.store.tickets.get(ticket.id)
    assert running(fake) == [f"{ticket.id}-r1"] and resumed.timer_name == f"{ticket.id}-r1"
    assert fake.workflows.timer_status(ticket.id) == "ABORTED"
    first_due = min(resumed.sla.next_response_warn_at, resumed.sla.resolution_warn_at)
    assert fake.workflows.started[f"{ticket.id}-r1"]["wake_at"] == timer_work.wake_time(first_due)
    assert resumed.timer_wake_at == timer_work.whole_second(first_due)


def test_a_higher_priority_brings_the_deadlines_sooner_and_restarts_the_timer(fake, ticket):
    tickets.correct_triage(fake.desk, ticket.id, TriageCorrection(priority="critical", reason="chargeback"), TIER1)

    stored = fake.store.tickets.get(ticket.id)
    assert running(fake) == [f"{ticket.id}-r1"]
    assert fake.workflows.started[f"{ticket.id}-r1"]["wake_at"] == timer_work.wake_time(
        stored.sla.first_response_warn_at)


def test_a_change_that_leaves_the_deadlines_alone_leaves_the_timer_alone(fake, ticket):
    fake.clock.now = ticket.sla.first_response_warn_at + timedelta(seconds=1)
    decision = timers.check(fake.desk, ticket.id, ticket.id)  # the timer's own wake: a warning

    assert decision["action"] == "wait" and decision["warned"] == ["first_response"]
    assert decision["wake_at"] == timer_work.wake_time(ticket.sla.first_response_due)
    assert running(fake) == [ticket.id] and len(fake.workflows.started) == 1


def test_a_timer_replaced_by_a_newer_one_stops_at_its_next_wake(fake, ticket):
    fake.workflows.fail_next(UpstreamError("Step Functions is down"))  # the stop does not get through
    tickets.correct_triage(fake.desk, ticket.id, TriageCorrection(priority="critical", reason="vip"), TIER1)
    assert set(running(fake)) == {ticket.id, f"{ticket.id}-r1"}

    assert timers.check(fake.desk, ticket.id, ticket.id)["action"] == "stop"
    assert timers.check(fake.desk, ticket.id, f"{ticket.id}-r1")["action"] == "wait"


def test_a_reopened_ticket_gets_a_new_timer(fake, ticket):
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="resolved"), TIER1)
    fake.clock.advance(hours=1)
    tickets.add_customer_message(fake.desk, ticket.id, FollowUp(body="It is still not here."), STOREFRONT)

    assert running(fake) == [f"{ticket.id}-r1"]
    assert fake.store.tickets.get(ticket.id).timer_name == f"{ticket.id}-r1"
    assert len([w for w in fake.store.outbox.of_ticket(ticket.id) if w.kind == "timer_stop"]) == 1


def test_a_late_stop_stops_only_the_timer_it_names(fake, ticket):
    stop = outbox.timer_stop(fake.desk, ticket.id, "T-NOTHERE000")
    assert outbox.deliver(fake.desk, [stop]) == {stop.id: {"stopped": False}}
    assert running(fake) == [ticket.id]


def test_when_no_timer_can_start_the_sweeper_records_the_breach_itself(fake, ticket):
    # Near the account's open-execution limit StartExecution fails (ExecutionLimitExceeded).
    fake.workflows.finish(ticket.id, "FAILED")
    fake.workflows.fail_next(UpstreamError("ExecutionLimitExceeded"))
    fake.clock.now = ticket.sla.first_response_due + timedelta(minutes=1)

    swept = escalation.sweep(fake.desk)

    # The breach is recorded and the new timer's start queued, in one write; the start failed.
    assert swept["breaches_recorded"] == [ticket.id] and swept["timers_restarted"] == [ticket.id]
    stored = fake.store.tickets.get(ticket.id)
    assert stored.tier == 2 and stored.sla.breaches == ["first_response"]
    assert running(fake) == []
    start = fake.store.outbox.get(ticket.id, f"timer.{ticket.id}-r1")
    assert start is not None and start.status == "pending" and start.attempts == 1
    fake.clock.advance(minutes=5)
    assert f"timer.{ticket.id}-r1" in escalation.sweep(fake.desk)["outbox_done"]  # room again: watched again
