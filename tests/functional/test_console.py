"""The agent console (/console) on moto through chalice.test.Client, as a browser uses it: sign in
(the user pool's accounts), the queue, each form of the ticket page, CSRF refused, an agent kept
to what their tier may do, hostile ticket text escaped, admins' pages, and a deactivated agent's
session ending."""

from __future__ import annotations

import re

import pytest

from tests.functional.console_browser import ConsoleBrowser
from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

PASSWORD = "Correct-Horse-42"
AGENTS = {"ana@store.example": ("Ana Ruiz", 1), "sam@store.example": ("Sam Senior", 2),
          "alex@store.example": ("Alex Admin", "admin")}


@pytest.fixture
def desk(client, keys):
    for email, (name, tier) in AGENTS.items():
        made = call(client, "POST", "/admin/agents", keys["admin"],
                    {"email": email, "name": name, "tier": tier, "password": PASSWORD})
        assert made.status_code == 201, made.json_body
    return client


def browser(client, email=None):
    opened = ConsoleBrowser(client)
    if email:
        opened.sign_in(email, PASSWORD)
        assert opened.last.status_code == 200, opened.page[:500]
    return opened


def open_ticket(client, keys, **overrides):
    response = call(client, "POST", "/tickets", keys["storefront"], new_ticket(**overrides))
    assert response.status_code == 201, response.json_body
    return response.json_body["ticket"]


