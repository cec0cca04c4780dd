"""The help centre in a real headless browser against the local stack: the sample help centre it
starts with, searching and voting without JavaScript in the visitor's language, and a customer
resolving their own ticket from the acknowledgement's suggestion. Nothing the page loads is
refused by its Content-Security-Policy."""

from __future__ import annotations

import email
import re
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SCREENSHOTS, api, watch


@pytest.fixture
def spanish_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="es-ES", extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_a_spanish_visitor_searches_reads_and_votes_without_javascript(stack, spanish_page):
    page = spanish_page
    refusals = watch(page)
    page.goto(f"{stack['api_url']}/help")
    assert "Centro de ayuda" in page.title()
    expect(page.locator("main")).to_contain_text("Devoluciones")  # the sample help centre the stack starts with

    page.fill("#q", "devolución")
    page.click("form.search button")
    expect(page.locator("h1")).to_contain_text("devolución")
    assert "/help/search" in page.url
    assert page.locator("ol.results li a").all_inner_texts()[0] == "Devoluciones"

    page.locator("ol.results li a").first.click()
    expect(page.locator("h1")).to_have_text("Devoluciones")
    expect(page.locator(".feedback")).to_contain_text("¿Ha respondido esto a tu pregunta?")
    page.click(".feedback button[value=yes]")
    expect(page.locator(".feedback")).to_contain_text("Gracias por tu opinión.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "help-article-es.png", full_page=True)
    assert refusals == []


def test_a_customer_resolves_their_ticket_from_a_suggested_article(stack, page, refusals):
    keys = stack["keys"]
    opened = api(stack, "POST", "/tickets", keys["storefront"], {
        "customer": {"email": "ruth@example.org", "name": "Ruth"}, "subject": "Returning a jacket",
        "body": "Hi, the rain jacket is too big. How do I return it and when do I get my refund?"})
    ticket_id = opened["ticket"]["id"]
    ack = _acknowledgement(Path(stack["outbox"]), ticket_id)
    text = ack.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"(http://\S+/help/articles/A-\w+\?s=[\w.\-]+)", text)
    assert links and "Return policy" in text

    page.goto(links[0])
    expect(page.locator("#solved h2")).to_have_text("Did this solve your problem?")
    page.click("#solved button")
    expect(page.locator("h1")).to_contain_text("Glad it helped!")
    expect(page.locator("main")).to_contain_text(ticket_id)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "self-served.png", full_page=True)
    assert refusals == []

    page.goto(links[0])  # pressed again later: already resolved, nothing counted twice
    page.click("#solved button")
    expect(page.locator("main")).to_contain_text("already resolved")

    ticket = api(stack, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"])["ticket"]
    assert ticket["status"] == "resolved"
    assert [e["action"] for e in ticket["events"]].count("ticket.self_served") == 1
    day = ticket["created_at"][:10]
    stats = api(stack, "GET", f"/kb/stats?from={day}&to={day}", keys["admin"])["stats"]
    assert stats["totals"]["self_served"] == 1


def _acknowledgement(outbox: Path, ticket_id: str, seconds: float = 15) -> email.message.EmailMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in outbox.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if ticket_id in str(message["Subject"]):
                return message  # type: ignore[return-value]
        time.sleep(0.2)
    raise AssertionError(f"no acknowledgement for {ticket_id} in {outbox}")


def test_make_kb_import_adds_a_folder_and_a_second_run_changes_nothing(stack, tmp_path):
    from scripts import kb_import

    folder = tmp_path / "articles" / "en"
    folder.mkdir(parents=True)
    (folder / "gift-cards.md").write_text("---\ntitle: Gift cards\ncategory: billing\ntags: [voucher]\n"
                                          "status: published\n---\nGift cards are valid for **3 years**.\n")
    args = [str(folder.parent), "--api-url", stack["api_url"], "--key", stack["keys"]["admin"]]

    assert kb_import.main(args) == 0
    found = api(stack, "GET", "/kb/search?q=voucher&lang=en")["results"]
    assert found[0]["title"] == "Gift cards"
    assert kb_import.main(args) == 0
    again = api(stack, "GET", "/kb/articles?status=published&language=en", stack["keys"]["admin"])["articles"]
    assert [a["title"] for a in again].count("Gift cards") == 1

    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert kb_import.main(args) == 2  # a clear message, nothing half-imported
