"""Who handles what, and finding tickets (on moto, Cognito included): assign, take, my tickets,
every filter of GET /tickets, paging, and a ticket back in its queue when it outgrows its owner."""

from __future__ import annotations

import pytest

from tests.functional.helpers import call, new_ticket

PASSWORD = "Correct-Horse-42"


def add_agent(client, admin_key, email, name, tier):
    response = call(client, "POST", "/admin/agents", admin_key,
                    {"email": email, "name": name, "tier": tier, "password": PASSWORD})
    assert response.status_code == 201, response.json_body
    return call(client, "POST", "/auth/sign-in", None, {"email": email, "password": PASSWORD}).json_body["token"]


@pytest.fixture
def team(client, keys):
    return {"ana": add_agent(client, keys["admin"], "ana@store.example", "Ana Ruiz", 1),
            "sam": add_agent(client, keys["admin"], "sam@store.example", "Sam Lee", 2),
            "lead": add_agent(client, keys["admin"], "lead@store.example", "Lea Lead", "admin")}


def open_ticket(client, keys, **overrides):
    response = call(client, "POST", "/tickets", keys["storefront"], new_ticket(**overrides))
    assert response.status_code == 201, response.json_body
    return response.json_body["ticket"]


def listed(client, token, query):
    response = call(client, "GET", f"/tickets?{query}", token)
    assert response.status_code == 200, response.json_body
    return [t["id"] for t in response.json_body["tickets"]]


def test_take_assign_reassign_and_unassign_leave_an_audit_trail_naming_people(client, keys, team):
    ticket = open_ticket(client, keys)
    tid = ticket["id"]

    taken = call(client, "POST", f"/tickets/{tid}/take", team["ana"])
    assert taken.status_code == 200
    assert taken.json_body["ticket"]["assignee"] == "ana@store.example"
    assert taken.json_body["ticket"]["assignee_name"] == "Ana Ruiz"
    assert listed(client, team["ana"], "assignee=me") == [tid]
    assert listed(client, team["sam"], "assignee=me") == []

    handed = call(client, "POST", f"/tickets/{tid}/assign", team["lead"], {"agent": "sam@store.example"})
    assert handed.json_body["ticket"]["assignee"] == "sam@store.example"
    assert listed(client, team["ana"], "assignee=me") == []
    assert listed(client, team["sam"], "assignee=me") == [tid]

    back = call(client, "POST", f"/tickets/{tid}/assign", team["sam"], {"agent": None})
    assert back.json_body["ticket"]["assignee"] is None
    assert listed(client, team["sam"], "assignee=me") == []
    assert tid in listed(client, team["sam"], "assignee=none")

    events = call(client, "GET", f"/tickets/{tid}", keys["admin"]).json_body["ticket"]["events"]
    trail = [(e["action"], e["actor"], (e.get("after") or {}).get("assignee")) for e in events
             if e["action"].startswith("ticket.") and "assign" in e["action"]]
    assert trail == [("ticket.assigned", "ana@store.example", "ana@store.example"),
                     ("ticket.reassigned", "lead@store.example", "sam@store.example"),
                     ("ticket.unassigned", "sam@store.example", None)]


def test_assignment_is_refused_clearly_when_it_cannot_be(client, keys, team):
    tid = open_ticket(client, keys)["id"]

    me_by_key = call(client, "POST", f"/tickets/{tid}/assign", keys["agent_tier1"], {"agent": "me"})
    nobody = call(client, "POST", f"/tickets/{tid}/assign", team["lead"], {"agent": "ghost@store.example"})
    frontline_hands_out = call(client, "POST", f"/tickets/{tid}/assign", team["ana"], {"agent": "sam@store.example"})
    missing_field = call(client, "POST", f"/tickets/{tid}/assign", team["lead"], {})

    assert me_by_key.status_code == 400 and me_by_key.json_body["error"]["code"] == "not_a_person"
    assert nobody.status_code == 404
    assert frontline_hands_out.status_code == 403
    assert missing_field.status_code == 400
    call(client, "POST", f"/tickets/{tid}/escalate", keys["agent_tier1"], {"reason": "needs a senior", "tier": 3})
    too_low = call(client, "POST", f"/tickets/{tid}/assign", team["lead"], {"agent": "sam@store.example"})
    assert too_low.status_code == 409 and too_low.json_body["error"]["code"] == "tier_too_low"


def test_an_escalated_ticket_leaves_its_owners_list_with_a_note_to_them(client, keys, team):
    tid = open_ticket(client, keys)["id"]
    call(client, "POST", f"/tickets/{tid}/take", team["ana"])

    call(client, "POST", f"/tickets/{tid}/escalate", team["ana"], {"reason": "refund above my limit"})

    assert listed(client, team["ana"], "assignee=me") == []
    read = call(client, "GET", f"/tickets/{tid}", keys["admin"]).json_body["ticket"]
    assert read["assignee"] is None and read["tier"] == 2
    notes = [m["body"] for m in read["messages"] if m["direction"] == "note"]
    assert notes and "Ana Ruiz" in notes[0] and "tier 2" in notes[0]
    assert "ticket.unassigned" in [e["action"] for e in read["events"]]


