"""The feedback loop on the local stack (`make run`): resolving a ticket mails a survey whose link
opens the form, a customer answers it in a real headless browser (and meets the reused, forged,
out-of-range, cancelled and expired pages), and `GET /metrics` answers from the counters the
stream consumer keeps."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import Browser, BrowserMissing
from tests.e2e.conftest import stack_environment, start
from tests.e2e.test_local_stack import http, wait_for_mail

pytestmark = pytest.mark.e2e
LINK = re.compile(r"(https?://[^\s\"<>]+/survey/[A-Za-z0-9._-]+)")
EXPIRY_SECONDS = 40


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A stack whose surveys expire after EXPIRY_SECONDS, so one test can watch a link expire."""
    env = stack_environment(tmp_path_factory.mktemp("feedback"), SURVEY_EXPIRY_DAYS=str(EXPIRY_SECONDS / 86400))
    child = start(env)
    try:
        yield child.info
    finally:
        child.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        opened = Browser()
    except BrowserMissing as missing:
        pytest.fail(str(missing))
    try:
        yield opened
    finally:
        opened.close()


def _resolved_survey_link(stack: dict[str, Any], customer: str) -> tuple[str, str]:
    keys = stack["keys"]
    status, body = http(stack, "POST", "/tickets", keys["storefront"], {
        "customer": {"email": customer, "name": "Sam <b>Tester</b>"}, "subject": "Toaster burns everything",
        "body": "My new toaster burns the bread on the lowest setting. Order 5512.", "order_id": "5512"})
    assert status == 201, body
    ticket_id = body["ticket"]["id"]
    status, body = http(stack, "POST", f"/tickets/{ticket_id}/status", keys["agent_tier1"],
                        {"status": "resolved", "reason": "replacement sent"})
    assert status == 200, body
    mail = wait_for_mail(Path(stack["outbox"]), lambda m: ticket_id in str(m["Subject"]) and
                         "/survey/" in m.get_body(preferencelist=("plain",)).get_content())
    links = {link.split("?")[0] for link in LINK.findall(mail.get_body(preferencelist=("plain",)).get_content())}
    assert len(links) == 1
    return ticket_id, links.pop()


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_resolving_sends_a_survey_whose_link_opens_the_form_and_metrics_answer(stack):
    _ticket_id, link = _resolved_survey_link(stack, "http-customer@example.net")
    assert link.startswith(stack["api_url"] + "/survey/")
    status, kind, html = _get(link)
    assert status == 200 and kind.startswith("text/html") and "<form" in html

    deadline = time.monotonic() + 30
    while True:  # the stream consumer runs beside the API: counters follow within moments
        status, body = http(stack, "GET", "/metrics", stack["keys"]["admin"])
        assert status == 200, body
        metrics = body["metrics"]
        if (metrics["tickets_opened"] >= 1 and metrics["surveys_sent"] >= 1) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    for name in ("tickets_opened", "first_response_time", "resolution_time", "first_contact_resolution_rate",
                 "csat", "nps", "sla_breach_rate"):
        assert name in metrics, name
    assert metrics["tickets_opened"] >= 1 and metrics["tickets_resolved"] >= 1 and metrics["surveys_sent"] >= 1


def test_a_customer_answers_in_a_browser_once(stack, browser, tmp_path):
    ticket_id, link = _resolved_survey_link(stack, "browser-customer@example.net")
    browser._call("POST", f"{browser.session}/window/rect", {"width": 390, "height": 844})  # a phone
    browser.open(f"{link}?csat=4")
    assert "How did we do" in browser.title
    assert browser.find_all("input[name=csat][value='4']:checked")  # the one-click rating is kept
    wide = browser._call("POST", f"{browser.session}/execute/sync",
                         {"script": "return document.documentElement.scrollWidth > window.innerWidth", "args": []})
    assert wide is False  # nothing wider than a phone screen
    browser.screenshot(tmp_path / "survey-phone.png")

    browser.click("input[name=csat][value='5'] + span")
    browser.click("input[name=nps][value='10'] + span")
    browser.type("#comment", "Fast & friendly <3")
    browser.click("button[type=submit]")
    assert "Your answers have been saved" in browser.wait_for_text("body", "Thank you")

    ticket = http(stack, "GET", f"/tickets/{ticket_id}", stack["keys"]["agent_tier3"])[1]["ticket"]
    assert (ticket["survey"]["csat"], ticket["survey"]["nps"], ticket["survey"]["comment"]) == \
        (5, 10, "Fast & friendly <3")

    browser.open(link)  # reused
    assert "already been answered" in browser.wait_for_text("body", "cannot be used")
    assert not browser.find_all("form")
    # Nothing the page tried to load or run was refused (the 409 of the reused link is expected).
    assert not [e for e in browser.console() if "Refused" in e.get("message", "") or e.get("source") == "security"]


def test_bad_links_and_answers_get_a_page_in_the_browser(stack, browser):
    ticket_id, link = _resolved_survey_link(stack, "careful-customer@example.net")
    browser.open(f"{link}?csat=9")  # out of range: the form again, with what to fix
    assert "Please choose a rating from 1 to 5" in browser.wait_for_text("body", "rating")
    assert browser.find_all("form")
    browser.open(link[:-3] + "AAA")  # forged
    assert "not valid" in browser.wait_for_text("body", "cannot be used")

    http(stack, "POST", f"/tickets/{ticket_id}/messages", stack["keys"]["storefront"], {"body": "It burns again."})
    browser.open(link)  # cancelled: the ticket reopened
    assert "reopened" in browser.wait_for_text("body", "cannot be used")
    ticket = http(stack, "GET", f"/tickets/{ticket_id}", stack["keys"]["agent_tier3"])[1]["ticket"]
    assert ticket["survey"]["status"] == "cancelled" and ticket["survey"]["csat"] is None


def test_an_expired_link_gets_a_page_in_the_browser(stack, browser):
    ticket_id, link = _resolved_survey_link(stack, "late-customer@example.net")
    time.sleep(EXPIRY_SECONDS + 2)
    browser.open(f"{link}?csat=5")
    assert "expired" in browser.wait_for_text("body", "cannot be used")
    ticket = http(stack, "GET", f"/tickets/{ticket_id}", stack["keys"]["agent_tier3"])[1]["ticket"]
    assert ticket["survey"]["status"] == "pending" and ticket["survey"]["csat"] is None
