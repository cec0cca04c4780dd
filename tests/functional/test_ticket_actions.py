"""What a support team does to tickets beyond replying (on moto): download an attachment through
a short-lived link, fill a saved reply in the customer's language, tag, merge a duplicate, send a
ticket back down a tier, read and discard quarantined mail."""

from __future__ import annotations

import urllib.request

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of
from tests.functional.mailbox import customer_mail, deliver

PASSWORD = "Correct-Horse-42"


def agent_token(client, keys, email="ana@store.example", name="Ana Ruiz", tier=2):
    call(client, "POST", "/admin/agents", keys["admin"], {"email": email, "name": name, "tier": tier,
                                                           "password": PASSWORD})
    return call(client, "POST", "/auth/sign-in", None, {"email": email, "password": PASSWORD}).json_body["token"]


def test_an_agent_downloads_the_photo_a_customer_sent_through_a_short_lived_link(client, keys, aws):
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 8
    message = customer_mail(subject="Parcel arrived damaged", body="The box was crushed, photo attached.")
    message.add_attachment(photo, maintype="image", subtype="jpeg", filename="box photo.jpg")
    outcome = deliver(client, aws, message.as_bytes())
    tid = outcome["ticket_id"]
    [first] = call(client, "GET", f"/tickets/{tid}", keys["agent_tier1"]).json_body["ticket"]["messages"]
    [attachment] = first["attachments"]

    response = call(client, "GET", f"/tickets/{tid}/attachments?key={attachment['key']}", keys["agent_tier1"])

    assert response.status_code == 200
    link = response.json_body["attachment"]
    assert link["filename"] == "box photo.jpg" and link["size"] == len(photo)
    assert "X-Amz-Expires=300" in link["url"] and link["expires_at"] > "2026"
    with urllib.request.urlopen(link["url"], timeout=10) as download:
        assert download.read() == photo
        assert download.headers["Content-Disposition"].startswith("attachment;")
    other = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    assert call(client, "GET", f"/tickets/{other}/attachments?key={attachment['key']}",
                keys["agent_tier1"]).status_code == 404
    assert call(client, "GET", f"/tickets/{tid}/attachments?key={attachment['key']}",
                keys["storefront"]).status_code == 403


def test_a_macro_is_filled_in_for_a_spanish_customer_in_spanish(client, keys):
    token = agent_token(client, keys)
    created = call(client, "POST", "/admin/macros", keys["admin"], {
        "name": "Where is my order",
        "bodies": {"en": "Hi {customer_name}, order {order_id} is on its way ({ticket_id}). {agent_name}",
                   "es": "Hola {customer_name}, su pedido {order_id} ya está en camino ({ticket_id}). {agent_name}"}})
    assert created.status_code == 201, created.json_body
    macro_id = created.json_body["macro"]["id"]
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        customer={"email": "lucia@example.es", "name": "Lucía"}, subject="¿Dónde está mi pedido?",
        body="Hola, hice un pedido hace dos semanas y todavía no ha llegado. ¿Pueden ayudarme?",
        order_id="A-2042", language="es")).json_body["ticket"]

    rendered = call(client, "GET", f"/tickets/{ticket['id']}/macros/{macro_id}", token)

    assert rendered.status_code == 200
    assert rendered.json_body["rendered"]["language"] == "es"
    assert rendered.json_body["rendered"]["body"] == \
        f"Hola Lucía, su pedido A-2042 ya está en camino ({ticket['id']}). Ana Ruiz"
    listed = call(client, "GET", "/macros", token).json_body["macros"]
    assert [m["id"] for m in listed] == [macro_id]
    bad = call(client, "POST", "/admin/macros", keys["admin"], {"name": "x", "bodies": {"en": "Hi {password}"}})
    assert bad.status_code == 400 and "password" in bad.json_body["error"]["message"]
    assert call(client, "POST", "/admin/macros", token, {"name": "x", "bodies": {"en": "Hi"}}).status_code == 403


def test_a_duplicate_is_merged_into_the_customers_other_ticket_and_the_customer_is_told_once(client, keys, aws):
    token = agent_token(client, keys)
    target = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    duplicate = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        subject="Still no parcel", body="Writing again: my kettle (order 1001) has not arrived.")).json_body["ticket"]
    stranger = call(client, "POST", "/tickets", keys["storefront"], new_ticket(
        customer={"email": "max@example.org"})).json_body["ticket"]
    sent_before = len(outbox_messages(aws["outbox"]))

    merged = call(client, "POST", f"/tickets/{duplicate['id']}/merge", token, {"into": target["id"]})
    again = call(client, "POST", f"/tickets/{duplicate['id']}/merge", token, {"into": target["id"]})

    assert merged.status_code == 200 and again.status_code == 200
    closed = merged.json_body["ticket"]
    assert closed["status"] == "closed" and closed["merged_into"] == target["id"]
    kept = call(client, "GET", f"/tickets/{target['id']}", token).json_body["ticket"]
    assert any("Writing again" in m["body"] and m["via"] == f"merged from {duplicate['id']}"
               for m in kept["messages"])
    merged_in = [e for e in kept["events"] if e["action"] == "ticket.merged_in"]
    assert len(merged_in) == 1 and merged_in[0]["actor"] == "ana@store.example"
    told = [m for m in outbox_messages(aws["outbox"])[sent_before:] if target["id"] in text_of(m)]
    assert len(told) == 1 and told[0]["To"].addresses[0].addr_spec == "jane@example.org"
    refused = call(client, "POST", f"/tickets/{stranger['id']}/merge", token, {"into": target["id"]})
    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "different_customers"


