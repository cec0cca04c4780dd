"""Bad input is a 4xx in the error envelope that says what to fix: never a 500, never half-stored.

Each test here was a 500, a half-stored ticket or a body outside the envelope before (issue 7)."""

from __future__ import annotations

import base64
import json

import pytest

from tests.functional.helpers import call, new_ticket, outbox_messages


def _envelope(response, status: int) -> dict:
    assert response.status_code == status, response.body
    error = response.json_body["error"]
    assert set(error) >= {"code", "message"} and error["message"]
    return error


def _fields(error: dict) -> set[str]:
    return {d["field"] for d in error.get("details") or []}


def _tickets_of(client, keys, email: str) -> list:
    return call(client, "GET", f"/customers/{email}/tickets", keys["agent_tier1"]).json_body["tickets"]


# --- control characters -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Jane\r\nBcc: victim@example.net", "Jane\nDoe", "Jane\x00", "Jane\x1b[31m",
                                  "Jane\x85Doe", "Jane\u2028Doe"])
def test_a_customer_name_with_control_characters_is_refused_before_anything_is_stored(client, keys, aws, name):
    response = call(client, "POST", "/tickets", keys["storefront"],
                    new_ticket(customer={"email": "cr@example.org", "name": name}))

    error = _envelope(response, 400)
    assert _fields(error) == {"customer.name"}
    assert _tickets_of(client, keys, "cr@example.org") == []
    assert outbox_messages(aws["outbox"]) == []


def test_a_subject_with_a_line_break_is_refused_naming_the_field(client, keys, aws):
    response = call(client, "POST", "/tickets", keys["storefront"],
                    new_ticket(subject="Refund\r\nBcc: victim@example.net"))

    error = _envelope(response, 400)
    assert _fields(error) == {"subject"}
    assert "one line" in error["message"]
    assert _tickets_of(client, keys, "jane@example.org") == []


def test_a_lone_surrogate_in_a_name_is_refused(client, keys):
    raw = json.dumps(new_ticket()).replace('"Jane Doe"', '"Jane \\ud800"').encode()

    error = _envelope(call(client, "POST", "/tickets", keys["storefront"], raw), 400)

    assert _fields(error) == {"customer.name"}


def test_an_email_address_with_control_characters_is_refused(client, keys):
    response = call(client, "POST", "/tickets", keys["storefront"],
                    new_ticket(customer={"email": "ja\x07ne@example.org"}))

    assert _fields(_envelope(response, 400)) == {"customer.email"}


def test_bodies_keep_line_breaks_and_tabs_but_lose_other_controls_and_lone_surrogates(client, keys):
    body = "Line one\r\nLine two\n\tindented\x00\x07 bell\x1b escape\x85 next-line\x9f and done"
    raw = json.dumps(new_ticket(body=body)).replace("and done", "and done \\udc00").encode()

    response = call(client, "POST", "/tickets", keys["storefront"], raw)

    assert response.status_code == 201, response.body
    ticket_id = response.json_body["ticket"]["id"]
    [message] = call(client, "GET", f"/tickets/{ticket_id}", keys["agent_tier1"]).json_body["ticket"]["messages"]
    assert message["body"] == "Line one\nLine two\n\tindented bell escape next-line and done"


def test_a_reason_with_controls_is_cleaned_and_an_api_key_label_with_a_line_break_refused(client, keys):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    changed = call(client, "POST", f"/tickets/{ticket['id']}/status", keys["agent_tier1"],
                   {"status": "open", "reason": "called\x00 the customer\r\nback"})
    label = call(client, "POST", "/admin/api-keys", keys["admin"], {"role": "storefront", "label": "shop\r\nX: y"})

    assert changed.status_code == 200
    events = call(client, "GET", f"/tickets/{ticket['id']}", keys["agent_tier1"]).json_body["ticket"]["events"]
    assert events[-1]["detail"] == {"reason": "called the customer\nback"}
    assert _fields(_envelope(label, 400)) == {"label"}


# --- JSON that is not a request ------------------------------------------------------------------

@pytest.mark.parametrize("raw", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
                                 b'{"customer": ' + b"[" * 40 + b"]" * 40 + b"}"])
def test_deeply_nested_json_is_a_400(client, keys, raw):
    error = _envelope(call(client, "POST", "/tickets", keys["storefront"], raw), 400)

    assert error["code"] == "invalid_json"
    assert "nests deeper" in error["message"]


@pytest.mark.parametrize("raw", [b'{"subject": NaN}', b'{"subject": Infinity}', b"\xff\xfe\x00",
                                 b'{"n": 1' + b"0" * 5000 + b"}"])
def test_json_extensions_and_broken_encodings_are_400(client, keys, raw):
    assert _envelope(call(client, "POST", "/tickets", keys["storefront"], raw), 400)["code"] == "invalid_json"


# --- dates at the end of the calendar ----------------------------------------------------------------

