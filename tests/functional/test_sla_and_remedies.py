"""SLA timers on the real state machine (moto executes the ASL; the Lambda task runs in-process),
tiered escalation, the sweeper, and remedies within authority."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from tests.functional.helpers import call, new_ticket, outbox_messages

# Every SLA hour is one second: first response 2 s, next response 2 s, resolution 5 s.
FAST_POLICY = {"priorities": {p: {"first_response_hours": 2, "next_response_hours": 2, "resolution_hours": 5}
                              for p in ("critical", "high", "normal", "low")}}


@pytest.fixture
def fast_sla(aws: dict[str, str]) -> Iterator[None]:
    os.environ["SLA_SCALE"] = "3600"
    os.environ["SLA_POLICY"] = json.dumps(FAST_POLICY)
    yield


def until(probe: Callable[[], Any], seconds: float = 20, every: float = 0.25) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {seconds} s")


def read(client, keys, ticket_id):
    return call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier3"]).json_body["ticket"]


def execution(aws, name):
    arn = aws["state_machine_arn"].replace(":stateMachine:", ":execution:") + f":{name}"
    return boto3.client("stepfunctions").describe_execution(executionArn=arn)


def history(aws, name):
    arn = aws["state_machine_arn"].replace(":stateMachine:", ":execution:") + f":{name}"
    return boto3.client("stepfunctions").get_execution_history(executionArn=arn, maxResults=1000)["events"]


def executions_of(aws, ticket_id):
    """Every timer execution the ticket had (its own name, then `-r<n>` after each move)."""
    sfn = boto3.client("stepfunctions")
    runs = sfn.list_executions(stateMachineArn=aws["state_machine_arn"], maxResults=1000)["executions"]
    return [r for r in runs if r["name"] == ticket_id or r["name"].startswith(f"{ticket_id}-r")]


def transitions(aws, name):
    """What Step Functions Standard bills: one transition per state entered."""
    return sum(e["type"].endswith("StateEntered") for e in history(aws, name))


def test_unanswered_ticket_escalates_to_tier_two_then_tier_three(client, keys, aws, fast_sla):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    at_two = until(lambda: (t := read(client, keys, ticket["id"]))["tier"] == 2 and t)
    assert at_two["sla"]["breaches"] == ["first_response"]
    at_three = until(lambda: (t := read(client, keys, ticket["id"]))["tier"] == 3 and t)

    assert at_three["sla"]["breaches"] == ["first_response", "resolution"]
    escalations = [(e["before"]["tier"], e["after"]["tier"]) for e in at_three["events"]
                   if e["action"] == "ticket.escalated"]
    assert escalations == [(1, 2), (2, 3)]
    breaches = [e["detail"]["deadline"] for e in at_three["events"] if e["action"] == "sla.breached"]
    assert breaches == ["first_response", "resolution"]

    def notified() -> list[str]:  # the mail goes out just after the escalation is saved
        return [m["To"].addresses[0].addr_spec for m in outbox_messages(aws["outbox"])
                if "Escalated" in str(m["Subject"])]

    until(lambda: len(notified()) == 2, seconds=5)
    assert notified() == ["tier2@example.com", "tier3@example.com"]
    queue = call(client, "GET", "/queues/3", keys["agent_tier3"]).json_body["tickets"]
    assert ticket["id"] in [t["id"] for t in queue]

    # Every deadline missed: the timer sleeps (no idle re-checks) until the ticket is resolved,
    # which stops it. Nothing moved a deadline, so one execution did it all: a Wait, then a
    # Check and a Choice per wake, one wake per warning and per breach (fewer when two share a second).
    call(client, "POST", f"/tickets/{ticket['id']}/status", keys["agent_tier3"], {"status": "resolved"})
    [run] = executions_of(aws, ticket["id"])
    assert run["status"] == "ABORTED"
    assert transitions(aws, ticket["id"]) <= 1 + 3 * 4


def test_a_ticket_resolved_in_time_ends_its_timer_at_once_and_quietly(client, keys, aws, fast_sla):
    # Room to answer on a busy machine: first response 6 s, warning at 4.8 s.
    os.environ["SLA_POLICY"] = json.dumps({"priorities": {
        p: {"first_response_hours": 6, "next_response_hours": 2, "resolution_hours": 12}
        for p in ("critical", "high", "normal", "low")}})
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"], {"body": "Refund is on its way."})
    call(client, "POST", f"/tickets/{ticket['id']}/status", keys["agent_tier1"], {"status": "resolved"})

    # Resolving stopped the timer there and then: nothing of this ticket is left running, and the
    # timer only ever entered its Wait state.
    [run] = executions_of(aws, ticket["id"])
    assert run["status"] == "ABORTED"
    assert transitions(aws, run["name"]) <= 1
    final = read(client, keys, ticket["id"])
    assert final["tier"] == 1 and final["sla"]["breaches"] == []
    assert final["first_contact_resolution"] is True
    assert not [e for e in final["events"] if e["action"] in {"sla.breached", "ticket.escalated"}]


def test_time_waiting_on_the_customer_is_not_counted(client, keys, aws, fast_sla):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    created = datetime.fromisoformat(ticket["created_at"].replace("Z", "+00:00"))
    call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"], {"body": "Which address?"})

    time.sleep(6)  # longer than the whole 5 s resolution target, all of it pending
    paused = read(client, keys, ticket["id"])
    call(client, "POST", f"/tickets/{ticket['id']}/messages", keys["storefront"], {"body": "12 High Street."})
    resumed = read(client, keys, ticket["id"])

    assert paused["status"] == "pending" and paused["sla"]["resolution_due"] is None
    assert "resolution" not in paused["sla"]["breaches"]
    assert resumed["status"] == "open"
    due = datetime.fromisoformat(resumed["sla"]["resolution_due"].replace("Z", "+00:00"))
    assert due - created >= timedelta(seconds=5 + 5.5)
    assert resumed["sla"]["paused_seconds"] >= 5.5


def _ticket_without_timer(keys: dict[str, str]) -> str:
    """Step Functions was unavailable when the ticket came in: stored, but nothing watches it."""
    from chalicelib.adapters.workflows import Workflows
    from chalicelib.domain.access import Caller
    from chalicelib.services import intake
    from chalicelib.services.context import desk
    from chalicelib.services.schemas import NewTicket

    outage = desk()
    outage.workflows = Workflows(outage.settings.state_machine_arn + "-unavailable")
    opened = intake.open_from_api(outage, NewTicket.model_validate(new_ticket()), Caller("storefront", "k1"), None)
    return opened.ticket.id


def _sweep(client) -> dict[str, Any]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={},
                                            resources=["arn:aws:events:us-east-1:123456789012:rule/sla_sweep"])
    return dict(client.lambda_.invoke("sla_sweep", event).payload)


def test_the_sweeper_restarts_a_missing_timer(client, keys, aws, fast_sla):
    ticket_id = _ticket_without_timer(keys)
    time.sleep(2.5)  # the first response is now overdue and nothing is watching

    result = _sweep(client)

    assert ticket_id in result["timers_restarted"]
    assert execution(aws, f"{ticket_id}-r1")["status"] == "RUNNING"
    escalated = until(lambda: (t := read(client, keys, ticket_id))["tier"] == 2 and t)
    assert any(e["action"] == "sla.timer_restarted" for e in escalated["events"])
    assert ticket_id not in _sweep(client)["timers_restarted"]


def test_a_typical_ticket_keeps_one_timer_that_never_wakes(client, keys, aws, fast_sla):
    # Room for the whole conversation before any warning: first response 6 s, next response 6 s.
    os.environ["SLA_POLICY"] = json.dumps({"priorities": {
        p: {"first_response_hours": 6, "next_response_hours": 6, "resolution_hours": 12}
        for p in ("critical", "high", "normal", "low")}})
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"], {"body": "Which address?"})
    call(client, "POST", f"/tickets/{ticket['id']}/messages", keys["storefront"], {"body": "12 High Street."})
    call(client, "POST", f"/tickets/{ticket['id']}/status", keys["agent_tier1"], {"status": "resolved"})

    # Each change moved the next deadline later than the first warning the timer sleeps until, so
    # the one timer slept on, and the resolution stopped it: one state entered, its Wait.
    [run] = executions_of(aws, ticket["id"])
    assert run["status"] == "ABORTED"
    assert transitions(aws, run["name"]) <= 1
    final = read(client, keys, ticket["id"])
    assert final["sla"]["warnings"] == [] and final["sla"]["breaches"] == []


def test_agents_escalate_by_hand_with_a_reason(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    response = call(client, "POST", f"/tickets/{ticket['id']}/escalate", keys["agent_tier1"],
                    {"reason": "customer threatens chargeback"})
    missing = call(client, "POST", f"/tickets/{ticket['id']}/escalate", keys["agent_tier1"], {})
    storefront = call(client, "POST", f"/tickets/{ticket['id']}/escalate", keys["storefront"], {"reason": "x y z"})

    assert response.status_code == 200 and response.json_body["ticket"]["tier"] == 2
    assert missing.status_code == 400 and "reason" in missing.json_body["error"]["message"]
    assert storefront.status_code == 403
    [event] = [e for e in read(client, keys, ticket["id"])["events"] if e["action"] == "ticket.escalated"]
    assert event["detail"]["reason"] == "customer threatens chargeback"
    assert event["actor"].startswith("agent_tier1:")


def _bus_listener(aws: dict[str, str]) -> Callable[[], list[dict[str, Any]]]:
    sqs, events = boto3.client("sqs"), boto3.client("events")
    queue_url = sqs.create_queue(QueueName="store-systems")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="remedies", EventBusName=aws["EVENT_BUS_NAME"],
                    EventPattern=json.dumps({"source": ["resolution-center"], "detail-type": ["RemedyGranted"]}))
    events.put_targets(Rule="remedies", EventBusName=aws["EVENT_BUS_NAME"], Targets=[{"Id": "q", "Arn": queue_arn}])

    def received() -> list[dict[str, Any]]:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        return [json.loads(m["Body"]) for m in messages]

    return received


def test_a_refund_above_frontline_authority_waits_and_is_granted_once_approved(client, keys, aws):
    received = _bus_listener(aws)
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    refund = {"type": "refund", "amount": "120.00", "currency": "EUR", "reason": "parcel lost, full refund"}

    asked = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"], refund)

    assert asked.status_code == 202
    remedy = asked.json_body["remedy"]
    assert remedy["status"] == "awaiting_approval" and remedy["approval_tier"] == 2
    assert "above the tier 1 limit" in remedy["approval_reason"]
    waiting = call(client, "GET", "/approvals/2", keys["agent_tier2"]).json_body["remedies"]
    assert [r["id"] for r in waiting] == [remedy["id"]]
    assert any("Approval needed" in str(m["Subject"]) for m in outbox_messages(aws["outbox"]))
    path = f"/tickets/{ticket['id']}/remedies/{remedy['id']}"
    assert call(client, "POST", f"{path}/approve", keys["agent_tier1"]).status_code == 403

    approved = call(client, "POST", f"{path}/approve", keys["agent_tier2"], {"reason": "lost by carrier"})
    again = call(client, "POST", f"{path}/approve", keys["agent_tier2"])

    assert approved.status_code == 200 and approved.json_body["remedy"]["status"] == "granted"
    assert again.status_code == 200 and again.json_body["remedy"]["id"] == remedy["id"]
    published = until(received, seconds=5)
    assert len(published) == 1
    detail = published[0]["detail"]
    assert detail == {**detail, "remedy_id": remedy["id"], "type": "refund", "amount": "120.00", "currency": "EUR",
                      "order_id": "1001", "ticket_id": ticket["id"]}
    assert detail["customer"]["email"] == "jane@example.org"
    assert detail["approved_by"].startswith("agent_tier2:")
    assert call(client, "GET", "/approvals/2", keys["agent_tier2"]).json_body["remedies"] == []
    time.sleep(0.5)
    assert received() == []


def test_a_small_refund_is_granted_at_once_and_a_retry_grants_nothing_more(client, keys, aws):
    received = _bus_listener(aws)
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    refund = {"type": "refund", "amount": "20", "reason": "late delivery goodwill"}
    headers = {"Idempotency-Key": "refund-once"}

    first = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"], refund, headers)
    second = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"], refund, headers)

    assert first.status_code == 201 and first.json_body["remedy"]["status"] == "granted"
    assert second.status_code == 200 and second.json_body["remedy"]["id"] == first.json_body["remedy"]["id"]
    assert len(until(received, seconds=5)) == 1


def test_a_return_outside_the_window_is_refused_with_the_reason(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    delivered = (datetime.now(UTC) - timedelta(days=60)).isoformat()

    response = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier3"],
                    {"type": "return_label", "reason": "does not fit", "order": {"delivered_at": delivered}})

    assert response.status_code == 422
    error = response.json_body["error"]
    assert error["code"] == "remedy_refused"
    assert "30-day return window closed" in error["message"]
    assert any(e["action"] == "remedy.refused" for e in read(client, keys, ticket["id"])["events"])


def test_a_return_label_inside_the_window_gets_an_rma_number(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    delivered = (datetime.now(UTC) - timedelta(days=3)).isoformat()

    response = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"],
                    {"type": "return_label", "reason": "wrong size", "order": {"delivered_at": delivered}})

    assert response.status_code == 201
    assert response.json_body["remedy"]["rma_number"].startswith("RMA-")


def test_deny_needs_a_reason_and_the_requesting_agent_sees_it(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    remedy = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"],
                  {"type": "discount", "percent": "40", "reason": "angry customer"}).json_body["remedy"]
    path = f"/tickets/{ticket['id']}/remedies/{remedy['id']}"

    assert call(client, "POST", f"{path}/deny", keys["agent_tier3"]).status_code == 400
    denied = call(client, "POST", f"{path}/deny", keys["agent_tier3"], {"reason": "offer 15% instead"})

    assert denied.json_body["remedy"]["status"] == "denied"
    listed = call(client, "GET", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"]).json_body["remedies"]
    assert listed[0]["decision_reason"] == "offer 15% instead"


def test_first_contact_resolution_is_false_after_a_follow_up(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    call(client, "POST", f"/tickets/{ticket['id']}/messages", keys["storefront"], {"body": "Any news?"})
    resolved = call(client, "POST", f"/tickets/{ticket['id']}/status", keys["agent_tier1"], {"status": "resolved"})

    assert resolved.json_body["ticket"]["first_contact_resolution"] is False
