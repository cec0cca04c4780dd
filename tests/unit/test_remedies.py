from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.remedies import RemedyPolicy, RemedyRequest, default_policy, evaluate

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
POLICY = default_policy()


def test_a_small_refund_is_within_frontline_authority():
    verdict = evaluate(RemedyRequest("refund", Decimal(20)), 1, POLICY, NOW)
    assert verdict.allowed and verdict.approval_tier is None


def test_a_refund_above_the_frontline_limit_waits_for_a_senior_and_says_why():
    verdict = evaluate(RemedyRequest("refund", Decimal(120)), 1, POLICY, NOW)
    assert verdict.allowed and verdict.approval_tier == 2
    assert "120" in verdict.reason and "50" in verdict.reason


def test_a_very_large_refund_goes_straight_to_the_resolution_center():
    verdict = evaluate(RemedyRequest("refund", Decimal(2000)), 1, POLICY, NOW)
    assert verdict.approval_tier == 3


def test_discounts_are_limited_by_percentage():
    assert evaluate(RemedyRequest("discount", percent=Decimal(10)), 1, POLICY, NOW).approval_tier is None
    assert evaluate(RemedyRequest("discount", percent=Decimal(20)), 1, POLICY, NOW).approval_tier == 2
    assert not evaluate(RemedyRequest("discount", percent=Decimal(0)), 1, POLICY, NOW).allowed


def test_a_return_outside_the_window_is_refused_with_the_dates():
    delivered = NOW - timedelta(days=45)
    verdict = evaluate(RemedyRequest("return_label", delivered_at=delivered), 3, POLICY, NOW)
    assert not verdict.allowed
    assert "30-day return window closed" in verdict.reason
    assert delivered.date().isoformat() in verdict.reason


def test_a_return_inside_the_window_is_allowed():
    verdict = evaluate(RemedyRequest("return_label", delivered_at=NOW - timedelta(days=5)), 1, POLICY, NOW)
    assert verdict.allowed and verdict.checks


def test_non_returnable_categories_are_refused():
    verdict = evaluate(RemedyRequest("return_label", product_category="gift_card"), 3, POLICY, NOW)
    assert not verdict.allowed and "cannot be returned" in verdict.reason


def test_warranty_claims_are_checked_against_the_warranty_period():
    inside = RemedyRequest("replacement", Decimal(80), delivered_at=NOW - timedelta(days=400), warranty_claim=True)
    outside = RemedyRequest("replacement", Decimal(80), delivered_at=NOW - timedelta(days=800), warranty_claim=True)
    assert evaluate(inside, 1, POLICY, NOW).allowed
    refused = evaluate(outside, 3, POLICY, NOW)
    assert not refused.allowed and "warranty ended" in refused.reason


def test_policy_from_configuration_and_bad_configuration():
    policy = RemedyPolicy.from_config({"tiers": {"1": {"max_amount": {"refund": 5}}, "2": {"max_percent": 50}},
                                       "return_window_days": 14})
    assert evaluate(RemedyRequest("refund", Decimal(5)), 1, policy, NOW).approval_tier is None
    over = evaluate(RemedyRequest("refund", Decimal(6)), 1, policy, NOW)
    assert not over.allowed and "no tier may grant" in over.reason
    assert policy.return_window_days == 14
    with pytest.raises(ValueError, match="unknown remedy types"):
        RemedyPolicy.from_config({"tiers": {"1": {"max_amount": {"teleport": 1}}}})


# --- amounts are money: limits hold in their own currency -------------------------------------------------

def test_a_limit_is_compared_only_in_its_own_currency():
    yen = evaluate(RemedyRequest("refund", Decimal(120), currency="JPY"), 1, POLICY, NOW)
    euro = evaluate(RemedyRequest("refund", Decimal(120), currency="EUR"), 1, POLICY, NOW)

    assert euro.approval_tier == 2 and "120 EUR is above the tier 1 limit of 50.00 EUR" in euro.reason
    # No JPY limit and no rate: never "within authority", and never "120 is above 50".
    assert yen.allowed and yen.approval_tier == 3
    assert "no refund limit in JPY" in yen.reason and "above" not in yen.reason


def test_exchange_rates_convert_into_the_limits_currency():
    policy = RemedyPolicy.from_config({
        "currency": "EUR",
        "tiers": {"1": {"max_amount": {"refund": 50}}, "2": {"max_amount": {"refund": {"EUR": 250, "JPY": 40000}}},
                  "3": {"max_amount": {"refund": "unlimited"}}},
        "exchange_rates": {"JPY": {"EUR": "0.0061"}, "KWD": {"USD": 3.25}},
    })

    small = evaluate(RemedyRequest("refund", Decimal(120), currency="JPY"), 1, policy, NOW)
    large = evaluate(RemedyRequest("refund", Decimal(30000), currency="JPY"), 1, policy, NOW)
    dinar = evaluate(RemedyRequest("refund", Decimal(5), currency="KWD"), 1, policy, NOW)

    assert small.allowed and small.approval_tier is None
    assert small.checks == ["120 JPY is 0.74 EUR at the configured rate 0.0061"]
    assert large.approval_tier == 2 and "183.00 EUR" in large.reason  # tier 2 has its own JPY limit
    # A rate into a currency the tier has no limit in does not help: the top tier decides.
    assert dinar.approval_tier == 3 and "no refund limit in KWD" in dinar.reason


