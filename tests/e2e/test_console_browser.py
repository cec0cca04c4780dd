"""The agent console in a real headless Chromium against the local stack (one stack and one browser
for the module): a frontline agent signs in with the details `make run` wrote to agents.json,
finds the ticket a customer opened by email (sent to the stack's SMTP listener), answers with a
saved reply, and grants a refund; an admin reads the KPI dashboard. No page loads anything its
Content-Security-Policy refuses. Screenshots of the queue, the ticket and the dashboard go to
.local/screenshots/ (`make screenshots` copies them to docs/screenshots/, which the README shows)."""

from __future__ import annotations

import email
import json
import smtplib
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, api, watch


def _agent(stack: dict[str, Any], tier: int | str) -> dict[str, Any]:
    listed = json.loads((Path(stack["state_dir"]) / "agents.json").read_text())
    return next(a for a in listed if a["tier"] == tier)


def _mail_in(stack: dict[str, Any]) -> None:
    message = EmailMessage()
    message["From"] = "Marta Lopez <marta.lopez@example.org>"
    message["To"] = stack["support_address"]
    message["Subject"] = "Kettle arrived with a cracked lid"
    message["Message-ID"] = "<console-e2e-1@example.org>"
    message.set_content("Hello,\n\nmy kettle from order 5521 arrived today with a cracked lid. "
                        "Can you send a new one or refund me?\n\nMarta")
    with smtplib.SMTP(stack["smtp_host"], stack["smtp_port"], timeout=10) as smtp:
        smtp.send_message(message)


def _outbox_mail(outbox: Path, words: str, seconds: float = 15) -> email.message.EmailMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in outbox.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            body = message.get_body(preferencelist=("plain",))
            if body is not None and words in body.get_content():
                return message  # type: ignore[return-value]
        time.sleep(0.2)
    raise AssertionError(f"no mail saying {words!r} in {outbox}")


def _sign_in(page: Page, stack: dict[str, Any], agent: dict[str, Any]) -> None:
    page.goto(f"{stack['api_url']}/console")
    page.fill("input[name=email]", agent["email"])
    page.fill("input[name=password]", agent["password"])
    page.click("form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Tier")


def test_an_agent_answers_a_mailed_ticket_with_a_saved_reply_and_grants_a_refund(stack, page):
    keys = stack["keys"]
    api(stack, "POST", "/admin/macros", keys["admin"], {"name": "Damaged on arrival", "bodies": {
        "en": "Hello {customer_name}, I am sorry the kettle arrived damaged. I have refunded 20.00 for the "
              "trouble and a replacement is on its way. {agent_name}"}})
    for subject, body in (("Order 5530 never arrived", "Tracking has not moved for ten days."),
                          ("Charged twice for order 5534", "My card was charged twice, please refund one."),
                          ("Do you ship to Norway?", "I would like to order a kettle to Oslo.")):
        api(stack, "POST", "/tickets", keys["storefront"],
             {"customer": {"email": "someone@example.org", "name": "Sam Customer"}, "subject": subject, "body": body})
    _mail_in(stack)
    refusals = watch(page)
    ana = _agent(stack, 1)

    _sign_in(page, stack, ana)
    deadline = time.monotonic() + 20
    while "Kettle arrived with a cracked lid" not in page.content() and time.monotonic() < deadline:
        time.sleep(0.3)  # the mail is being taken in: the queue shows it once it is a ticket
        page.reload()
    expect(page.locator("table.tickets")).to_contain_text("Kettle arrived with a cracked lid")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "console-queue.png", full_page=True)

    page.click("nav[aria-label=Console] >> text=Find")
    page.fill("#f-email", "marta.lopez@example.org")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.tickets tbody tr")).to_have_count(1)
    page.locator("table.tickets a.tid").first.click()
    expect(page.locator("h1")).to_contain_text("Kettle arrived with a cracked lid")
    ticket_id = page.locator("h1 .tid").inner_text()
    expect(page.locator(".msg-customer")).to_contain_text("cracked lid")
    expect(page.locator(".facts")).to_contain_text("email")

    page.select_option("#macro", label="Damaged on arrival (en)")
    page.click("form:has(#macro) button")
    expect(page.locator("#reply-body")).to_have_value(
        "Hello Marta Lopez, I am sorry the kettle arrived damaged. I have refunded 20.00 for the trouble and a "
        f"replacement is on its way. {ana['name']}")
    page.click("form:has(#reply-body) button[type=submit]")
    expect(page.locator(".flash")).to_have_text("Reply sent to the customer.")
    expect(page.locator(".msg-agent")).to_contain_text("replacement is on its way")
    reply = _outbox_mail(Path(stack["outbox"]), "replacement is on its way")
    assert ticket_id in str(reply["Subject"]) and reply["To"].addresses[0].addr_spec == "marta.lopez@example.org"

    page.select_option("#remedy-type", "refund")
    page.fill("#remedy-amount", "20.00")
    page.fill("#remedy-reason", "kettle arrived damaged")
    page.click("form.remedy-form button[type=submit]")
    expect(page.locator(".flash")).to_have_text("Refund granted.")
    expect(page.locator(".remedy-granted")).to_contain_text("20.00 USD")
    page.fill("#note-body", "Refund granted, replacement to be shipped by the warehouse.")
    page.click("form:has(#note-body) button[type=submit]")
    expect(page.locator(".msg-internal")).to_contain_text("replacement to be shipped")
    page.screenshot(path=SCREENSHOTS / "console-ticket.png", full_page=True)
    ticket = api(stack, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"])["ticket"]
    assert [m["direction"] for m in ticket["messages"]] == ["inbound", "outbound", "note"]
    assert ticket["messages"][1]["author"] == ana["email"]
    remedies = api(stack, "GET", f"/tickets/{ticket_id}/remedies", keys["agent_tier1"])["remedies"]
    assert [(r["type"], r["status"], r["amount"]) for r in remedies] == [("refund", "granted", "20.00")]

    page.click("form.who button")
    expect(page.locator("input[name=password]")).to_be_visible()
    _sign_in(page, stack, _agent(stack, "admin"))
    page.click("nav[aria-label=Console] >> text=KPIs")
    expect(page.locator("h1")).to_contain_text("KPIs")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "console-kpis.png", full_page=True)
    assert refusals == []
