"""The status page's use cases on the in-memory ports: links in mail, revoking, expiry, replies
(many at once, or the same one twice), photos checked on submit, a ticket closed meanwhile."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.domain import status_links
from chalicelib.domain.access import Caller
from chalicelib.services import intake, status_page, tickets
from chalicelib.services.schemas import NewTicket, StatusChange
from tests.unit.services.conftest import STOREFRONT, TIER1

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
AGENT = Caller(role="agent_tier2", key_id="jwt", email="ines@shop.example", name="Inès Duval")


@pytest.fixture
def opened(fake):
    fake.desk.settings = fake.desk.settings.model_copy(update={"public_base_url": "https://help.shop.example"})
    body = NewTicket.model_validate({"customer": {"email": "jane@example.org", "name": "Jane"},
                                     "subject": "Where is my order?", "body": "It has not arrived yet."})
    ticket = intake.open_from_api(fake.desk, body, STOREFRONT, None).ticket
    [ack] = fake.mail_to("jane@example.org")
    text = ack.get_body(preferencelist=("plain",)).get_content()
    token = text.split("https://help.shop.example/status/", 1)[1].split()[0]
    return ticket, token


def _form(fake, token, body, photos=()):
    return {"csrf": [status_links.form_token(token, fake.desk.settings.status_secret)], "body": [body],
            "photo": list(photos)}


def _from_page(fake, ticket_id):
    found, _ = fake.store.tickets.messages(ticket_id, 100, None)
    return [m for m in found if m.via == status_page.VIA]


def test_the_acknowledgement_link_opens_the_page_until_an_agent_revokes_it(fake, opened):
    ticket, token = opened
    assert status_page.show(fake.desk, token, []).state == "received"

    revoked = status_page.revoke(fake.desk, ticket.id, AGENT, "forwarded to a mailing list")

    assert revoked.status_link_generation == 1
    events, _ = fake.store.tickets.events(ticket.id, 10, None)
    [event] = [e for e in events if e.action == "status_link.revoked"]
    assert event.actor == "ines@shop.example" and event.detail == {"by": "Inès Duval",
                                                                   "reason": "forwarded to a mailing list"}
    with pytest.raises(status_page.LinkClosed) as closed:
        status_page.show(fake.desk, token, [])
    assert closed.value.reason == "revoked" and closed.value.status == 410
    assert status_page.show(fake.desk, status_page.token_for(fake.desk, revoked), []).ticket_id == ticket.id


def test_a_link_ends_after_its_days(fake, opened):
    _, token = opened
    fake.clock.advance(days=fake.desk.settings.status_link_days)
    with pytest.raises(status_page.LinkClosed) as closed:
        status_page.show(fake.desk, token, [])
    assert closed.value.reason == "expired"


def test_sixteen_different_replies_at_once_are_sixteen_messages_and_the_same_one_twice_is_one(fake, opened):
    ticket, token = opened
    with ThreadPoolExecutor(16) as pool:
        pages = list(pool.map(lambda n: status_page.reply(fake.desk, token, _form(fake, token, f"note {n}")),
                              range(16)))
    assert {p.notice for p in pages} == {"sent"}
    assert sorted(m.body for m in _from_page(fake, ticket.id)) == sorted(f"note {n}" for n in range(16))

    twice = [status_page.reply(fake.desk, token, _form(fake, token, "same words")) for _ in range(2)]
    assert [p.notice for p in twice] == ["sent", "sent"]
    assert [m.body for m in _from_page(fake, ticket.id)].count("same words") == 1
    assert tickets.load(fake.desk, ticket.id).inbound_count == 1 + 17


def test_a_photo_counts_only_when_its_bytes_and_its_policy_say_it_is_this_tickets(fake, opened):
    ticket, token = opened
    bucket = fake.desk.settings.attachments_bucket
    page = status_page.show(fake.desk, token, [])
    assert page.upload is not None
    [(_, key)] = [k for k in fake.blobs.policies if k[1].startswith(f"tickets/{ticket.id}/attachments/web/")]
    policy = fake.blobs.policies[(bucket, key)]
    assert policy.max_bytes == status_links.PHOTO_MAX_BYTES and policy.metadata == {"ticket": ticket.id}
    assert policy.redirect == f"https://help.shop.example/status/{token}"

    fake.blobs.put(bucket, key, b"<html>not a photo</html>", "image/jpeg", {"ticket": ticket.id})
    refused = status_page.reply(fake.desk, token, _form(fake, token, "see photo", [key]))
    assert refused.error == "photo" and refused.body == "see photo" and _from_page(fake, ticket.id) == []

    fake.blobs.put(bucket, key, JPEG, "image/jpeg", {"ticket": ticket.id})
    shown = status_page.show(fake.desk, token, [key])
    assert [p.filename for p in shown.photos] == ["photo-1.jpg"]
    assert shown.upload is not None  # room for two more, and the next upload keeps this one
    later = list(fake.blobs.policies)[-1]
    assert later[1] != key and fake.blobs.policies[later].redirect.endswith(f"?photo={key.replace('/', '%2F')}")
    assert status_page.reply(fake.desk, token, _form(fake, token, "see photo", [key])).notice == "sent"
    [message] = _from_page(fake, ticket.id)
    assert [(a.key, a.content_type, a.size) for a in message.attachments] == [(key, "image/jpeg", len(JPEG))]


def test_a_ticket_closed_while_the_customer_writes_keeps_what_they_typed(fake, opened):
    ticket, token = opened
    tickets.set_status(fake.desk, ticket.id, StatusChange(status="closed"), TIER1)

    page = status_page.reply(fake.desk, token, _form(fake, token, "one more thing"))

    assert page.error == "closed" and page.body == "one more thing" and not page.can_reply
    assert _from_page(fake, ticket.id) == []


def test_without_a_public_address_mail_carries_no_link(fake):
    body = NewTicket.model_validate({"customer": {"email": "bo@example.org"}, "subject": "Hi", "body": "A question."})
    intake.open_from_api(fake.desk, body, STOREFRONT, None)
    [ack] = fake.mail_to("bo@example.org")
    assert "/status/" not in ack.get_body(preferencelist=("plain",)).get_content()
