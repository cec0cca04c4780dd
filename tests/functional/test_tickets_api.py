"""The REST API through chalice.test.Client on moto: what a storefront and an agent see."""

from __future__ import annotations

import threading

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of


def test_storefront_opens_a_ticket_and_the_customer_is_acknowledged(client, keys, aws):
    response = call(client, "POST", "/tickets", keys["storefront"], new_ticket())

    assert response.status_code == 201
    ticket = response.json_body["ticket"]
    assert ticket["id"].startswith("T-")
    assert ticket["status"] == "new"
    assert ticket["tier"] == 1
    assert ticket["category"] == "shipping_problem"
    assert ticket["priority"] in {"high", "normal"}
    assert ticket["language"] == "en"
    assert ticket["sla"]["first_response_due"] > ticket["created_at"]
    assert ticket["sla"]["resolution_due"] > ticket["sla"]["first_response_due"]

    [ack] = outbox_messages(aws["outbox"])
    assert ack["To"].addresses[0].addr_spec == "jane@example.org"
    assert ticket["id"] in ack["Subject"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["Reply-To"].startswith("support+" + ticket["id"].lower() + ".")
    body = text_of(ack)
    assert ticket["id"] in body
    assert "delivery" in body  # the category we understood, in words
    assert "within" in body  # the promised response time


def test_ticket_reads_back_with_its_message_and_audit_trail(client, keys):
    created = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    response = call(client, "GET", f"/tickets/{created['id']}", keys["agent_tier1"])

    assert response.status_code == 200
    ticket = response.json_body["ticket"]
    assert ticket["id"] == created["id"]
    assert [m["direction"] for m in ticket["messages"]] == ["inbound"]
    assert "kettle" in ticket["messages"][0]["body"]
    assert [e["action"] for e in ticket["events"]] == ["ticket.created"]
    assert ticket["events"][0]["actor"].startswith("storefront:")


def test_ticket_ids_read_aloud_are_accepted(client, keys):
    created = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    spoken = created["id"].lower().replace("0", "o")

    response = call(client, "GET", f"/tickets/{spoken}", keys["storefront"])

    assert response.status_code == 200
    assert response.json_body["ticket"]["id"] == created["id"]


def test_retry_with_the_same_idempotency_key_returns_the_same_ticket(client, keys, aws):
    headers = {"Idempotency-Key": "checkout-5521-contact"}
    first = call(client, "POST", "/tickets", keys["storefront"], new_ticket(), headers)
    second = call(client, "POST", "/tickets", keys["storefront"], new_ticket(), headers)

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json_body["ticket"]["id"] == first.json_body["ticket"]["id"]
    listed = call(client, "GET", "/customers/jane@example.org/tickets", keys["storefront"])
    assert len(listed.json_body["tickets"]) == 1
    assert len(outbox_messages(aws["outbox"])) == 1


def test_parallel_retries_make_one_ticket(client, keys, aws):
    headers = {"Idempotency-Key": "double-click-77"}
    results = []

    def post() -> None:
        results.append(call(client, "POST", "/tickets", keys["storefront"], new_ticket(), headers))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ids = {r.json_body["ticket"]["id"] for r in results}
    assert len(ids) == 1
    assert sorted(r.status_code for r in results).count(201) == 1
    assert len(outbox_messages(aws["outbox"])) == 1


def test_reusing_an_idempotency_key_for_another_request_is_refused(client, keys):
    headers = {"Idempotency-Key": "same-key"}
    call(client, "POST", "/tickets", keys["storefront"], new_ticket(), headers)

    response = call(client, "POST", "/tickets", keys["storefront"],
                    new_ticket(subject="Something else entirely"), headers)

    assert response.status_code == 422
    assert response.json_body["error"]["code"] == "idempotency_key_reused"


def test_storefront_key_cannot_use_agent_endpoints(client, keys):
    created = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    queue = call(client, "GET", "/queues/1", keys["storefront"])
    status = call(client, "POST", f"/tickets/{created['id']}/status", keys["storefront"],
                  {"status": "resolved"})

    assert queue.status_code == 403
    assert queue.json_body["error"]["code"] == "wrong_role"
    assert status.status_code == 403


def test_requests_without_a_valid_key_are_refused(client, keys):
    missing = call(client, "POST", "/tickets", None, new_ticket())
    wrong = call(client, "POST", "/tickets", "rc_store_not-a-real-key", new_ticket())

    assert missing.status_code == 401
    assert wrong.status_code == 403


def test_bad_input_names_the_field_to_fix(client, keys):
    response = call(client, "POST", "/tickets", keys["storefront"],
                    new_ticket(customer={"email": "not-an-address"}, subject=""))

    assert response.status_code == 400
    error = response.json_body["error"]
    assert error["code"] == "validation_failed"
    fields = {d["field"] for d in error["details"]}
    assert {"customer.email", "subject"} <= fields


def test_malformed_json_and_unknown_fields_are_400(client, keys):
    broken = call(client, "POST", "/tickets", keys["storefront"], b"{not json")
    extra = call(client, "POST", "/tickets", keys["storefront"], new_ticket(colour="blue"))

    assert broken.status_code == 400
    assert broken.json_body["error"]["code"] == "invalid_json"
    assert extra.status_code == 400
    assert "colour" in extra.json_body["error"]["message"]


def test_unknown_ticket_is_404_with_the_envelope(client, keys):
    response = call(client, "GET", "/tickets/T-0000000000", keys["agent_tier1"])

    assert response.status_code == 404
    assert "T-0000000000" in response.json_body["error"]["message"]


def test_customer_ticket_list_pages_newest_first(client, keys):
    ids = [call(client, "POST", "/tickets", keys["storefront"],
                new_ticket(subject=f"Question {n}")).json_body["ticket"]["id"] for n in range(3)]

    first = call(client, "GET", "/customers/jane@example.org/tickets?limit=2", keys["storefront"]).json_body
    rest = call(client, "GET", f"/customers/jane@example.org/tickets?limit=2&cursor={first['next_cursor']}",
                keys["storefront"]).json_body

    listed = [t["id"] for t in first["tickets"] + rest["tickets"]]
    assert sorted(listed) == sorted(ids)
    assert len(first["tickets"]) == 2


def test_agent_queue_orders_by_priority_then_deadline(client, keys):
    routine = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        subject="Do you ship to Canada?", body="Hi, before I order: do you ship to Canada and how long does it take?",
        order_id=None)).json_body["ticket"]
    danger = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        subject="Charger caught fire", body="The charger I bought started smoking and caught fire last night. "
        "My son burned his hand.", order_id=None)).json_body["ticket"]

    queue = call(client, "GET", "/queues/1", keys["agent_tier1"]).json_body["tickets"]

    ids = [t["id"] for t in queue]
    assert danger["priority"] == "critical"
    assert ids.index(danger["id"]) < ids.index(routine["id"])


