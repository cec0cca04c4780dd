"""The help centre in a real headless browser against the local stack: the sample help centre it
starts with, searching and voting without JavaScript in the visitor's language, and a customer
resolving their own ticket from the acknowledgement's suggestion. Nothing the page loads is
refused by its Content-Security-Policy."""

from __future__ import annotations

import email
import json
import re
import time
import urllib.request
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import Browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".local" / "screenshots"


def _api(stack: dict[str, Any], method: str, path: str, key: str | None = None, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
    request = urllib.request.Request(stack["api_url"] + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _session(language: str) -> Iterator[Browser]:
    browser = Browser(language)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def spanish_browser() -> Iterator[Browser]:
    yield from _session("es-ES")


@pytest.fixture
def browser() -> Iterator[Browser]:
    yield from _session("en-GB")


def _no_refusals(browser: Browser) -> None:
    problems = [entry["message"] for entry in browser.console() if entry["level"] in ("SEVERE", "WARNING")]
    assert problems == []


def test_a_spanish_visitor_searches_reads_and_votes_without_javascript(stack, spanish_browser):
    browser = spanish_browser
    browser.open(f"{stack['api_url']}/help")
    assert "Centro de ayuda" in browser.title
    assert "Devoluciones" in browser.text("main")  # the sample help centre the stack starts with

    browser.type("#q", "devolución")
    browser.click("form.search button")
    browser.wait_for_text("h1", "devolución")
    assert "/help/search" in browser.url
    results = browser.texts("ol.results li a")
    assert results[0] == "Devoluciones"

    browser.click("ol.results li a")
    assert browser.wait_for_text("h1", "Devoluciones") == "Devoluciones"
    assert "¿Ha respondido esto a tu pregunta?" in browser.text(".feedback")
    browser.click(".feedback button[value=yes]")
    browser.wait_for_text(".feedback", "Gracias por tu opinión.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SCREENSHOTS / "help-article-es.png")
    _no_refusals(browser)


def test_a_customer_resolves_their_ticket_from_a_suggested_article(stack, browser):
    keys = stack["keys"]
    opened = _api(stack, "POST", "/tickets", keys["storefront"], {
        "customer": {"email": "ruth@example.org", "name": "Ruth"}, "subject": "Returning a jacket",
        "body": "Hi, the rain jacket is too big. How do I return it and when do I get my refund?"})
    ticket_id = opened["ticket"]["id"]
    ack = _acknowledgement(Path(stack["outbox"]), ticket_id)
    text = ack.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"(http://\S+/help/articles/A-\w+\?s=[\w.\-]+)", text)
    assert links and "Return policy" in text

    browser.open(links[0])
    assert browser.wait_for_text("#solved h2", "Did this") == "Did this solve your problem?"
    browser.click("#solved button")
    browser.wait_for_text("h1", "Glad it helped!")
    assert ticket_id in browser.text("main")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SCREENSHOTS / "self-served.png")
    _no_refusals(browser)

    browser.open(links[0])  # pressed again later: already resolved, nothing counted twice
    browser.click("#solved button")
    browser.wait_for_text("main", "already resolved")

    ticket = _api(stack, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"])["ticket"]
    assert ticket["status"] == "resolved"
    assert [e["action"] for e in ticket["events"]].count("ticket.self_served") == 1
    day = ticket["created_at"][:10]
    stats = _api(stack, "GET", f"/kb/stats?from={day}&to={day}", keys["admin"])["stats"]
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
    found = _api(stack, "GET", "/kb/search?q=voucher&lang=en")["results"]
    assert found[0]["title"] == "Gift cards"
    assert kb_import.main(args) == 0
    again = _api(stack, "GET", "/kb/articles?status=published&language=en", stack["keys"]["admin"])["articles"]
    assert [a["title"] for a in again].count("Gift cards") == 1

    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert kb_import.main(args) == 2  # a clear message, nothing half-imported
