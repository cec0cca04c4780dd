"""The customer's status page in a real browser against the local stack: the customer opens it
from the acknowledgement in the outbox, uploads a photo straight to the stack's S3 (a presigned
POST, no JavaScript), replies, and the agent sees the reply and the photo through the API.
Nothing the page loads or posts is refused by its Content-Security-Policy."""

from __future__ import annotations

import base64
import email
import re
import time
import urllib.request
from email import policy
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, api

SCREENSHOT = SCREENSHOTS / "status.png"
# A real 1x1 JPEG: what a phone sends, only smaller.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////"
    "////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=")


def _status_link(outbox: Path, ticket_id: str, seconds: float = 15) -> str:
    """The status-page link in the ticket's acknowledgement, once the outbox has written it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in outbox.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if ticket_id in str(message["Subject"]):
                text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
                return re.findall(r"(http://\S+/status/[\w.\-]+)", text)[0]
        time.sleep(0.2)
    raise AssertionError(f"no acknowledgement for {ticket_id} in {outbox}")


def test_the_customer_replies_with_a_photo_from_the_status_page_and_the_agent_sees_it(stack, page: Page,
                                                                                       refusals):
    keys = stack["keys"]
    opened = api(stack, "POST", "/tickets", keys["storefront"], {
        "customer": {"email": "maria@example.org", "name": "Maria"}, "subject": "Kettle leaks from the base",
        "body": "Hello, my new kettle (order 1001) leaks from the base every time I boil water."})
    ticket_id = opened["ticket"]["id"]
    api(stack, "POST", f"/tickets/{ticket_id}/replies", keys["agent_tier1"],
         {"body": "Sorry to hear that, Maria. Could you send us a photo of the base, please?"})

    page.goto(_status_link(Path(stack["outbox"]), ticket_id))
    expect(page.locator("h1")).to_contain_text(ticket_id)
    expect(page.locator("#state")).to_contain_text("Waiting for you")
    expect(page.locator("ol.thread")).to_contain_text("Could you send us a photo")

    page.set_input_files("#file", files=[{"name": "kettle.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    page.click("#upload button")  # to the stack's S3, which sends the browser back to the page
    expect(page.locator("#photos")).to_contain_text("photo-1.jpg")
    page.fill("#body", "Here is the base of the kettle; the water comes out at the seam.")
    page.click("#reply button")
    expect(page.locator("#notice")).to_contain_text("your message has been added")
    expect(page.locator("ol.thread li.customer").last).to_contain_text("the water comes out at the seam")
    expect(page.locator("#state")).to_contain_text("Open")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert refusals == []

    ticket = api(stack, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"])["ticket"]
    [reply] = [m for m in ticket["messages"] if m.get("via") == "status_page"]
    assert reply["body"] == "Here is the base of the kettle; the water comes out at the seam."
    assert reply["author"] == "maria@example.org" and ticket["status"] == "open"
    [photo] = reply["attachments"]
    assert photo["content_type"] == "image/jpeg" and photo["size"] == len(JPEG)
    assert photo["key"].startswith(f"tickets/{ticket_id}/attachments/")
    download = api(stack, "GET", f"/tickets/{ticket_id}/attachments?key={photo['key']}", keys["agent_tier1"])
    with urllib.request.urlopen(download["attachment"]["url"], timeout=30) as stored:
        assert stored.read() == JPEG