def test_a_deactivated_agents_tickets_go_back_to_their_queue(client, keys, team):
    first, second = open_ticket(client, keys)["id"], open_ticket(client, keys, order_id="2002")["id"]
    for tid in (first, second):
        call(client, "POST", f"/tickets/{tid}/take", team["ana"])

    call(client, "PATCH", "/admin/agents/ana@store.example", keys["admin"], {"active": False})

    assert listed(client, team["lead"], "assignee=ana@store.example") == []
    for tid in (first, second):
        assert call(client, "GET", f"/tickets/{tid}", keys["admin"]).json_body["ticket"]["assignee"] is None
    queue = [t["id"] for t in call(client, "GET", "/queues/1", keys["agent_tier1"]).json_body["tickets"]]
    assert {first, second} <= set(queue)


def test_every_filter_finds_what_it_says_newest_first(client, keys, team):
    kettle = open_ticket(client, keys, order_id="1001")
    other = open_ticket(client, keys, customer={"email": "max@example.org", "name": "Max"}, order_id="3003",
                        subject="Question before buying",
                        body="Does the blender come with a second jar? I want to buy it for my mother.",
                        channel="phone")
    third = open_ticket(client, keys, customer={"email": "max@example.org", "name": "Max"}, order_id="4004",
                        subject="Charged twice", body="My card was charged twice for order 4004, please refund one.")
    ids = [third["id"], other["id"], kettle["id"]]
    call(client, "POST", f"/tickets/{other['id']}/take", team["sam"])
    call(client, "POST", f"/tickets/{kettle['id']}/status", keys["agent_tier1"], {"status": "resolved"})
    call(client, "POST", f"/tickets/{third['id']}/escalate", keys["agent_tier1"], {"reason": "billing dispute"})
    agent = team["lead"]

    assert listed(client, agent, "") == ids  # newest first
    assert listed(client, agent, "order_id=3003") == [other["id"]]
    assert listed(client, agent, "email=MAX@example.org") == [third["id"], other["id"]]
    assert listed(client, agent, "status=resolved") == [kettle["id"]]
    assert listed(client, agent, "status=closed") == []
    assert listed(client, agent, "status=new,open,pending") == [third["id"], other["id"]]
    assert listed(client, agent, "assignee=sam@store.example") == [other["id"]]
    assert listed(client, team["sam"], "assignee=me&status=new") == [other["id"]]
    assert listed(client, agent, "tier=2") == [third["id"]]
    assert listed(client, agent, f"priority={other['priority']}&email=max@example.org") == \
        [t["id"] for t in (third, other) if t["priority"] == other["priority"]]
    assert listed(client, agent, f"category={other['category']}") == \
        [t for t in ids if t == other["id"] or call(client, "GET", f"/tickets/{t}", agent)
         .json_body["ticket"]["category"] == other["category"]]
    assert listed(client, agent, "channel=phone") == [other["id"]]
    today = kettle["created_at"][:10]
    assert listed(client, agent, f"created_from={today}&created_to={today}") == ids
    assert listed(client, agent, "created_to=2020-01-01") == []
    assert listed(client, agent, f"id={other['id'].lower().replace('0', 'o')}") == [other["id"]]


def test_pages_follow_the_cursor_without_repeats_and_bad_filters_are_refused(client, keys, team):
    made = [open_ticket(client, keys)["id"] for _ in range(5)]

    seen: list[str] = []
    cursor = None
    while True:
        query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = call(client, "GET", f"/tickets?{query}", team["lead"]).json_body
        seen += [t["id"] for t in body["tickets"]]
        cursor = body.get("next_cursor")
        if not cursor:
            break
    assert seen == list(reversed(made))
    for bad in ("status=done", "tier=9", "limit=0", "created_from=yesterday", "cursor=abc"):
        response = call(client, "GET", f"/tickets?{bad}", team["lead"])
        assert response.status_code == 400, bad
        assert response.json_body["error"]["message"]
    other_listing = call(client, "GET", "/tickets?limit=2", team["lead"]).json_body["next_cursor"]
    assert call(client, "GET", f"/tickets?status=new&cursor={other_listing}", team["lead"]).status_code == 400
    assert call(client, "GET", "/tickets", keys["storefront"]).status_code == 403


def test_an_order_number_the_customer_wrote_is_found_at_intake_and_by_the_filter(client, keys, team):
    written = call(client, "POST", "/tickets", keys["storefront"], {
        "customer": {"email": "li@example.org"}, "subject": "Wrong colour",
        "body": "Hello, I received a red mug instead of a blue one, see #A-2042. Can you swap it?"}).json_body["ticket"]
    given = open_ticket(client, keys, order_id="7007", body="About order 1001 and my other order.")

    assert written["order_id"] == "A-2042"
    assert given["order_id"] == "7007"  # what the request says wins
    assert listed(client, team["lead"], "order_id=A-2042") == [written["id"]]


def test_sixteen_agents_taking_one_ticket_at_once_leave_exactly_one_owner(client, keys):
    import threading

    tokens = [add_agent(client, keys["admin"], f"agent{n}@store.example", f"Agent {n}", 1) for n in range(4)]
    tid = open_ticket(client, keys)["id"]
    answers: list[int] = []

    def take(token):
        answers.append(call(client, "POST", f"/tickets/{tid}/take", token).status_code)

    threads = [threading.Thread(target=take, args=(tokens[n % 4],)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    owner = call(client, "GET", f"/tickets/{tid}", keys["admin"]).json_body["ticket"]
    winners = answers.count(200)
    assert set(answers) <= {200, 409} and winners == 4  # the owner's own retries are no-ops
    events = [e for e in owner["events"] if e["action"].startswith("ticket.") and "assign" in e["action"]]
    assert [(e["action"], e["actor"]) for e in events] == [("ticket.assigned", owner["assignee"])]