@pytest.mark.parametrize("remedy", [
    {"type": "refund", "amount": "10", "reason": "broken on arrival"},
    {"type": "replacement", "amount": "10", "reason": "broken on arrival", "warranty_claim": True},
    {"type": "return_label", "reason": "does not fit"},
])
def test_a_delivery_date_in_year_9999_is_a_400_naming_the_field(client, keys, remedy):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    response = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"],
                    {**remedy, "order": {"delivered_at": "9999-12-31T23:59:59Z"}})

    error = _envelope(response, 400)
    assert _fields(error) == {"order.delivered_at"}
    assert "future" in error["message"]


def test_a_delivery_date_at_the_start_of_the_calendar_gets_a_verdict(client, keys):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    response = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier1"],
                    {"type": "return_label", "reason": "does not fit",
                     "order": {"delivered_at": "0001-01-01T00:00:00+14:00"}})

    assert response.status_code in {400, 422}
    assert response.json_body["error"]["message"]


# --- cursors -------------------------------------------------------------------------------------

def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    _b64({"PK": {"Q": "x"}}),  # botocore ParamValidationError before
    _b64({"PK": {"S": "TICKET#T-1"}, "SK": {"S": "META"}, "GSI1PK": {"S": "CUST#other@example.org"},
          "GSI1SK": {"S": "2026"}}),
    _b64([1, 2]), "not base64 at all!", "a.b", "x" * 5000,
])
def test_a_crafted_cursor_is_a_400(client, keys, cursor):
    call(client, "POST", "/tickets", keys["storefront"], new_ticket())

    response = call(client, "GET", f"/customers/jane@example.org/tickets?cursor={cursor}", keys["storefront"])

    error = _envelope(response, 400)
    assert "cursor" in error["message"]


def test_a_cursor_continues_only_the_listing_it_came_from(client, keys):
    for n in range(3):
        call(client, "POST", "/tickets", keys["storefront"], new_ticket(subject=f"Question {n}"))
        call(client, "POST", "/tickets", keys["storefront"],
             new_ticket(subject=f"Other {n}", customer={"email": "other@example.org"}))
    cursor = call(client, "GET", "/customers/jane@example.org/tickets?limit=1",
                  keys["storefront"]).json_body["next_cursor"]
    body, tag = cursor.split(".")
    forged = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + tag

    other = call(client, "GET", f"/customers/other@example.org/tickets?cursor={cursor}", keys["storefront"])
    tampered = call(client, "GET", f"/customers/jane@example.org/tickets?cursor={forged}", keys["storefront"])
    same = call(client, "GET", f"/customers/jane@example.org/tickets?limit=1&cursor={cursor}", keys["storefront"])

    assert "another listing" in _envelope(other, 400)["message"]
    assert _envelope(tampered, 400)
    assert same.status_code == 200 and len(same.json_body["tickets"]) == 1


# --- money -------------------------------------------------------------------------------------

def _remedy(client, keys, body: dict, key: str = "agent_tier1"):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    return call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys[key], body)


@pytest.mark.parametrize(("amount", "currency", "stored"), [
    ("1E+1", "USD", "10.00"), ("1e1", "EUR", "10.00"), (b"12.5", "USD", "12.50"), ("20", "JPY", "20"),
    ("1.250", "KWD", "1.250"), ("10.100", "USD", "10.10"),
])
def test_amounts_are_stored_in_plain_form_with_the_currencys_minor_units(client, keys, amount, currency, stored):
    body = {"type": "refund", "currency": currency, "reason": "goodwill"}
    if isinstance(amount, bytes):  # a JSON number, not a string: kept exact, not a float
        raw = json.dumps({**body, "amount": 0}).replace('"amount": 0', f'"amount": {amount.decode()}').encode()
        response = _remedy(client, keys, raw)  # type: ignore[arg-type]
    else:
        response = _remedy(client, keys, {**body, "amount": amount})

    assert response.status_code in {201, 202}, response.body
    assert response.json_body["remedy"]["amount"] == stored


@pytest.mark.parametrize(("amount", "currency", "says"), [
    ("10.001", "USD", "at most 2 decimals"), ("1.5", "JPY", "no decimals"), ("1.2345", "KWD", "at most 3"),
    ("NaN", "USD", "plain decimal"), ("Infinity", "USD", "plain decimal"), ("-5", "USD", "plain decimal"),
    ("1e400", "USD", "below"), ("10", "XYZ", "ISO 4217"), ("0x10", "USD", "plain decimal"),
])
def test_amounts_the_currency_cannot_hold_are_400_naming_the_field(client, keys, amount, currency, says):
    response = _remedy(client, keys, {"type": "refund", "amount": amount, "currency": currency, "reason": "goodwill"})

    error = _envelope(response, 400)
    assert _fields(error) & {"amount", "currency"}
    assert says in error["message"]


