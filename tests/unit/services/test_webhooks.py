"""Every webhook sample through its adapter, on the in-memory store: a good signature is taken,
a bad one is refused and stores nothing, a replay changes nothing."""

from __future__ import annotations

import copy
import json

import pytest

from chalicelib.domain.webhook_signatures import HEADERS, problem, signature
from chalicelib.errors import BadRequest, NotFound, Unauthorized
from chalicelib.services import webhooks
from tests.webhook_samples import SECRETS, Sample, samples

SAMPLES = samples()


@pytest.fixture
def desk(fake):
    fake.desk.settings = fake.desk.settings.model_copy(update={"webhook_secrets": dict(SECRETS)})
    return fake


def snapshot(fake) -> str:
    store = fake.store
    return json.dumps({
        "shipments": {k: v.model_dump(mode="json") for k, v in store.shipments.shipments.items()},
        "tracking": store.shipments.tracking, "tickets": sorted(store.state.tickets),
        "claims": sorted(map(str, store.state.claims)), "outbox": sorted(map(str, store.state.outbox)),
    }, sort_keys=True)


def test_every_sample_file_is_covered():
    files = {s.name.split("[")[0] for s in SAMPLES}
    assert len(files) == 23 and {s.provider for s in SAMPLES} == set(SECRETS)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_a_sample_is_taken_once_with_a_good_signature(desk, sample: Sample):
    first = webhooks.receive(desk.desk, sample.provider, sample.body, sample.headers())
    assert first["accepted"]
    if first.get("ignored"):
        assert first["shipments"] == [] and desk.store.shipments.shipments == {}
    else:
        assert all(r["outcome"] == "created" for r in first["shipments"])
        for result in first["shipments"]:
            stored = desk.store.shipments.get(result["id"])
            assert stored is not None and stored.status == result["status"]
    before = snapshot(desk)
    # The same delivery again, and the same signed body under a fresh delivery id: nothing changes.
    again = webhooks.receive(desk.desk, sample.provider, sample.body, sample.headers())
    fresh = webhooks.receive(desk.desk, sample.provider, sample.body, sample.headers(delivery="another-id"))
    assert snapshot(desk) == before
    for replay in (again, fresh):
        assert replay.get("ignored") == first.get("ignored")
        assert all(r["outcome"] in {"replayed", "unchanged"} for r in replay["shipments"])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_a_sample_with_a_bad_signature_is_refused_and_stores_nothing(desk, sample: Sample):
    before = snapshot(desk)
    wrong_secret = sample.headers(secret="not-the-secret")
    missing = {k: v for k, v in sample.headers().items() if k.lower() != HEADERS[sample.provider]}
    tampered_body = sample.body.replace(b"}", b" }", 1)
    for body, headers in ((sample.body, wrong_secret), (sample.body, missing), (tampered_body, sample.headers())):
        with pytest.raises(Unauthorized) as refused:
            webhooks.receive(desk.desk, sample.provider, body, headers)
        assert refused.value.code == "bad_signature" and "nothing was stored" in refused.value.message
    assert snapshot(desk) == before


def test_signature_schemes_match_the_senders_documented_forms():
    body = b'{"id": 1}'
    assert signature("shopify", body, "s") == signature("woocommerce", body, "s") == signature("aftership", body, "s")
    assert len(signature("shopify", body, "s")) == 44  # base64 of 32 bytes
    easypost = signature("easypost", body, "ﬁ")  # NFKD turns the ligature into "fi"
    assert easypost.startswith("hmac-sha256-hex=") and easypost == signature("easypost", body, "fi")
    assert problem("easypost", body, {"X-Hmac-Signature": easypost.upper().replace("HMAC-SHA256-HEX=",
                                                                                  "hmac-sha256-hex=")}, "fi") is None
    assert problem("shopify", body, {"X-Shopify-Hmac-Sha256": signature("shopify", body, "s")}, "") is not None


def test_an_unconfigured_provider_refuses_everything(fake):
    sample = next(s for s in SAMPLES if s.provider == "shopify")
    with pytest.raises(Unauthorized):
        webhooks.receive(fake.desk, "shopify", sample.body, sample.headers())
    with pytest.raises(NotFound):
        webhooks.receive(fake.desk, "ups", sample.body, {})


