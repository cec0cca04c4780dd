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