def test_without_any_comparable_limit_the_top_tier_decides():
    policy = RemedyPolicy.from_config({"tiers": {"1": {"max_amount": {"refund": 50}},
                                                 "3": {"max_amount": {"refund": {"USD": 5000}}}}})

    verdict = evaluate(RemedyRequest("refund", Decimal(10), currency="CHF"), 3, policy, NOW)

    assert verdict.allowed and verdict.approval_tier == 3
    assert "no refund limit in CHF" in verdict.reason and "tier 3 agent must decide" in verdict.reason


def test_zero_amounts_need_no_currency_limit():
    assert evaluate(RemedyRequest("return_label", currency="JPY"), 1, POLICY, NOW).approval_tier is None
    assert evaluate(RemedyRequest("replacement", currency="KRW"), 1, POLICY, NOW).approval_tier is None


@pytest.mark.parametrize("config", [
    {"tiers": {"1": {"max_amount": {"refund": {"EURO": 5}}}}},
    {"tiers": {"1": {"max_amount": {"refund": {"JPY": "1.5"}}}}},
    {"tiers": {"1": {"max_amount": {"refund": 5}}}, "currency": "XYZ"},
    {"tiers": {"1": {"max_amount": {"refund": 5}}}, "exchange_rates": {"JPY": {"EUR": 0}}},
    {"tiers": {"1": {"max_amount": {"refund": 5}}}, "exchange_rates": {"JPY": "0.006"}},
])
def test_a_policy_with_money_it_cannot_hold_is_refused(config):
    with pytest.raises(ValueError, match="remedy policy"):
        RemedyPolicy.from_config(config)


# --- dates at both ends of the calendar give a verdict, never an exception ------------------------------------

@pytest.mark.parametrize("warranty_claim", [False, True])
def test_a_delivery_date_in_year_9999_is_refused_as_in_the_future(warranty_claim):
    delivered = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    verdict = evaluate(RemedyRequest("replacement" if warranty_claim else "refund", Decimal(10),
                                     delivered_at=delivered, warranty_claim=warranty_claim), 1, POLICY, NOW)
    assert not verdict.allowed and "in the future" in verdict.reason


def test_windows_that_end_past_year_9999_have_not_ended():
    late = datetime(9999, 12, 15, tzinfo=UTC)
    warranty = evaluate(RemedyRequest("replacement", Decimal(10), delivered_at=late, warranty_claim=True), 1, POLICY,
                        late + timedelta(days=3))
    returned = evaluate(RemedyRequest("return_label", delivered_at=late), 1, POLICY, late + timedelta(days=3))
    assert warranty.allowed and warranty.checks == ["within warranty"]
    assert returned.allowed and returned.checks == ["within the return window"]


def test_a_delivery_at_the_start_of_the_calendar_is_long_out_of_window():
    verdict = evaluate(RemedyRequest("return_label", delivered_at=datetime(1, 1, 1, tzinfo=UTC)), 1, POLICY, NOW)
    assert not verdict.allowed and "0001-01-31" in verdict.reason


def test_the_warranty_ends_on_the_last_day_of_a_shorter_month():
    delivered = datetime(2025, 8, 31, tzinfo=UTC)
    verdict = evaluate(RemedyRequest("replacement", Decimal(10), delivered_at=delivered, warranty_claim=True),
                       1, RemedyPolicy.from_config({"tiers": {"1": {"max_amount": {"replacement": 100}}},
                                                    "warranty_months": 6}), datetime(2026, 2, 28, tzinfo=UTC))
    assert verdict.allowed and verdict.checks == ["within warranty until 2026-02-28"]


def test_the_readme_example_policy_is_a_valid_policy():
    import json
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    [example] = [block for block in re.findall(r"```json\n(.*?)```", readme, re.S) if "exchange_rates" in block]
    policy = RemedyPolicy.from_config(json.loads(example))

    assert evaluate(RemedyRequest("refund", Decimal(7000), currency="JPY"), 1, policy, NOW).approval_tier is None
    assert evaluate(RemedyRequest("refund", Decimal(40), currency="CHF"), 1, policy, NOW).approval_tier is None
    assert evaluate(RemedyRequest("refund", Decimal(40), currency="SEK"), 1, policy, NOW).approval_tier == 3
