"""Agents are people (on moto's Cognito): sign-in, tokens that open the API, a name on every
reply and audit event, and a deactivated agent refused."""

from __future__ import annotations

import base64
import json

import pytest

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

PASSWORD = "Correct-Horse-42"


def add_agent(client, admin_key, email, name, tier, language="en", password=PASSWORD):
    response = call(client, "POST", "/admin/agents", admin_key,
                    {"email": email, "name": name, "tier": tier, "language": language, "password": password})
    assert response.status_code == 201, response.json_body
    return response.json_body["agent"]


def sign_in(client, email, password=PASSWORD):
    return call(client, "POST", "/auth/sign-in", None, {"email": email, "password": password})


@pytest.fixture
def ana(client, keys):
    add_agent(client, keys["admin"], "ana@store.example", "Ana Ruiz", 1)
    return sign_in(client, "ana@store.example").json_body["token"]


def test_an_agent_signs_in_and_the_token_opens_the_api_like_a_key(client, keys):
    add_agent(client, keys["admin"], "Ana@Store.example", "Ana Ruiz", 2, "es")

    response = sign_in(client, "ana@store.example")

    assert response.status_code == 200
    body = response.json_body
    assert body["agent"] == {"email": "ana@store.example", "name": "Ana Ruiz", "tier": 2, "language": "es",
                             "active": True}
    assert body["expires_at"] > "2026"
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    assert call(client, "GET", f"/tickets/{ticket['id']}", body["token"]).status_code == 200
    assert call(client, "GET", "/queues/2", body["token"]).status_code == 200
    me = call(client, "GET", "/me", body["token"]).json_body
    assert me["agent"]["email"] == "ana@store.example" and me["role"] == "agent_tier2"
    # Tier 2 may not work the tier 3 queue, nor manage agents.
    assert call(client, "GET", "/queues/3", body["token"]).status_code == 403
    assert call(client, "GET", "/admin/agents", body["token"]).status_code == 403


def test_a_wrong_password_or_an_unknown_agent_is_refused_the_same_way(client, keys):
    add_agent(client, keys["admin"], "ana@store.example", "Ana Ruiz", 1)

    wrong = sign_in(client, "ana@store.example", "not-the-password")
    unknown = sign_in(client, "nobody@store.example")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json_body["error"]["code"] == unknown.json_body["error"]["code"] == "sign_in_failed"
    assert call(client, "POST", "/auth/sign-in", None, {"email": "ana@store.example"}).status_code == 400


def test_a_forged_or_tampered_token_is_refused(client, keys, ana):
    header, claims, signature = ana.split(".")
    raised = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    raised["cognito:groups"] = ["admin"]
    raised["email"] = "alex@store.example"
    tampered = ".".join([header, base64.urlsafe_b64encode(json.dumps(raised).encode()).decode().rstrip("="),
                         signature])

    assert call(client, "GET", "/me", ana).status_code == 200
    # The gateway answers a token its authorizer refused as it answers a bad key: 403.
    assert call(client, "GET", "/me", tampered).status_code == 403
    unsigned = base64.urlsafe_b64encode(b'{"alg":"none","kid":"dummy"}').decode().rstrip("=")
    assert call(client, "GET", "/me", f"{unsigned}.{claims}.").status_code == 403


def test_replies_notes_and_the_audit_trail_name_the_person(client, keys, aws, ana):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    reply = call(client, "POST", f"/tickets/{ticket['id']}/replies", ana, {"body": "Your parcel is on its way."})
    note = call(client, "POST", f"/tickets/{ticket['id']}/notes", ana, {"body": "Checked with the carrier."})

    assert reply.status_code == 201 and note.status_code == 201
    read = call(client, "GET", f"/tickets/{ticket['id']}", keys["admin"]).json_body["ticket"]
    actors = {e["action"]: e["actor"] for e in read["events"]}
    assert actors["reply.sent"] == actors["note.added"] == "ana@store.example"
    assert {m["author"] for m in read["messages"] if m["direction"] != "inbound"} == {"ana@store.example"}
    sent = [m for m in outbox_messages(aws["outbox"]) if "on its way" in text_of(m)]
    assert sent and "Ana Ruiz\nCustomer Support" in text_of(sent[0])


def test_a_deactivated_agent_can_neither_sign_in_nor_use_a_token_they_hold(client, keys, ana):
    assert call(client, "GET", "/me", ana).status_code == 200

    changed = call(client, "PATCH", "/admin/agents/ana@store.example", keys["admin"], {"active": False})

    assert changed.status_code == 200 and changed.json_body["agent"]["active"] is False
    assert call(client, "GET", "/me", ana).status_code == 403
    refused = sign_in(client, "ana@store.example")
    assert refused.status_code in {401, 403}
    # Back at work: a new sign-in works again.
    call(client, "PATCH", "/admin/agents/ana@store.example", keys["admin"], {"active": True})
    assert sign_in(client, "ana@store.example").status_code == 200


def test_an_admin_changes_a_tier_and_the_next_token_carries_it(client, keys, ana):
    assert call(client, "GET", "/queues/2", ana).status_code == 403

    call(client, "PATCH", "/admin/agents/ana@store.example", keys["admin"], {"tier": 2})

    assert call(client, "GET", "/queues/2", ana).status_code == 200
    listed = call(client, "GET", "/admin/agents", keys["admin"]).json_body["agents"]
    assert [(a["email"], a["tier"]) for a in listed] == [("ana@store.example", 2)]


def test_adding_an_agent_twice_or_with_a_bad_tier_is_refused_clearly(client, keys):
    add_agent(client, keys["admin"], "ana@store.example", "Ana Ruiz", 1)

    again = call(client, "POST", "/admin/agents", keys["admin"],
                 {"email": "ana@store.example", "name": "Ana", "tier": 1, "password": PASSWORD})
    bad = call(client, "POST", "/admin/agents", keys["admin"], {"email": "bo@store.example", "name": "Bo", "tier": 7})
    generated = call(client, "POST", "/admin/agents", keys["admin"],
                     {"email": "cy@store.example", "name": "Cy", "tier": "admin"})

    assert again.status_code == 409 and again.json_body["error"]["code"] == "agent_exists"
    assert bad.status_code == 400 and "tier" in bad.json_body["error"]["message"]
    # A name the user pool may refuse (astral characters: moto does) is a 4xx, never half an agent.
    odd = call(client, "POST", "/admin/agents", keys["admin"],
               {"email": "dee@store.example", "name": "\ud95d\udf36\u00e1\uda89\ude9f\u0124", "tier": 1})
    assert odd.status_code in {201, 422}, odd.json_body
    listed = call(client, "GET", "/admin/agents/dee@store.example", keys["admin"]).status_code
    assert listed == (200 if odd.status_code == 201 else 404)
    assert generated.status_code == 201
    assert sign_in(client, "cy@store.example", generated.json_body["password"]).status_code == 200