def test_tier_one_agent_cannot_open_the_tier_three_queue(client, keys):
    assert call(client, "GET", "/queues/3", keys["agent_tier1"]).status_code == 403
    assert call(client, "GET", "/queues/3", keys["agent_tier3"]).status_code == 200


def test_agent_moves_a_ticket_through_its_lifecycle(client, keys):
    ticket_id = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    agent = keys["agent_tier1"]

    for status in ("open", "pending", "resolved", "closed"):
        response = call(client, "POST", f"/tickets/{ticket_id}/status", agent,
                        {"status": status, "reason": f"to {status}"})
        assert response.status_code == 200, response.json_body
        assert response.json_body["ticket"]["status"] == status

    reopen = call(client, "POST", f"/tickets/{ticket_id}/status", agent, {"status": "open"})
    assert reopen.status_code == 409
    assert "closed" in reopen.json_body["error"]["message"]
    events = call(client, "GET", f"/tickets/{ticket_id}", agent).json_body["ticket"]["events"]
    changes = [(e["before"]["status"], e["after"]["status"]) for e in events if e["action"] == "ticket.status_changed"]
    assert changes == [("new", "open"), ("open", "pending"), ("pending", "resolved"), ("resolved", "closed")]


def test_stale_version_is_a_conflict_not_a_lost_update(client, keys):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    agent = keys["agent_tier1"]
    call(client, "POST", f"/tickets/{ticket['id']}/status", agent, {"status": "open"})

    stale = call(client, "POST", f"/tickets/{ticket['id']}/status", agent,
                 {"status": "resolved", "expected_version": ticket["version"]})

    assert stale.status_code == 409
    assert stale.json_body["error"]["code"] == "version_conflict"


def test_customer_follow_up_reopens_a_resolved_ticket(client, keys):
    ticket_id = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    call(client, "POST", f"/tickets/{ticket_id}/status", keys["agent_tier1"], {"status": "resolved"})

    response = call(client, "POST", f"/tickets/{ticket_id}/messages", keys["storefront"],
                    {"body": "It still has not arrived, sorry."})

    assert response.status_code == 201
    assert response.json_body["ticket"]["status"] == "open"
    assert response.json_body["ticket"]["reopened_count"] == 1


def test_acknowledgement_speaks_the_customers_language(client, keys, aws):
    call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        customer={"email": "lucia@example.es", "name": "Lucía"},
        subject="Mi pedido no ha llegado",
        body="Hola, hice un pedido hace dos semanas y todavía no ha llegado. ¿Pueden ayudarme?"))

    [ack] = outbox_messages(aws["outbox"])
    assert "Hemos recibido su mensaje" in ack["Subject"]
    assert "Lucía" in text_of(ack)


def test_raising_the_priority_shortens_the_deadlines_counted_from_the_start(client, keys):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        subject="Do you ship to Canada?", body="Before I order: do you ship to Canada?", order_id=None)).json_body["ticket"]

    response = call(client, "POST", f"/tickets/{ticket['id']}/triage", keys["agent_tier1"],
                    {"priority": "critical", "category": "billing", "reason": "customer reports fraud on the phone"})

    assert response.status_code == 200
    corrected = response.json_body["ticket"]
    assert (corrected["priority"], corrected["category"]) == ("critical", "billing")
    assert corrected["sla"]["first_response_due"] < ticket["sla"]["first_response_due"]
    assert corrected["sla"]["resolution_due"] < ticket["sla"]["resolution_due"]
    events = call(client, "GET", f"/tickets/{ticket['id']}", keys["agent_tier1"]).json_body["ticket"]["events"]
    [event] = [e for e in events if e["action"] == "ticket.triage_corrected"]
    assert event["before"] == {"priority": ticket["priority"], "category": ticket["category"]}
    assert call(client, "POST", f"/tickets/{ticket['id']}/triage", keys["storefront"],
                {"priority": "low", "reason": "nope"}).status_code == 403


def test_an_unexpected_failure_still_answers_in_the_error_envelope(client, keys, aws):
    import boto3

    call(client, "GET", "/queues/1", keys["agent_tier1"])  # the key is now remembered by the authorizer
    boto3.client("dynamodb").delete_table(TableName=aws["TABLE_NAME"])  # the store is gone

    response = call(client, "GET", "/queues/1", keys["agent_tier1"])

    assert response.status_code >= 500
    assert response.json_body["error"]["code"] in {"upstream_unavailable", "internal_error"}