def test_tags_are_added_removed_filtered_on_and_audited(client, keys):
    token = agent_token(client, keys)
    tid = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]

    tagged = call(client, "POST", f"/tickets/{tid}/tags", token, {"add": ["vip", "carrier-dhl"]})
    call(client, "POST", f"/tickets/{tid}/tags", token, {"remove": ["carrier-dhl"], "add": ["vip"]})

    assert tagged.json_body["ticket"]["tags"] == ["vip", "carrier-dhl"]
    assert [t["id"] for t in call(client, "GET", "/tickets?tag=vip", token).json_body["tickets"]] == [tid]
    events = call(client, "GET", f"/tickets/{tid}", token).json_body["ticket"]["events"]
    assert [e["after"]["tags"] for e in events if e["action"] == "ticket.tagged"] == [["vip", "carrier-dhl"], ["vip"]]
    assert call(client, "POST", f"/tickets/{tid}/tags", token, {"add": ["Not A Tag!"]}).status_code == 400


def test_a_ticket_goes_back_down_a_tier_with_a_reason(client, keys):
    token = agent_token(client, keys)
    tid = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    call(client, "POST", f"/tickets/{tid}/escalate", keys["agent_tier1"], {"reason": "refund question"})

    down = call(client, "POST", f"/tickets/{tid}/send-down", token, {"reason": "a standard refund: frontline can do it"})

    assert down.status_code == 200 and down.json_body["ticket"]["tier"] == 1
    events = call(client, "GET", f"/tickets/{tid}", token).json_body["ticket"]["events"]
    [sent] = [e for e in events if e["action"] == "ticket.sent_down"]
    assert sent["actor"] == "ana@store.example" and sent["detail"]["reason"].startswith("a standard refund")
    lowest = call(client, "POST", f"/tickets/{tid}/send-down", token, {"reason": "again"})
    assert lowest.status_code == 409 and lowest.json_body["error"]["code"] == "lowest_tier"


def test_quarantined_mail_is_read_safely_and_a_discard_stays_on_record(client, keys, aws):
    message = customer_mail(message_id="<spam-2@example.org>", subject="You won")
    message.add_alternative("<p onclick=alert(1)>Click <script>steal()</script><b>here</b></p>", subtype="html")
    outcome = deliver(client, aws, message.as_bytes(), verdict="FAIL")
    qid = outcome["quarantine_id"]

    read = call(client, "GET", f"/quarantine/{qid}", keys["agent_tier1"])

    assert read.status_code == 200
    shown = read.json_body["message"]
    assert shown["subject"] == "You won" and shown["had_html"] is True
    assert "<script>" not in shown["text"] and "onclick" not in shown["text"]
    assert shown["headers"]["From"] == ["Rosa <rosa@example.org>"]
    discarded = call(client, "POST", f"/quarantine/{qid}/discard", keys["agent_tier1"], {"reason": "lottery spam"})
    assert discarded.status_code == 200
    item = discarded.json_body["item"]
    assert item["discarded_by"].startswith("agent_tier1:") and item["discard_reason"] == "lottery spam"
    assert qid not in [i["id"] for i in call(client, "GET", "/quarantine", keys["agent_tier1"]).json_body["items"]]
    assert call(client, "POST", f"/quarantine/{qid}/release", keys["agent_tier1"]).status_code == 409
    assert call(client, "GET", f"/quarantine/{qid}", keys["agent_tier1"]).json_body["item"]["discarded_at"]


def test_a_reply_carries_attachments_to_the_customer_and_keeps_them_on_the_ticket(client, keys, aws):
    import base64

    token = agent_token(client, keys)
    tid = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]["id"]
    label = b"%PDF-1.4 return label " + bytes(range(256))

    sent = call(client, "POST", f"/tickets/{tid}/replies", token, {
        "body": "Here is your return label.",
        "attachments": [{"filename": "label.pdf", "content_type": "application/pdf",
                         "content_base64": base64.b64encode(label).decode()}]})

    assert sent.status_code == 201, sent.json_body
    [kept] = sent.json_body["message"]["attachments"]
    assert kept["filename"] == "label.pdf" and kept["size"] == len(label)
    [mail] = [m for m in outbox_messages(aws["outbox"]) if "return label" in text_of(m)]
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "label.pdf" and attached.get_content() == label
    assert "Ana Ruiz" in text_of(mail)
    link = call(client, "GET", f"/tickets/{tid}/attachments?key={kept['key']}", token).json_body["attachment"]
    with urllib.request.urlopen(link["url"], timeout=10) as download:
        assert download.read() == label
    bad = call(client, "POST", f"/tickets/{tid}/replies", token, {
        "body": "x", "attachments": [{"filename": "a.pdf", "content_base64": "not base64!"}]})
    assert bad.status_code == 400 and "base64" in bad.json_body["error"]["message"]
