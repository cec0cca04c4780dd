"""Remedies and who may grant them.

Each tier's authority (which remedy types, up to what amount or percentage) comes from
configuration. A request within the agent's authority is granted at once; above it, it waits
for a tier that has the authority. Returns are checked against the return window counted from
delivery and against non-returnable product categories; warranty claims against the warranty
period. The rules take plain values and say why when the answer is no.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

REMEDY_TYPES = ("refund", "replacement", "discount", "store_credit", "return_label", "expedited_reshipment")
_NEEDS_AMOUNT = {"refund", "store_credit", "replacement", "expedited_reshipment"}
_NEEDS_RETURN_WINDOW = {"return_label", "refund"}


@dataclass(frozen=True)
class Authority:
    """What one tier may grant on its own. A missing type means: not at this tier."""

    max_amount: dict[str, Decimal]  # per remedy type, in the order's currency
    max_percent: Decimal  # discounts


@dataclass(frozen=True)
class RemedyPolicy:
    tiers: dict[int, Authority]
    return_window_days: int = 30
    warranty_months: int = 24
    non_returnable: frozenset[str] = frozenset()
    approval_hours: float = 24.0

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> RemedyPolicy:
        if not config:
            return default_policy()
        try:
            tiers = {
                int(tier): Authority(
                    max_amount={k: Decimal(str(v)) for k, v in (rules.get("max_amount") or {}).items()},
                    max_percent=Decimal(str(rules.get("max_percent", 0))),
                )
                for tier, rules in config["tiers"].items()
            }
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise ValueError(f"remedy policy: tiers must map 1-3 to max_amount/max_percent ({error})") from error
        unknown = {t for a in tiers.values() for t in a.max_amount} - set(REMEDY_TYPES)
        if unknown:
            raise ValueError(f"remedy policy: unknown remedy types {sorted(unknown)}")
        return cls(
            tiers=tiers,
            return_window_days=int(config.get("return_window_days", 30)),
            warranty_months=int(config.get("warranty_months", 24)),
            non_returnable=frozenset(config.get("non_returnable", ())),
            approval_hours=float(config.get("approval_hours", 24)),
        )


def default_policy() -> RemedyPolicy:
    unlimited = Decimal("1e9")
    return RemedyPolicy(
        tiers={
            1: Authority({"refund": Decimal(50), "store_credit": Decimal(50), "return_label": Decimal(0),
                          "replacement": Decimal(100), "expedited_reshipment": Decimal(30)}, Decimal(10)),
            2: Authority({"refund": Decimal(250), "store_credit": Decimal(300), "return_label": Decimal(0),
                          "replacement": Decimal(500), "expedited_reshipment": Decimal(100)}, Decimal(25)),
            3: Authority({t: unlimited for t in REMEDY_TYPES if t != "discount"}, Decimal(100)),
        },
        non_returnable=frozenset({"gift_card", "digital", "perishable", "personal_care", "custom_made"}),
    )


@dataclass(frozen=True)
class RemedyRequest:
    type: str
    amount: Decimal = Decimal(0)
    percent: Decimal = Decimal(0)
    delivered_at: datetime | None = None
    product_category: str | None = None
    warranty_claim: bool = False


@dataclass(frozen=True)
class Verdict:
    allowed: bool  # False: refused outright, `reason` says why
    approval_tier: int | None = None  # set when the request must wait for this tier
    reason: str = ""
    checks: list[str] = field(default_factory=list)


def lowest_tier_allowed(request: RemedyRequest, policy: RemedyPolicy) -> int | None:
    for tier in sorted(policy.tiers):
        if within(policy.tiers[tier], request):
            return tier
    return None


def within(authority: Authority, request: RemedyRequest) -> bool:
    if request.type == "discount":
        return request.percent <= authority.max_percent and authority.max_percent > 0
    limit = authority.max_amount.get(request.type)
    return limit is not None and request.amount <= limit


def evaluate(request: RemedyRequest, agent_tier: int, policy: RemedyPolicy, now: datetime) -> Verdict:
    if request.type not in REMEDY_TYPES:
        return Verdict(False, reason=f"unknown remedy {request.type!r}; choose one of {', '.join(REMEDY_TYPES)}")
    if request.type == "discount" and not Decimal(0) < request.percent <= 100:
        return Verdict(False, reason="a discount needs a percent between 0 and 100")
    if request.type in _NEEDS_AMOUNT - {"replacement", "expedited_reshipment"} and request.amount <= 0:
        return Verdict(False, reason=f"a {request.type.replace('_', ' ')} needs an amount above 0")
    checks: list[str] = []
    refusal = _eligibility(request, policy, now, checks)
    if refusal:
        return Verdict(False, reason=refusal, checks=checks)
    if agent_tier in policy.tiers and within(policy.tiers[agent_tier], request):
        return Verdict(True, checks=checks)
    needed = lowest_tier_allowed(request, policy)
    if needed is None:
        return Verdict(False, reason=f"no tier may grant this {request.type.replace('_', ' ')}", checks=checks)
    return Verdict(True, approval_tier=max(needed, agent_tier + 1), checks=checks,
                   reason=_over_authority(request, policy.tiers.get(agent_tier), agent_tier))


def _over_authority(request: RemedyRequest, authority: Authority | None, tier: int) -> str:
    if authority is None:
        return f"tier {tier} may not grant remedies"
    if request.type == "discount":
        return f"{request.percent}% is above the tier {tier} limit of {authority.max_percent}%"
    limit = authority.max_amount.get(request.type)
    if limit is None:
        return f"tier {tier} may not grant a {request.type.replace('_', ' ')}"
    return f"{request.amount} is above the tier {tier} limit of {limit} for a {request.type.replace('_', ' ')}"


def _eligibility(request: RemedyRequest, policy: RemedyPolicy, now: datetime, checks: list[str]) -> str | None:
    if request.warranty_claim:
        if request.delivered_at is None:
            return "a warranty claim needs the delivery date to check the warranty period"
        ends = _add_months(request.delivered_at, policy.warranty_months)
        if now > ends:
            return (f"the {policy.warranty_months}-month warranty ended on {ends.date().isoformat()} "
                    f"(delivered {request.delivered_at.date().isoformat()})")
        checks.append(f"within warranty until {ends.date().isoformat()}")
        return None
    if request.type in _NEEDS_RETURN_WINDOW:
        if request.product_category and request.product_category in policy.non_returnable:
            return f"{request.product_category.replace('_', ' ')} items cannot be returned"
        if request.delivered_at is not None:
            closes = request.delivered_at + timedelta(days=policy.return_window_days)
            if now > closes:
                return (f"the {policy.return_window_days}-day return window closed on "
                        f"{closes.date().isoformat()} (delivered {request.delivered_at.date().isoformat()})")
            checks.append(f"within the return window until {closes.date().isoformat()}")
    return None


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("unreachable")
