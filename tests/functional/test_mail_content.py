"""What the mail says: times in the store's zone and the reader's language, the customer's own
words for the agents, and nothing that reads like a machine's dump."""

from __future__ import annotations

import os
import re

from tests.functional.helpers import call, new_ticket, outbox_messages, text_of

_RAW_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d|\d\d:\d\d:\d\d\.\d+|\+00:00")


def _html_of(message) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def test_acknowledgement_gives_the_promise_in_the_stores_time_zone_and_language(client, keys, aws):
    os.environ["STORE_TIMEZONE"] = "Europe/Madrid"
    call(client, "POST", "/tickets", keys["storefront"],
         new_ticket(language="es", subject="Pedido sin llegar", body="Mi pedido 1001 no ha llegado todavía."))

    [ack] = outbox_messages(aws["outbox"])
    text = text_of(ack)
    assert "(CET)" in text or "(CEST)" in text
    assert re.search(r"\b(lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b", text)
    assert not _RAW_TIME.search(text)


def test_escalation_mail_carries_the_customers_words_and_readable_due_times(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    call(client, "POST", f"/tickets/{ticket['id']}/escalate", keys["agent_tier1"], {"reason": "VIP customer"})

    [notice] = [m for m in outbox_messages(aws["outbox"]) if "tier2@" in str(m["To"])]
    text, html = text_of(notice), _html_of(notice)
    for body in (text, html):
        assert "Tracking has not moved for 9 days" in body
        assert "Resolution due:" in body
        assert not _RAW_TIME.search(body)
    assert "VIP customer" in text


def test_an_approval_request_for_a_discount_shows_the_percentage_not_a_zero_amount(client, keys, aws):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    asked = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"],
                 {"type": "discount", "percent": "60", "reason": "third late parcel this year"})

    assert asked.status_code == 202, asked.json_body
    [notice] = [m for m in outbox_messages(aws["outbox"]) if "Approval needed" in str(m["Subject"])]
    text = text_of(notice)
    assert "Discount: 60" in text
    assert "Amount:" not in text
    assert not _RAW_TIME.search(text)
