"""The customer's status page on moto through the app: the link in the acknowledgement and in
replies, what the page shows (public messages only, escaped), replying (CSRF, reopening), photos
through a presigned POST to moto's S3, and links that must not work (revoked, tampered, another
ticket's)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

STATUS_LINK = re.compile(r"https?://[^\s\"<>]+/status/([A-Za-z0-9._-]+)")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def public_base_url(aws, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")


def _links(aws, ticket_id: str) -> list[str]:
    """Status tokens in the ticket's mail, oldest mail first."""
    found = []
    for message in outbox_messages(aws["outbox"]):
        if ticket_id in str(message["Subject"]):
            found += STATUS_LINK.findall(text_of(message))
    return found


def _open(client, keys, aws, **overrides: Any) -> tuple[dict[str, Any], str]:
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket(**overrides)).json_body["ticket"]
    [token] = _links(aws, ticket["id"])
    return ticket, token


def _page(client, token: str, query: str = "") -> Any:
    return client.http.request("GET", f"/status/{token}{query}")


def _post(client, token: str, fields: list[tuple[str, str]]) -> Any:
    return client.http.request("POST", f"/status/{token}", body=urlencode(fields).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})


def _csrf(page: Any) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.body.decode())[1]


def _ticket(client, keys, ticket_id: str) -> dict[str, Any]:
    return call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier3"]).json_body["ticket"]


def test_the_acknowledgement_links_to_a_page_showing_public_messages_only_escaped(client, keys, aws):
    ticket, token = _open(client, keys, aws, body=f"My kettle leaks. {HOSTILE}")
    agent = keys["agent_tier1"]
    call(client, "POST", f"/tickets/{ticket['id']}/notes", agent, {"body": "INTERNAL: customer is a known refunder"})
    call(client, "POST", f"/tickets/{ticket['id']}/replies", agent, {"body": f"Sorry! Please send a photo. {HOSTILE}"})

    page = _page(client, token)

    assert page.status_code == 200
    html = page.body.decode()
    assert ticket["id"] in html and "My kettle leaks." in html and "Please send a photo." in html
    assert "INTERNAL" not in html and "known refunder" not in html  # notes never reach the customer
    assert "status_changed" not in html and "reply.sent" not in html  # nor the audit trail
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "Waiting for you" in html  # the agent replied: the ticket waits on the customer
    headers = {k.lower(): v for k, v in page.headers.items()}
    policy = headers["content-security-policy"]
    assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert headers["referrer-policy"] == "no-referrer" and headers["cache-control"] == "no-store"
    assert headers["x-frame-options"] == "DENY"
    # The agent's reply carries a link too, and the agent never sees one in the API.
    assert len(_links(aws, ticket["id"])) == 2
    seen = json.dumps(call(client, "GET", f"/tickets/{ticket['id']}", agent).json_body)
    assert token.rsplit(".", 1)[-1] not in seen


def test_the_page_and_the_link_speak_the_customers_language(client, keys, aws):
    ticket, token = _open(client, keys, aws, language="es", subject="Mi pedido no ha llegado",
                          body="Hola, mi pedido 1001 no ha llegado todavía. ¿Pueden ayudarme?")
    [mail] = [m for m in outbox_messages(aws["outbox"]) if ticket["id"] in str(m["Subject"])]
    assert "Siga su solicitud" in text_of(mail)
    html = _page(client, token).body.decode()
    assert 'lang="es"' in html and "Su solicitud" in html and "Le responderemos a más tardar" in html


def test_a_reply_from_the_page_lands_on_the_ticket_and_reopens_it_once(client, keys, aws):
    ticket, token = _open(client, keys, aws)
    call(client, "POST", f"/tickets/{ticket['id']}/status", keys["agent_tier1"], {"status": "resolved"})
    page = _page(client, token)
    assert "Resolved" in page.body.decode() and "/survey/" in page.body.decode()  # the survey, once resolved
    fields = [("csrf", _csrf(page)), ("body", "It leaks again <b>today</b>.")]

    sent = _post(client, token, fields)
    again = _post(client, token, fields)  # a double click

    assert sent.status_code == 303 and sent.headers["Location"].endswith("?sent=1")
    assert again.status_code == 303
    seen = _ticket(client, keys, ticket["id"])
    from_page = [m for m in seen["messages"] if m.get("via") == "status_page"]
    assert [m["body"] for m in from_page] == ["It leaks again <b>today</b>."]
    assert from_page[0]["author"] == "jane@example.org" and from_page[0]["direction"] == "inbound"
    assert seen["status"] == "open" and "ticket.reopened" in [e["action"] for e in seen["events"]]
    assert seen["survey"]["status"] == "cancelled"
    shown = _page(client, token, "?sent=1").body.decode()
    assert "your message has been added" in shown and "It leaks again &lt;b&gt;today&lt;/b&gt;." in shown


