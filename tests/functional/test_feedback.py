"""The feedback loop on moto through the app: the survey mail and its page over HTTP (valid,
one-click, reused, expired, cancelled, forged, out of range), service recovery, the customer's
resolved and remedy mails, and KPIs from real stream records read back from moto's DynamoDB
Streams, replayed batches included."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

SURVEY_LINK = re.compile(r"https?://[^\s\"<>]+/survey/([A-Za-z0-9._-]+)")


@pytest.fixture(autouse=True)
def public_base_url(aws, monkeypatch):
    """Where customers reach the API: survey links point there (the local stack sets its own)."""
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")



def _resolve(client, keys, ticket_id: str) -> dict[str, Any]:
    return call(client, "POST", f"/tickets/{ticket_id}/status", keys["agent_tier1"],
                {"status": "resolved", "reason": "sent the replacement"}).json_body["ticket"]


def _survey_mail(aws, ticket_id: str) -> Any:
    found = [m for m in outbox_messages(aws["outbox"]) if ticket_id in str(m["Subject"]) and
             "/survey/" in text_of(m)]
    assert len(found) == 1, [str(m["Subject"]) for m in outbox_messages(aws["outbox"])]
    return found[0]


def _token(aws, ticket_id: str) -> str:
    tokens = set(SURVEY_LINK.findall(text_of(_survey_mail(aws, ticket_id))))
    assert len(tokens) == 1
    return tokens.pop()


def page(client, method: str, path: str, form: str | None = None) -> Any:
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
    return client.http.request(method, path, headers=headers, body=(form or "").encode())


def _ticket(client, keys, ticket_id: str) -> dict[str, Any]:
    return call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier3"]).json_body["ticket"]


@pytest.fixture
def resolved(client, keys, aws) -> tuple[dict[str, Any], str]:
    opened = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    _resolve(client, keys, opened["id"])
    return opened, _token(aws, opened["id"])


def test_resolving_mails_the_customer_a_resolved_notice_and_a_survey_only_the_customer_can_use(
        client, keys, aws, resolved):
    opened, token = resolved
    mails = [m for m in outbox_messages(aws["outbox"]) if opened["id"] in str(m["Subject"])]
    subjects = [str(m["Subject"]) for m in mails]
    assert any("resolved" in s for s in subjects) and any("How did we do" in s for s in subjects)
    survey = _survey_mail(aws, opened["id"])
    assert survey["To"].addresses[0].addr_spec == "jane@example.org"
    text = text_of(survey)
    assert all(f"/survey/{token}?csat={value}" in text for value in range(1, 6))

    seen = _ticket(client, keys, opened["id"])
    assert seen["survey"]["status"] == "pending" and "survey.sent" in [e["action"] for e in seen["events"]]
    everything = str(seen) + str(call(client, "GET", f"/tickets/{opened['id']}/events", keys["admin"]).json_body)
    assert token not in everything and token.rsplit(".", 1)[-1] not in everything  # agents never see the link

    form = page(client, "GET", f"/survey/{token}")
    assert form.status_code == 200 and form.headers["Content-Type"].startswith("text/html")
    body = form.body.decode()
    assert "<form" in body and 'name="csat"' in body and 'name="nps"' in body and "<textarea" in body
    assert "<script" not in body and "http" not in body.split("<body>", 1)[1]  # nothing loaded from elsewhere


def test_one_click_rates_then_the_form_answers_once(client, keys, aws, resolved):
    opened, token = resolved
    rated = page(client, "GET", f"/survey/{token}?csat=4")
    assert rated.status_code == 200 and 'value="4" checked' in rated.body.decode()
    again = page(client, "GET", f"/survey/{token}?csat=1")  # a mail scanner following every link
    assert 'value="4" checked' in again.body.decode()
    assert _ticket(client, keys, opened["id"])["survey"]["csat"] == 4

    answered = page(client, "POST", f"/survey/{token}", "csat=5&nps=9&comment=Quick+and+kind%21")
    assert answered.status_code == 200 and "Thank you" in answered.body.decode()
    survey = _ticket(client, keys, opened["id"])["survey"]
    assert (survey["status"], survey["csat"], survey["nps"], survey["comment"]) == ("answered", 5, 9, "Quick and kind!")

    reused = page(client, "POST", f"/survey/{token}", "csat=1&nps=0&comment=changed+my+mind")
    assert reused.status_code == 409 and "already been answered" in reused.body.decode()
    assert page(client, "GET", f"/survey/{token}?csat=2").status_code == 409
    assert _ticket(client, keys, opened["id"])["survey"]["csat"] == 5


@pytest.mark.parametrize("form", ["csat=9", "csat=0", "csat=abc", "csat=4&nps=11", "csat=4&nps=-1", "nps=5", ""])
def test_out_of_range_answers_show_the_form_again_and_change_nothing(client, keys, aws, resolved, form):
    opened, token = resolved
    before = _ticket(client, keys, opened["id"])
    answered = page(client, "POST", f"/survey/{token}", form)
    assert answered.status_code == 400
    html = answered.body.decode()
    assert 'role="alert"' in html and "<form" in html
    after = _ticket(client, keys, opened["id"])
    assert after["version"] == before["version"] and after["survey"]["status"] == "pending"


def test_forged_expired_and_cancelled_links_get_a_page_and_change_nothing(client, keys, aws, resolved):
    opened, token = resolved
    ticket_id, survey_id, signature = token.split(".")
    forged = [f"{ticket_id}.{survey_id}.{'A' * len(signature)}", "nonsense", f"{ticket_id}.{survey_id}",
              token[:-1] + ("B" if token[-1] != "B" else "C"), "%3Cscript%3E", "x" * 300]
    for bad in forged:
        answer = page(client, "GET", f"/survey/{bad}?csat=5")
        assert answer.status_code == 404, bad
        assert "not valid" in answer.body.decode() and "<script>" not in answer.body.decode()
        assert page(client, "POST", f"/survey/{bad}", "csat=5").status_code == 404
    assert _ticket(client, keys, opened["id"])["survey"]["status"] == "pending"

    # The customer writes again: the ticket reopens and the survey no longer opens.
    call(client, "POST", f"/tickets/{opened['id']}/messages", keys["storefront"], {"body": "Still broken, sorry."})
    cancelled = page(client, "GET", f"/survey/{token}")
    assert cancelled.status_code == 410 and "reopened" in cancelled.body.decode()
    assert _ticket(client, keys, opened["id"])["survey"]["status"] == "cancelled"


def test_an_expired_link_gets_a_page(client, keys, aws, monkeypatch):
    monkeypatch.setenv("SURVEY_EXPIRY_DAYS", "0.00001")  # about one second
    opened = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    _resolve(client, keys, opened["id"])
    token = _token(aws, opened["id"])
    import time

    time.sleep(1.2)
    expired = page(client, "GET", f"/survey/{token}?csat=5")
    assert expired.status_code == 410 and "expired" in expired.body.decode()
    assert _ticket(client, keys, opened["id"])["survey"]["csat"] is None


def test_a_poor_answer_reopens_the_ticket_at_the_next_tier_for_a_personal_apology(client, keys, aws, resolved):
    opened, token = resolved
    answered = page(client, "POST", f"/survey/{token}",
                    "csat=4&nps=3&comment=Nobody+answered+for+a+week%2C+terrible+service")
    assert answered.status_code == 200 and "contact you personally" in answered.body.decode()

    ticket = _ticket(client, keys, opened["id"])
    assert (ticket["status"], ticket["tier"], ticket["apology_requested"]) == ("open", 2, True)
    notes = [m for m in ticket["messages"] if m["direction"] == "note"]
    assert "NPS 3/10" in notes[-1]["body"] and "terrible service" in notes[-1]["body"]
    assert "survey.recovery" in [e["action"] for e in ticket["events"]]
    tier_mail = [m for m in outbox_messages(aws["outbox"]) if m["To"].addresses[0].addr_spec == "tier2@example.com"]
    assert tier_mail and "personal apology" in text_of(tier_mail[-1])


def test_at_most_one_survey_per_customer_per_period(client, keys, aws):
    first = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    second = call(client, "POST", "/tickets", keys["storefront"], new_ticket(subject="Another thing")).json_body["ticket"]
    _resolve(client, keys, first["id"])
    _resolve(client, keys, second["id"])
    _survey_mail(aws, first["id"])
    assert not [m for m in outbox_messages(aws["outbox"]) if second["id"] in str(m["Subject"]) and
                "/survey/" in text_of(m)]
    skipped = [e for e in _ticket(client, keys, second["id"])["events"] if e["action"] == "survey.skipped"]
    assert skipped and "period" in skipped[0]["detail"]["why"]


def test_a_granted_remedy_tells_the_customer_what_happens_next(client, keys, aws):
    opened = call(client, "POST", "/tickets", keys["storefront"], new_ticket(language="es")).json_body["ticket"]
    remedy = call(client, "POST", f"/tickets/{opened['id']}/remedies", keys["agent_tier2"],
                  {"type": "refund", "amount": "19.90", "currency": "EUR", "reason": "late parcel"})
    assert remedy.status_code in (200, 201), remedy.json_body
    mails = [m for m in outbox_messages(aws["outbox"]) if opened["id"] in str(m["Subject"]) and "reembolso" in
             str(m["Subject"])]
    assert mails and "19.90 EUR" in text_of(mails[0]) and "método de pago original" in text_of(mails[0])


def test_survey_pages_need_no_key_and_metrics_need_admin_or_tier_three(client, keys):
    assert call(client, "GET", "/metrics", None).status_code == 401
    for role in ("storefront", "agent_tier1", "agent_tier2"):
        assert call(client, "GET", "/metrics", keys[role]).status_code == 403, role
    for role in ("admin", "agent_tier3"):
        assert call(client, "GET", "/metrics?from=2026-11-01&to=2026-11-30", keys[role]).status_code == 200, role
    for bad in ("from=2026-13-01", "from=2026-11-30&to=2026-11-01", "from=2020-01-01&to=2026-01-01",
                "group_by=colour", "to=yesterday"):
        answer = call(client, "GET", f"/metrics?{bad}", keys["admin"])
        assert answer.status_code == 400 and answer.json_body["error"]["message"], bad


def _dates() -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)


def test_resolving_on_the_local_clock_leaves_metrics_readable_as_csv(client, keys):
    csv = call(client, "GET", "/metrics.csv?group_by=day", keys["admin"])
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    lines = csv.body.decode().splitlines()
    assert lines[0].startswith("group,tickets_opened,tickets_resolved") and len(lines) == 2 + 30
