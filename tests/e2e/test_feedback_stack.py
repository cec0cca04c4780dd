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
from playwright.sync_api import Page, expect

from tests.e2e.conftest import stack_environment, start
from tests.e2e.test_local_stack import http, wait_for_mail

pytestmark = pytest.mark.e2e
LINK = re.compile(r"(https?://[^\s\"<>]+/survey/[A-Za-z0-9._-]+)")
EXPIRY_SECONDS = 40
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".local" / "screenshots"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A stack whose surveys expire after EXPIRY_SECONDS, so one test can watch a link expire."""
    env = stack_environment(tmp_path_factory.mktemp("feedback"), SURVEY_EXPIRY_DAYS=str(EXPIRY_SECONDS / 86400))
    child = start(env)
    try:
        # The link that a later test watches expire is made first, so its wait overlaps the others.
        child.info["late_link"] = (*_resolved_survey_link(child.info, "late-customer@example.net"), time.monotonic())
        yield child.info
    finally:
        child.stop()


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


def test_a_customer_answers_in_a_browser_once(stack, page: Page, refusals):
    ticket_id, link = _resolved_survey_link(stack, "browser-customer@example.net")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{link}?csat=4")
    assert "How did we do" in page.title()
    assert page.locator("input[name=csat][value='4']:checked").count() == 1  # the one-click rating is kept
    assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth") is False  # fits a phone
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "survey-phone.png", full_page=True)

    page.click("input[name=csat][value='5'] + span")
    page.click("input[name=nps][value='10'] + span")
    page.fill("#comment", "Fast & friendly <3")
    page.click("button[type=submit]")
    expect(page.locator("body")).to_contain_text("Thank you")
    expect(page.locator("body")).to_contain_text("Your answers have been saved")

    ticket = http(stack, "GET", f"/tickets/{ticket_id}", stack["keys"]["agent_tier3"])[1]["ticket"]
    assert (ticket["survey"]["csat"], ticket["survey"]["nps"], ticket["survey"]["comment"]) == \
        (5, 10, "Fast & friendly <3")
    assert refusals == []  # nothing the page tried to load or run was refused

    page.goto(link)  # reused: a 409 page, which the console reports as a failed load
    expect(page.locator("body")).to_contain_text("cannot be used")
    expect(page.locator("body")).to_contain_text("already been answered")
    assert page.locator("form").count() == 0
    assert not [text for text in refusals if "Refused" in text]


def test_bad_links_and_answers_get_a_page_in_the_browser(stack, page: Page):
    ticket_id, link = _resolved_survey_link(stack, "careful-customer@example.net")
    page.goto(f"{link}?csat=9")  # out of range: the form again, with what to fix
    expect(page.locator("body")).to_contain_text("Please choose a rating from 1 to 5")
    assert page.locator("form").count() >= 1
    page.goto(link[:-3] + "AAA")  # forged
    expect(page.locator("body")).to_contain_text("cannot be used")
    expect(page.locator("body")).to_contain_text("not valid")

    http(stack, "POST", f"/tickets/{ticket_id}/messages", stack["keys"]["storefront"], {"body": "It burns again."})
    page.goto(link)  # cancelled: the ticket reopened
    expect(page.locator("body")).to_contain_text("reopened")
    ticket = http(stack, "GET", f"/tickets/{ticket_id}", stack["keys"]["agent_tier3"])[1]["ticket"]
    assert ticket["survey"]["status"] == "cancelled" and ticket["survey"]["csat"] is None


def test_an_expired_link_gets_a_page_in_the_browser(stack, page: Page):
    ticket_id, link, made = stack["late_link"]
    time.sleep(max(0.0, made + EXPIRY_SECONDS + 2 - time.monotonic()))
    page.goto(f"{link}?csat=5")
    expect(page.locator("body")).to_contain_text("cannot be used")
    expect(page.locator("body")).to_contain_text("expired")
    ticket = http(stack, "GET", f"/tickets/{ticket_id}", stack["keys"]["agent_tier3"])[1]["ticket"]
    assert ticket["survey"]["status"] == "pending" and ticket["survey"]["csat"] is None