def test_a_form_without_the_token_of_its_own_link_is_refused(client, keys, aws):
    ticket, token = _open(client, keys, aws)
    _, other_token = _open(client, keys, aws, customer={"email": "bob@example.org"})
    foreign = _csrf(_page(client, other_token))

    for fields in ([("body", "no token")], [("csrf", "forged"), ("body", "bad token")],
                   [("csrf", foreign), ("body", "token of another link")]):
        refused = _post(client, token, fields)
        assert refused.status_code == 403 and "This form has expired" in refused.body.decode()
    assert [m for m in _ticket(client, keys, ticket["id"])["messages"] if m.get("via") == "status_page"] == []


def test_a_tampered_link_or_another_tickets_signature_opens_nothing(client, keys, aws):
    ticket, token = _open(client, keys, aws)
    other, other_token = _open(client, keys, aws, customer={"email": "bob@example.org"})
    borrowed = other_token.replace(other["id"], ticket["id"])  # this ticket with the other's signature

    for bad in (borrowed, token[:-2] + "xx", f"{ticket['id']}.0.zzzzzz.{token.rsplit('.', 1)[-1]}", ticket["id"]):
        response = _page(client, bad)
        assert response.status_code == 404 and "This link is not valid" in response.body.decode()
        assert ticket["subject"] not in response.body.decode()
    assert _post(client, borrowed, [("csrf", "x"), ("body", "hi")]).status_code == 404


def test_an_agent_revokes_the_links_old_ones_answer_410_and_the_next_reply_carries_a_new_one(client, keys, aws):
    ticket, token = _open(client, keys, aws)
    csrf = _csrf(_page(client, token))
    assert call(client, "POST", f"/tickets/{ticket['id']}/status-link/revoke", keys["storefront"]).status_code == 403

    revoked = call(client, "POST", f"/tickets/{ticket['id']}/status-link/revoke", keys["agent_tier1"],
                   {"reason": "the customer forwarded the mail to a group"})

    assert revoked.status_code == 200 and revoked.json_body["ticket"]["status_link_generation"] == 1
    [event] = [e for e in _ticket(client, keys, ticket["id"])["events"] if e["action"] == "status_link.revoked"]
    assert event["actor"].startswith("agent_tier1:") and event["detail"]["by"] == "local agent_tier1"
    gone = _page(client, token)
    assert gone.status_code == 410 and "This link has been replaced" in gone.body.decode()
    assert _post(client, token, [("csrf", csrf), ("body", "still me")]).status_code == 410
    call(client, "POST", f"/tickets/{ticket['id']}/replies", keys["agent_tier1"], {"body": "Here is a new link."})
    fresh = _links(aws, ticket["id"])[-1]
    assert fresh != token and _page(client, fresh).status_code == 200


def _upload(form_html: str, body: bytes) -> str:
    """What the browser does with the upload form: a multipart POST straight to (moto's) S3, which
    answers with a redirect back to the page naming the stored key."""
    import requests

    action = re.search(r'<form method="post" action="([^"]+)" enctype="multipart/form-data"', form_html)[1]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                             form_html.split('id="upload"', 1)[1].split("</form>", 1)[0]))
    fields = {k: v.replace("&amp;", "&").replace("&#34;", '"') for k, v in fields.items()}
    answer = requests.post(action, data=fields, files={"file": ("photo.jpg", body, "image/jpeg")},
                           allow_redirects=False, timeout=10)
    assert answer.status_code == 303, answer.text
    return answer.headers["Location"]


