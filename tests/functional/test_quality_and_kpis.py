"""Quality review of replies and KPIs by agent (on moto, Cognito included)."""

from __future__ import annotations

from tests.functional.helpers import call, new_ticket

PASSWORD = "Correct-Horse-42"


def token(client, keys, email, name, tier):
    call(client, "POST", "/admin/agents", keys["admin"], {"email": email, "name": name, "tier": tier,
                                                           "password": PASSWORD})
    return call(client, "POST", "/auth/sign-in", None, {"email": email, "password": PASSWORD}).json_body["token"]


def test_replies_resolutions_reopens_and_qa_scores_count_for_the_agent_who_did_them(client, keys):
    ana = token(client, keys, "ana@store.example", "Ana Ruiz", 1)
    rosa = token(client, keys, "rosa@store.example", "Rosa Review", 3)
    tid = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    reply = call(client, "POST", f"/tickets/{tid}/replies", ana, {"body": "It is on its way."}).json_body
    call(client, "POST", f"/tickets/{tid}/replies", ana, {"body": "Tracking: JD014600.", "keep_open": True})
    call(client, "POST", f"/tickets/{tid}/status", ana, {"status": "resolved"})
    call(client, "POST", f"/tickets/{tid}/messages", keys["storefront"], {"body": "It still has not come."})

    review = call(client, "POST", f"/tickets/{tid}/qa", rosa, {
        "message_id": reply["message"]["id"], "accuracy": 5, "empathy": 3, "policy": 4, "comment": "Say sorry."})

    assert review.status_code == 201, review.json_body
    assert review.json_body["review"]["detail"]["agent"] == "ana@store.example"
    today = reply["message"]["created_at"][:10]
    kpis = call(client, "GET", f"/metrics/agents/ana@store.example?from={today}&to={today}", ana).json_body["kpis"]
    assert (kpis["replies"], kpis["first_responses"], kpis["resolutions"], kpis["reopened"]) == (2, 1, 1, 1)
    assert kpis["reopen_rate"] == 1.0 and kpis["first_response_minutes_avg"] is not None
    assert kpis["qa"] == {"reviews": 1, "accuracy": 5.0, "empathy": 3.0, "policy": 4.0, "overall": 4.0}
    everyone = call(client, "GET", f"/metrics/agents?from={today}&to={today}", keys["admin"]).json_body["agents"]
    assert {a["agent"]: a["replies"] for a in everyone} == {"ana@store.example": 2, "rosa@store.example": 0}
    events = call(client, "GET", f"/tickets/{tid}", keys["admin"]).json_body["ticket"]["events"]
    assert [e["actor"] for e in events if e["action"] == "qa.scored"] == ["rosa@store.example"]


def test_who_may_score_and_read_kpis(client, keys):
    ana = token(client, keys, "ana@store.example", "Ana Ruiz", 1)
    rosa = token(client, keys, "rosa@store.example", "Rosa Review", 3)
    tid = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    own = call(client, "POST", f"/tickets/{tid}/replies", rosa, {"body": "On its way."}).json_body["message"]["id"]
    scores = {"message_id": own, "accuracy": 4, "empathy": 4, "policy": 4}

    assert call(client, "POST", f"/tickets/{tid}/qa", ana, scores).status_code == 403
    assert call(client, "POST", f"/tickets/{tid}/qa", rosa, scores).json_body["error"]["code"] == "own_reply"
    assert call(client, "POST", f"/tickets/{tid}/qa", rosa, {**scores, "accuracy": 6}).status_code == 400
    assert call(client, "GET", "/metrics/agents/rosa@store.example?from=2026-01-01&to=2026-12-31",
                ana).status_code == 403
    assert call(client, "GET", "/metrics/agents/ana@store.example?from=2026-02-01&to=2026-01-01",
                ana).status_code == 400