def test_the_sign_in_page_then_the_queue_lists_ticket_ids_with_a_safe_session(desk, keys):
    ticket = open_ticket(desk, keys)
    agent = browser(desk)

    first = agent.get("/console")

    assert first.status_code == 200
    assert re.search(r'<input[^>]+name="email"', agent.page) and re.search(r'<input[^>]+name="password"', agent.page)
    headers = first.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in agent.page and " style=" not in agent.page

    agent.sign_in("ana@store.example", PASSWORD)

    assert agent.last.status_code == 200
    assert ticket["id"] in agent.page and "Tier 1" in agent.page
    session = agent.client.http.post("/console/sign-in", headers={
        "Host": "127.0.0.1:8000", "Content-Type": "application/x-www-form-urlencoded"},
        body=b"email=ana%40store.example&password=" + PASSWORD.encode())
    [cookie] = [c for c in session.headers["Set-Cookie"] if c.startswith("rc_console=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # loopback: plain HTTP
    deployed = ConsoleBrowser(desk, host="abc123.execute-api.us-east-1.amazonaws.com")
    deployed.sign_in("ana@store.example", PASSWORD)
    assert deployed.last.status_code == 200  # signed in, on the queue
    secure = agent.client.http.post("/console/sign-in", headers={
        "Host": "abc123.execute-api.us-east-1.amazonaws.com", "Content-Type": "application/x-www-form-urlencoded"},
        body=b"email=ana%40store.example&password=" + PASSWORD.encode())
    assert any(c.startswith("rc_console=") and "Secure" in c for c in secure.headers["Set-Cookie"])


def test_a_wrong_password_and_a_signed_out_visitor_get_the_sign_in_page(desk, keys):
    ticket = open_ticket(desk, keys)
    agent = browser(desk)

    agent.sign_in("ana@store.example", "not-the-password")

    assert agent.last.status_code == 401 and "Wrong email or password" in agent.page
    assert "rc_console" not in agent.cookies
    redirected = agent.get(f"/console/tickets/{ticket['id']}", follow=False)
    assert redirected.status_code == 303 and "next=%2Fconsole%2Ftickets%2F" in redirected.headers["Location"]
    agent.get(agent.local(redirected.headers["Location"]))
    agent.submit("/console/sign-in", {"email": "ana@store.example", "password": PASSWORD,
                                      "next": agent.field("next")})
    assert ticket["subject"] in agent.page  # back where they were going
    agent.submit("/console/sign-out", {})
    assert 'name="password"' in agent.page
    assert agent.get("/console/queue", follow=False).status_code == 303
    for elsewhere in ("https://evil.example/console/", "/console//evil.example", "/console/x\r\nSet-Cookie: a=b"):
        visitor = browser(desk)
        visitor.get("/console")
        sent = visitor.submit("/console/sign-in", {"email": "ana@store.example", "password": PASSWORD,
                                                   "next": elsewhere}, follow=False)
        assert sent.status_code == 303 and sent.headers["Location"] == "/console/queue", elsewhere


def test_a_form_without_the_sessions_csrf_token_or_from_another_site_changes_nothing(desk, keys, aws):
    ticket = open_ticket(desk, keys)
    ana, sam = browser(desk, "ana@store.example"), browser(desk, "sam@store.example")
    ana.get(f"/console/tickets/{ticket['id']}")
    sent_before = len(outbox_messages(aws["outbox"]))
    reply = f"/console/tickets/{ticket['id']}/reply"

    missing = ana.post(reply, {"body": "hello"})
    sam.get("/console/queue")
    someone_elses = ana.post(reply, {"body": "hello", "csrf": sam.csrf})
    ana.get(f"/console/tickets/{ticket['id']}")
    cross_site = ana.post(reply, {"body": "hello", "csrf": ana.csrf}, headers={"Origin": "https://evil.example"})

    assert missing.status_code == someone_elses.status_code == cross_site.status_code == 403
    assert "This form has expired" in ana.page
    history = call(desk, "GET", f"/tickets/{ticket['id']}", keys["agent_tier1"]).json_body["ticket"]
    assert [m["direction"] for m in history["messages"]] == ["inbound"]
    assert len(outbox_messages(aws["outbox"])) == sent_before


def test_an_agent_sees_and_does_only_what_their_tier_may(desk, keys):
    ticket = open_ticket(desk, keys)
    call(desk, "POST", f"/tickets/{ticket['id']}/escalate", keys["agent_tier1"], {"reason": "needs a senior"})
    ana, sam = browser(desk, "ana@store.example"), browser(desk, "sam@store.example")

    assert ana.get("/console/queue?tier=2").status_code == 403
    assert ticket["id"] not in ana.page and "cannot work the tier 2 queue" in ana.page
    assert ana.get("/console/approvals?tier=2").status_code == 403
    for admin_page in ("/console/admin/agents", "/console/admin/macros", "/console/admin/kpis"):
        assert ana.get(admin_page).status_code == 403, admin_page
    assert "/console/admin/agents" not in ana.page  # not offered in the menu either
    sam.get("/console/queue?tier=2")
    assert ticket["id"] in sam.page
    assert sam.get("/console/admin/agents").status_code == 403

    ana.get("/console/admin/agents")
    refused = ana.post("/console/admin/agents", {"csrf": ana.csrf, "email": "eve@store.example", "name": "Eve",
                                                 "tier": "admin", "password": PASSWORD})
    assert refused.status_code == 403
    assert call(desk, "GET", "/admin/agents/eve@store.example", keys["admin"]).status_code == 404


def test_hostile_ticket_text_is_shown_as_text(desk, keys):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ticket = open_ticket(desk, keys, subject=f"Broken {hostile}", body=f"It broke {hostile} \"quoted\" & more",
                         customer={"email": "jane@example.org", "name": '"><svg onload=alert(2)>'})
    ana = browser(desk, "ana@store.example")

    ana.get("/console/queue")
    queue_page = ana.page
    ana.get(f"/console/tickets/{ticket['id']}")

    for page in (queue_page, ana.page):
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
        assert "&lt;script&gt;alert(" in page
    assert "&#34;&gt;&lt;svg onload=alert(2)&gt;" in ana.page


def test_reply_with_a_saved_reply_note_take_status_and_triage(desk, keys, aws):
    macro = call(desk, "POST", "/admin/macros", keys["admin"], {"name": "Parcel late", "bodies": {
        "en": "Hello {customer_name}, your order {order_id} ({ticket_id}) is on its way. {agent_name}"}})
    assert macro.status_code == 201
    ticket = open_ticket(desk, keys)
    tid = ticket["id"]
    ana = browser(desk, "ana@store.example")

    ana.get(f"/console/tickets/{tid}?macro={macro.json_body['macro']['id']}")
    draft = re.search(r'<textarea id="reply-body"[^>]*>(.*?)</textarea>', ana.page, re.S).group(1)
    assert draft == f"Hello Jane Doe, your order 1001 ({tid}) is on its way. Ana Ruiz"
    once = ana.field("idempotency")
    ana.submit(f"/console/tickets/{tid}/reply", {"body": draft, "idempotency": once})
    assert "Reply sent" in ana.flash()
    [mail] = [m for m in outbox_messages(aws["outbox"]) if "on its way" in text_of(m)]
    assert "Ana Ruiz" in text_of(mail)
    # The same form sent twice (a double click, a reload): one mail.
    assert ana.submit(f"/console/tickets/{tid}/reply", {"body": draft, "idempotency": once}).status_code == 200
    assert len([m for m in outbox_messages(aws["outbox"]) if "on its way" in text_of(m)]) == 1

    ana.submit(f"/console/tickets/{tid}/note", {"body": "Customer called, very upset"})
    ana.submit(f"/console/tickets/{tid}/assign", {"agent": "me"})
    assert "Assigned to Ana Ruiz" in ana.flash()
    ana.get("/console/mine")
    assert tid in ana.page
    ana.get(f"/console/tickets/{tid}")
    ana.submit(f"/console/tickets/{tid}/triage", {"priority": "high", "category": "shipping_problem",
                                                  "reason": "lost parcel"})
    ana.submit(f"/console/tickets/{tid}/tags", {"add": "vip, lost-parcel"})
    ana.submit(f"/console/tickets/{tid}/status", {"status": "resolved", "reason": "replacement on its way"})
    assert "Status is now resolved" in ana.flash()

    page = ana.page
    assert 'class="msg msg-internal"' in page and 'class="msg msg-agent"' in page and 'class="msg msg-customer"' in page
    history = call(desk, "GET", f"/tickets/{tid}", keys["agent_tier1"]).json_body["ticket"]
    assert history["status"] == "resolved" and history["assignee"] == "ana@store.example"
    assert history["priority"] == "high" and sorted(history["tags"]) == ["lost-parcel", "vip"]
    assert {"ana@store.example"} == {e["actor"] for e in history["events"] if e["action"].startswith(
        ("ticket.assigned", "ticket.status", "ticket.triage", "ticket.tags"))}
    bad = ana.submit(f"/console/tickets/{tid}/status", {"status": "archived"})
    assert bad.status_code == 200 and "please check" in ana.flash()


def test_escalate_send_down_remedies_approval_and_merge(desk, keys):
    ticket = open_ticket(desk, keys)
    duplicate = open_ticket(desk, keys, subject="Where is my kettle??")
    tid = ticket["id"]
    ana, sam = browser(desk, "ana@store.example"), browser(desk, "sam@store.example")

    ana.get(f"/console/tickets/{tid}")
    ana.submit(f"/console/tickets/{tid}/remedies", {"type": "refund", "amount": "20", "currency": "USD",
                                                    "reason": "late delivery goodwill"})
    assert "Refund granted" in ana.flash()
    ana.submit(f"/console/tickets/{tid}/remedies", {"type": "refund", "amount": "120.00", "currency": "EUR",
                                                    "reason": "parcel lost, full refund"})
    assert "Waiting for a tier 2 approval" in ana.flash() and "above the tier 1 limit" in ana.page
    [waiting] = [r for r in call(desk, "GET", f"/tickets/{tid}/remedies", keys["agent_tier1"]).json_body["remedies"]
                 if r["status"] == "awaiting_approval"]
    sam.get("/console/approvals?tier=2")
    assert waiting["id"] in sam.page and tid in sam.page
    sam.submit(f"/console/tickets/{tid}/remedies/{waiting['id']}/approve", {"from_approvals": "2"})
    assert "approved" in sam.flash() and "Nothing waits" in sam.page

    ana.get(f"/console/tickets/{tid}")
    ana.submit(f"/console/tickets/{tid}/escalate", {"tier": "2", "reason": "customer asks for a manager"})
    assert "Escalated to tier 2" in ana.flash()
    sam.get(f"/console/tickets/{tid}")
    sam.submit(f"/console/tickets/{tid}/send-down", {"tier": "1", "reason": "frontline can finish it"})
    assert "Sent down to tier 1" in sam.flash()

    ana.get(f"/console/tickets/{duplicate['id']}")
    ana.submit(f"/console/tickets/{duplicate['id']}/merge", {"into": tid.lower(), "reason": "same parcel"})
    assert f"{duplicate['id']} was merged into this ticket" in ana.flash() and f"{tid}</span>" in ana.page
    merged = call(desk, "GET", f"/tickets/{duplicate['id']}", keys["agent_tier1"]).json_body["ticket"]
    assert merged["status"] == "closed" and merged["merged_into"] == tid


def test_find_tickets_by_number_order_and_email(desk, keys):
    ticket = open_ticket(desk, keys, order_id="A-2042", customer={"email": "Bob@Example.org", "name": "Bob"})
    other = open_ticket(desk, keys)
    ana = browser(desk, "ana@store.example")

    ana.get(f"/console/tickets?id={ticket['id'].lower()}")
    assert ticket["subject"] in ana.page and "Reply to the customer" in ana.page  # straight to the ticket
    ana.get("/console/tickets?order_id=A-2042")
    assert ticket["id"] in ana.page and other["id"] not in ana.page
    ana.get("/console/tickets?email=bob%40example.org")
    assert ticket["id"] in ana.page and other["id"] not in ana.page
    ana.get("/console/tickets?status=bogus")
    assert "please check" in ana.page and ana.last.status_code == 200


def test_admins_manage_agents_and_saved_replies_see_kpis_and_a_deactivated_session_ends(desk, keys):
    open_ticket(desk, keys)
    alex, ana = browser(desk, "alex@store.example"), browser(desk, "ana@store.example")

    alex.get("/console/admin/agents")
    alex.submit("/console/admin/agents", {"email": "lee@store.example", "name": "Lee <b>New</b>", "tier": "1",
                                          "language": "es", "password": PASSWORD})
    assert "Lee &lt;b&gt;New&lt;/b&gt;" in alex.page
    alex.submit("/console/admin/agents/lee%40store.example", {"tier": "2"})
    assert call(desk, "GET", "/admin/agents/lee@store.example", keys["admin"]).json_body["agent"]["tier"] == 2
    refused = alex.submit("/console/admin/agents/alex%40store.example", {"active": "false"})
    assert refused.status_code == 200 and "cannot deactivate yourself" in alex.flash()
    assert ana.get("/console/queue").status_code == 200
    alex.submit("/console/admin/agents/ana%40store.example", {"active": "false"})
    assert "deactivated" in alex.flash()
    assert ana.get("/console/queue", follow=False).status_code == 303  # her session no longer works

    alex.get("/console/admin/macros")
    alex.submit("/console/admin/macros", {"name": "Refund sent", "body_en": "Hi {customer_name}",
                                          "body_es": "Hola {customer_name}"})
    assert "Refund sent" in alex.page and "en, es" in alex.page
    macro_id = re.search(r'/console/admin/macros/(M-[0-9A-Z]+)', alex.page).group(1)
    alex.submit(f"/console/admin/macros/{macro_id}", {"active": "false"})
    assert "retired" in alex.page
    bad = alex.submit("/console/admin/macros", {"name": "Oops", "body_en": "Hi {password}"})
    assert bad.status_code == 200 and "unknown placeholders" in alex.flash()

    alex.get("/console/admin/kpis")
    assert alex.last.status_code == 200
    assert alex.page.count("<svg") >= 6 and "Tickets per day" in alex.page and "Ana Ruiz" in alex.page


def test_attachments_download_through_fresh_links_and_quarantined_mail_is_read_safely_then_released_or_discarded(
        desk, keys, aws):
    from tests.functional.mailbox import customer_mail, deliver

    with_photo = customer_mail(message_id="<photo-1@example.org>", subject="Cracked lid, photo attached")
    with_photo.add_attachment(b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png", filename="lid.png")
    opened = deliver(desk, aws, with_photo.as_bytes())
    spam = customer_mail(message_id="<spam-9@example.org>", subject="You won <b>a prize</b>")
    spam.add_alternative("<p onclick=alert(1)>Click <script>steal()</script>here</p>", subtype="html")
    held = deliver(desk, aws, spam.as_bytes(), verdict="FAIL")["quarantine_id"]
    other = deliver(desk, aws, customer_mail(message_id="<spam-10@example.org>", subject="Not spam really").as_bytes(),
                    verdict="FAIL")["quarantine_id"]
    ana = browser(desk, "ana@store.example")

    ana.get(f"/console/tickets/{opened['ticket_id']}")
    link = re.search(r'href="(/console/tickets/[^"]+/attachment\?key=[^"]+)"', ana.page).group(1)
    download = ana.get(link.replace("&amp;", "&"), follow=False)
    assert download.status_code == 303
    assert "lid.png" in download.headers["Location"] and "Signature" in download.headers["Location"]
    assert ana.get(f"/console/tickets/{opened['ticket_id']}/attachment?key=tickets/T-0000000000/x",
                   follow=False).status_code == 404

    ana.get("/console/quarantine")
    assert held in ana.page and other in ana.page and "You won &lt;b&gt;a prize&lt;/b&gt;" in ana.page
    ana.get(f"/console/quarantine/{held}")
    assert "<script>" not in ana.page and "onclick" not in ana.page and "kettle stopped working" in ana.page
    ana.submit(f"/console/quarantine/{held}/discard", {"reason": "lottery spam"})
    assert f"{held} discarded" in ana.flash() and f"/console/quarantine/{held}\"" not in ana.page
    ana.get(f"/console/quarantine/{other}")
    ana.submit(f"/console/quarantine/{other}/release", {})
    assert f"{other} released into this ticket" in ana.flash() and "Not spam really" in ana.page
    record = call(desk, "GET", f"/quarantine/{held}", keys["agent_tier1"]).json_body["item"]
    assert record["discarded_by"] == "ana@store.example" and record["discard_reason"] == "lottery spam"


def test_an_agent_revokes_the_customers_status_links_from_the_ticket_page(desk, keys, aws, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")  # where the mailed links point
    ticket = open_ticket(desk, keys)
    [ack] = [m for m in outbox_messages(aws["outbox"]) if ticket["id"] in str(m["Subject"])]
    path = re.search(r"https?://\S+?(/status/[\w.\-]+)", text_of(ack)).group(1)
    assert desk.http.request("GET", path).status_code == 200
    ana = browser(desk, "ana@store.example")
    ana.get(f"/console/tickets/{ticket['id']}")

    ana.submit(f"/console/tickets/{ticket['id']}/status-link/revoke", {"reason": "forwarded to a stranger"})

    assert "status links are revoked" in ana.flash()
    assert desk.http.request("GET", path).status_code == 410
    events = call(desk, "GET", f"/tickets/{ticket['id']}", keys["admin"]).json_body["ticket"]["events"]
    assert [e["actor"] for e in events if e["action"] == "status_link.revoked"] == ["ana@store.example"]