def test_a_photo_goes_to_s3_under_the_ticket_and_is_attached_to_the_reply(client, keys, aws):
    ticket, token = _open(client, keys, aws)
    page = _page(client, token).body.decode()
    policy_field = re.search(r'name="policy" value="([^"]+)"', page)[1]
    policy = json.loads(base64.b64decode(policy_field))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 10 * 1024 * 1024] in conditions
    assert ["starts-with", "$Content-Type", "image/"] in conditions
    assert {"x-amz-meta-ticket": ticket["id"]} in conditions
    [key_rule] = [c for c in conditions if isinstance(c, dict) and "key" in c]
    assert key_rule["key"].startswith(f"tickets/{ticket['id']}/attachments/web/")
    assert "form-action 'self' http://" in _page(client, token).headers["Content-Security-Policy"]

    back = _upload(page, JPEG)
    landed = urlsplit(back)
    assert landed.path == f"/status/{token}" and parse_qs(landed.query)["key"] == [key_rule["key"]]
    ready = _page(client, token, f"?{landed.query}")
    html = ready.body.decode()
    assert ready.status_code == 200 and "Attached to your reply: photo-1.jpg" in html
    sent = _post(client, token, [("csrf", _csrf(ready)), ("photo", key_rule["key"]), ("body", "Here it is.")])

    assert sent.status_code == 303
    [message] = [m for m in _ticket(client, keys, ticket["id"])["messages"] if m.get("via") == "status_page"]
    assert message["attachments"] == [{"filename": "photo-1.jpg", "content_type": "image/jpeg",
                                       "size": len(JPEG), "key": key_rule["key"], "inline": False}]
    link = call(client, "GET", f"/tickets/{ticket['id']}/attachments?key={key_rule['key']}", keys["agent_tier1"])
    assert link.status_code == 200  # the agent downloads it like any attachment
    again = _post(client, token, [("csrf", _csrf(ready)), ("photo", key_rule["key"]), ("body", "Once more.")])
    assert again.status_code == 400 and "already sent" in again.body.decode()


def test_uploads_that_are_not_this_tickets_photos_are_refused(client, keys, aws, monkeypatch):
    import boto3

    ticket, token = _open(client, keys, aws)
    _, other_token = _open(client, keys, aws, customer={"email": "bob@example.org"})
    csrf = _csrf(_page(client, token))
    not_an_image = urlsplit(_upload(_page(client, token).body.decode(), b"<svg><script>alert(1)</script></svg>"))
    other_photo = urlsplit(_upload(_page(client, other_token).body.decode(), JPEG))
    s3 = boto3.client("s3")
    planted = f"tickets/{ticket['id']}/attachments/web/01KB0000000000000000000000"
    s3.put_object(Bucket=aws["ATTACHMENTS_BUCKET"], Key=planted, Body=JPEG)  # no ticket named by a policy
    mail_file = f"tickets/{ticket['id']}/attachments/01KB0000000000000000000001/invoice.jpg"

    for key in (parse_qs(not_an_image.query)["key"][0], parse_qs(other_photo.query)["key"][0], planted, mail_file,
                f"tickets/{ticket['id']}/attachments/web/01KB0000000000000000000009"):
        refused = _post(client, token, [("csrf", csrf), ("photo", key), ("body", "see photo")])
        assert refused.status_code == 400 and "could not be used" in refused.body.decode(), key
        assert "see photo" in refused.body.decode()  # what was typed is kept
    monkeypatch.setattr("chalicelib.domain.status_links.PHOTO_MAX_BYTES", 100)  # S3's policy stops it first
    too_big = urlsplit(_upload(_page(client, token).body.decode(), JPEG))
    assert "could not be used" in _page(client, token, f"?{too_big.query}").body.decode()
    assert [m for m in _ticket(client, keys, ticket["id"])["messages"] if m.get("via") == "status_page"] == []


def test_the_openapi_document_lists_the_page_and_the_revoke_route(client):
    paths = call(client, "GET", "/openapi.json", None).json_body["paths"]
    revoke = paths["/tickets/{ticket_id}/status-link/revoke"]["post"]
    assert revoke["security"] == [{"bearer": []}] and "storefront" not in revoke["x-roles"]
    assert paths["/status/{token}"]["get"]["security"] == []
    assert "application/x-www-form-urlencoded" in paths["/status/{token}"]["post"]["requestBody"]["content"]