def test_a_yen_refund_is_not_compared_with_a_euro_limit(client, keys):
    response = _remedy(client, keys, {"type": "refund", "amount": "120", "currency": "JPY", "reason": "goodwill"})

    assert response.status_code == 202, response.body
    remedy = response.json_body["remedy"]
    assert remedy["status"] == "awaiting_approval"
    assert "no refund limit in JPY" in remedy["approval_reason"]
    assert "exchange rate" in remedy["approval_reason"]
    assert "above" not in remedy["approval_reason"]


def test_with_an_exchange_rate_a_yen_refund_is_compared_in_the_limits_currency(client, keys, monkeypatch):
    monkeypatch.setenv("REMEDY_POLICY", json.dumps({
        "currency": "EUR", "tiers": {"1": {"max_amount": {"refund": 50}}, "3": {"max_amount": {"refund": "unlimited"}}},
        "exchange_rates": {"JPY": {"EUR": "0.0061"}}}))

    small = _remedy(client, keys, {"type": "refund", "amount": "120", "currency": "JPY", "reason": "goodwill"})
    large = _remedy(client, keys, {"type": "refund", "amount": "10000", "currency": "JPY", "reason": "goodwill"})

    assert small.status_code == 201 and small.json_body["remedy"]["status"] == "granted"
    assert any("0.74 EUR" in c for c in small.json_body["remedy"]["checks"])
    assert large.status_code == 202
    assert "61.00 EUR" in large.json_body["remedy"]["approval_reason"]
    assert "above the tier 1 limit of 50.00 EUR" in large.json_body["remedy"]["approval_reason"]


# --- what the framework answered in its own format ------------------------------------------------------

def test_a_wrong_content_type_is_a_415_in_the_envelope(client, keys):
    response = call(client, "POST", "/tickets", keys["storefront"], new_ticket(),
                    {"Content-Type": "text/plain"})

    error = _envelope(response, 415)
    assert error["code"] == "unsupported_media_type"
    assert "application/json" in error["message"]


def test_a_wrong_method_is_a_405_in_the_envelope_with_allow(client, keys):
    response = call(client, "DELETE", "/tickets", keys["storefront"])

    error = _envelope(response, 405)
    assert error["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) == {"POST", "GET"}  # GET /tickets finds tickets


@pytest.mark.parametrize("authorization", [None, "Bearer rc_store_secret-key-material", "Bearer ünïcode"])
def test_an_unknown_path_is_a_404_in_the_envelope_that_repeats_no_header(client, keys, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    headers = {k: v.encode("utf-8").decode("latin-1") for k, v in headers.items()}

    response = call(client, "GET", "/no/such/route", None, headers=headers)

    error = _envelope(response, 404)
    assert error["code"] == "route_not_found"
    assert b"secret-key-material" not in response.body and b"Bearer" not in response.body


def test_missing_and_invalid_keys_are_refused_in_the_envelope(client, keys):
    missing = call(client, "GET", "/queues/1", None)
    invalid = call(client, "GET", "/queues/1", "rc_agent_not-a-real-key")

    assert _envelope(missing, 401)["code"] == "unauthorized"
    assert _envelope(invalid, 403)["code"] == "invalid_api_key"
    assert b"not-a-real-key" not in invalid.body


@pytest.mark.parametrize("path", ["/tickets/{t}/remedies/" + "R" * 3000 + "/approve",
                                  "/tickets/{t}/remedies/R-%F0%9F%98%80/deny",
                                  "/quarantine/" + "Q" * 3000 + "/release", "/tickets/" + "T" * 3000])
def test_ids_that_cannot_exist_are_404_before_any_lookup(client, keys, path):
    """DynamoDB refuses keys over 1 KB (moto does not): such an id must never reach it."""
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    method = "GET" if path.count("/") == 2 else "POST"

    response = call(client, method, path.format(t=ticket["id"]), keys["agent_tier3"], {"reason": "because"})

    error = _envelope(response, 404)
    assert len(error["message"]) < 200


def test_nobody_approves_their_own_remedy(client, keys, monkeypatch):
    monkeypatch.setenv("REMEDY_POLICY", json.dumps({
        "currency": "EUR", "tiers": {"1": {"max_amount": {"refund": 50}}, "3": {"max_amount": {"refund": 5000}}}}))
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]
    asked = call(client, "POST", f"/tickets/{ticket['id']}/remedies", keys["agent_tier3"],
                 {"type": "refund", "amount": "120", "currency": "JPY", "reason": "goodwill"})
    assert asked.status_code == 202  # no JPY limit anywhere: the resolution center decides
    path = f"/tickets/{ticket['id']}/remedies/{asked.json_body['remedy']['id']}/approve"

    own = call(client, "POST", path, keys["agent_tier3"])

    assert own.status_code == 403 and own.json_body["error"]["code"] == "own_request"