def test_a_signed_body_that_is_not_json_is_a_clear_400(desk):
    body = b"not json"
    with pytest.raises(BadRequest):
        webhooks.receive(desk.desk, "aftership", body, {"aftership-hmac-sha256": signature("aftership", body,
                                                                                            SECRETS["aftership"])})


def test_an_unknown_carrier_status_is_kept_and_flagged(desk):
    sample = next(s for s in SAMPLES if s.name == "woocommerce/order_updated")
    odd = Sample("odd", "woocommerce", "order.updated", {**copy.deepcopy(sample.payload), "status": "awaiting-drone"})
    result = webhooks.receive(desk.desk, "woocommerce", odd.body, odd.headers())
    stored = desk.store.shipments.get(result["shipments"][0]["id"])
    assert stored.status == "unknown" and stored.carrier_status == "awaiting-drone"
    assert "unknown_status:awaiting-drone" in stored.flags


def test_carrier_updates_find_the_storefronts_shipment_by_tracking_number(desk):
    from tests.unit.services.test_delays import put

    put(desk, "S-1", tracking_number="1111 1111 1111 1", status="in_transit")
    sample = next(s for s in SAMPLES if s.name == "aftership/CreateTrackingResult")
    result = webhooks.receive(desk.desk, "aftership", sample.body, sample.headers())
    assert result["shipments"][0]["id"] == "S-1"
    delivered = next(s for s in SAMPLES if s.name == "easypost/event-body")
    payload = copy.deepcopy(delivered.payload)
    payload["result"].update(tracking_code="1111111111111", status="delivered")
    update = Sample("delivered", "easypost", "", payload)
    result = webhooks.receive(desk.desk, "easypost", update.body, update.headers())
    shipment = desk.store.shipments.get("S-1")
    assert result["shipments"][0]["id"] == "S-1" and shipment.status == "delivered"
    assert {"api", "aftership", "easypost"} <= set(shipment.sources) and len(shipment.events) >= 7


def test_a_shopify_order_its_fulfillment_and_a_failed_attempt_tell_the_customer_at_once(desk):
    order = copy.deepcopy(next(s for s in SAMPLES if s.name == "shopify/order").payload)
    order["customer_locale"] = "fr-FR"
    order["fulfillments"][0].update(status="success", shipment_status="in_transit")
    taken = Sample("order", "shopify", "orders/fulfilled", order)
    webhooks.receive(desk.desk, "shopify", taken.body, taken.headers())
    shipment = desk.store.shipments.get("shopify-255858046")
    assert (shipment.customer_email, shipment.language, shipment.status) == ("bob.norman@hostmail.com", "fr",
                                                                             "in_transit")
    event = copy.deepcopy(next(s for s in SAMPLES if s.name == "shopify/fulfillment_event").payload)
    event.update(fulfillment_id=255858046, order_id=450789469, status="attempted_delivery",
                 happened_at="2026-11-24T10:00:00Z", message="Nobody home")
    attempt = Sample("attempt", "shopify", "fulfillment_events/create", event)
    result = webhooks.receive(desk.desk, "shopify", attempt.body, attempt.headers())
    assert result["shipments"][0]["notified"] == "exception"
    [notice] = [m for m in desk.mail_to("bob.norman@hostmail.com") if "delay-exception" in m["Message-ID"]]
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert "tentative de livraison a échoué" in text and "SORRY-" in text  # 5 % for a failed attempt
    assert desk.store.shipments.get("shopify-255858046").events[-1].message == "Nobody home"


def test_a_fulfillment_that_names_only_its_order_takes_the_customer_from_the_orders_other_shipments(desk):
    order = next(s for s in SAMPLES if s.name == "shopify/order")
    webhooks.receive(desk.desk, "shopify", order.body, order.headers())
    second = copy.deepcopy(next(s for s in SAMPLES if s.name == "shopify/fulfillment").payload)
    second.update(id=999, tracking_number="1Z9999", tracking_numbers=["1Z9999"])
    split = Sample("split", "shopify", "fulfillments/create", second)
    webhooks.receive(desk.desk, "shopify", split.body, split.headers())
    assert desk.store.shipments.get("shopify-999").customer_email == "bob.norman@hostmail.com"
    assert [s.id for s in desk.store.shipments.for_order("450789469")] == ["shopify-255858046", "shopify-999"]
