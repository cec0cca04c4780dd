"""Remedies and who may grant them.

Each tier's authority (which remedy types, up to what amount or percentage) comes from
configuration. A request within the agent's authority is granted at once; above it, it waits
for a tier that has the authority. Returns are checked against the return window counted from
delivery and against non-returnable product categories; warranty claims against the warranty
period. The rules take plain values and say why when the answer is no.

Amount limits are money: each holds in its own currency. An amount is compared with the tier's
limit in the request's currency, or converted with an exchange rate from the policy into a
currency the tier has a limit in (rounded up). When neither exists, the request is never taken
as within authority: it waits for the highest tier, and the reason says there was no limit to
compare with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from .money import MoneyError, amount_in, convert_up, minor_units, plain, rate_value

REMEDY_TYPES = ("refund", "replacement", "discount", "store_credit", "return_label", "expedited_reshipment")
_NEEDS_AMOUNT = {"refund", "store_credit", "replacement", "expedited_reshipment"}
_NEEDS_RETURN_WINDOW = {"return_label", "refund"}
ANY_CURRENCY = "*"  # a limit that holds in every currency: only "unlimited" is spelled this way
UNLIMITED = Decimal("Infinity")
FUTURE_TOLERANCE = timedelta(days=1)  # a delivery "tomorrow" is a time zone, not a typo

Limits = dict[str, Decimal]  # currency → the most one grant may be, in that currency


@dataclass(frozen=True)
class Authority:
    """What one tier may grant on its own. A missing type means: not at this tier. Amount limits
    hold in their own currency only; `ANY_CURRENCY` marks an unlimited type."""

    max_amount: dict[str, Limits]  # per remedy type
    max_percent: Decimal  # discounts


@dataclass(frozen=True)
class RemedyPolicy:
    tiers: dict[int, Authority]
    return_window_days: int = 30
    warranty_months: int = 24
    non_returnable: frozenset[str] = frozenset()
    approval_hours: float = 24.0
    currency: str = "USD"  # what a bare number in max_amount is in
    exchange_rates: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (from, to): 1 from in to

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> RemedyPolicy:
        if not config:
            return default_policy()
        try:
            base = _currency(str(config.get("currency", "USD")))
            tiers = {
                int(tier): Authority(
                    max_amount={kind: _limits(limit, base) for kind, limit in (rules.get("max_amount") or {}).items()},
                    max_percent=Decimal(str(rules.get("max_percent", 0))),
                )
                for tier, rules in config["tiers"].items()
            }
            rates = {
                (_currency(source), _currency(target)): rate_value(rate)
                for source, targets in (config.get("exchange_rates") or {}).items()
                for target, rate in targets.items()
            }
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as error:
            raise ValueError(f"remedy policy: tiers must map 1-3 to max_amount/max_percent, limits per "
                             f"currency, exchange_rates as {{from: {{to: rate}}}} ({error})") from error
        unknown = {t for a in tiers.values() for t in a.max_amount} - set(REMEDY_TYPES)
        if unknown:
            raise ValueError(f"remedy policy: unknown remedy types {sorted(unknown)}")
        return cls(
            tiers=tiers,
            return_window_days=int(config.get("return_window_days", 30)),
            warranty_months=int(config.get("warranty_months", 24)),
            non_returnable=frozenset(config.get("non_returnable", ())),
            approval_hours=float(config.get("approval_hours", 24)),
            currency=base,
            exchange_rates=rates,
        )


def _currency(code: str) -> str:
    minor_units(code)  # raises for a code that is not ISO 4217
    return code


def _limits(limit: Any, base: str) -> Limits:
    """`50` (in the policy's currency), `{"EUR": 50, "JPY": 7500}`, or `"unlimited"`."""
    if limit == "unlimited":
        return {ANY_CURRENCY: UNLIMITED}
    if isinstance(limit, dict):
        return {_currency(currency): _limit(value, currency) for currency, value in limit.items()}
    return {base: _limit(limit, base)}


def _limit(value: Any, currency: str) -> Decimal:
    try:
        return amount_in(str(value) if isinstance(value, float) else value, currency)
    except MoneyError as error:
        raise ValueError(f"limit {value!r} {currency}: {error}") from error


def default_policy() -> RemedyPolicy:
    def per_currency(amount: int) -> Limits:
        return {currency: Decimal(amount).quantize(Decimal("0.01")) for currency in ("USD", "EUR", "GBP")}

    def tier(limits: dict[str, int], percent: int) -> Authority:
        return Authority({kind: per_currency(amount) for kind, amount in limits.items()}, Decimal(percent))

    return RemedyPolicy(
        tiers={
            1: tier({"refund": 50, "store_credit": 50, "return_label": 0, "replacement": 100,
                     "expedited_reshipment": 30}, 10),
            2: tier({"refund": 250, "store_credit": 300, "return_label": 0, "replacement": 500,
                     "expedited_reshipment": 100}, 25),
            3: Authority({t: {ANY_CURRENCY: UNLIMITED} for t in REMEDY_TYPES if t != "discount"}, Decimal(100)),
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
    currency: str = "USD"


@dataclass(frozen=True)
class Verdict:
    allowed: bool  # False: refused outright, `reason` says why
    approval_tier: int | None = None  # set when the request must wait for this tier
    reason: str = ""
    checks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Standing:
    """How a request stands against one tier's authority."""

    within: bool
    reason: str = ""  # why not, when not
    comparable: bool = True  # False: the tier has no limit in the request's currency, nor a rate to one
    check: str = ""  # how the amount was compared, when it needed a conversion


def standing(request: RemedyRequest, tier: int, policy: RemedyPolicy) -> Standing:
    """Whether `tier` may grant `request` on its own. Amounts are compared only with a limit in the
    same currency, or converted with a configured rate into a limit's currency."""
    authority = policy.tiers.get(tier)
    label = request.type.replace("_", " ")
    if authority is None:
        return Standing(False, f"tier {tier} may not grant remedies")
    if request.type == "discount":
        if authority.max_percent > 0 and request.percent <= authority.max_percent:
            return Standing(True)
        return Standing(False, f"{request.percent}% is above the tier {tier} limit of {authority.max_percent}%")
    limits = authority.max_amount.get(request.type)
    if limits is None:
        return Standing(False, f"tier {tier} may not grant a {label}")
    if ANY_CURRENCY in limits or request.amount == 0:
        return Standing(True)
    amount = f"{plain(request.amount)} {request.currency}"
    if request.currency in limits:
        limit = limits[request.currency]
        if request.amount <= limit:
            return Standing(True)
        return Standing(False, f"{amount} is above the tier {tier} limit of {plain(limit)} {request.currency} "
                               f"for a {label}")
    for target in sorted(limits, key=lambda c: (c != policy.currency, c)):
        rate = policy.exchange_rates.get((request.currency, target))
        if rate is None:
            continue
        converted = convert_up(request.amount, rate, target)
        check = f"{amount} is {plain(converted)} {target} at the configured rate {plain(rate)}"
        if converted <= limits[target]:
            return Standing(True, check=check)
        return Standing(False, f"{check}, above the tier {tier} limit of {plain(limits[target])} {target} "
                               f"for a {label}", check=check)
    return Standing(False, f"tier {tier} has no {label} limit in {request.currency} (only in "
                           f"{', '.join(sorted(limits))}) and REMEDY_POLICY has no exchange rate from "
                           f"{request.currency} to those", comparable=False)


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
    own = standing(request, agent_tier, policy)
    if own.within:
        return Verdict(True, checks=[*checks, *([own.check] if own.check else [])])
    if own.check:
        checks.append(own.check)
    top = max(policy.tiers, default=agent_tier)
    others = {tier: standing(request, tier, policy) for tier in sorted(policy.tiers)}
    able = [tier for tier, found in others.items() if found.within]
    if able:
        above = [tier for tier in able if tier > agent_tier]
        needed = min(above) if above else min(max(able), top)
        return Verdict(True, approval_tier=max(needed, min(agent_tier + 1, top)), checks=checks, reason=own.reason)
    if any(not found.comparable for found in others.values()) or not own.comparable:
        # No limit to compare with: never "within authority" by default; the top tier decides.
        return Verdict(True, approval_tier=top, checks=checks,
                       reason=f"{own.reason}; a tier {top} agent must decide")
    return Verdict(False, reason=f"no tier may grant this {request.type.replace('_', ' ')} ({own.reason})",
                   checks=checks)


def _eligibility(request: RemedyRequest, policy: RemedyPolicy, now: datetime, checks: list[str]) -> str | None:
    delivered = request.delivered_at
    if delivered is not None and delivered > now + FUTURE_TOLERANCE:
        return (f"the delivery date {delivered.date().isoformat()} is in the future; "
                "give the date the order was delivered")
    if request.warranty_claim:
        if delivered is None:
            return "a warranty claim needs the delivery date to check the warranty period"
        ends = _add_months(delivered, policy.warranty_months)
        if ends is None:  # past the end of the calendar: the warranty has not ended
            checks.append("within warranty")
            return None
        if now > ends:
            return (f"the {policy.warranty_months}-month warranty ended on {ends.date().isoformat()} "
                    f"(delivered {delivered.date().isoformat()})")
        checks.append(f"within warranty until {ends.date().isoformat()}")
        return None
    if request.type in _NEEDS_RETURN_WINDOW:
        if request.product_category and request.product_category in policy.non_returnable:
            return f"{request.product_category.replace('_', ' ')} items cannot be returned"
        if delivered is not None:
            closes = _plus(delivered, timedelta(days=policy.return_window_days))
            if closes is None:
                checks.append("within the return window")
                return None
            if now > closes:
                return (f"the {policy.return_window_days}-day return window closed on "
                        f"{closes.date().isoformat()} (delivered {delivered.date().isoformat()})")
            checks.append(f"within the return window until {closes.date().isoformat()}")
    return None


def _plus(moment: datetime, delta: timedelta) -> datetime | None:
    """`moment + delta`, or None when that is past the last representable date (year 9999)."""
    try:
        return moment + delta
    except OverflowError:
        return None


def _add_months(moment: datetime, months: int) -> datetime | None:
    """The same day `months` later (the month's last day when it is shorter); None past year 9999."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    if not 1 <= year <= 9999:
        return None
    for day in (moment.day, 31, 30, 29, 28):
        if day > moment.day:
            continue
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return None
