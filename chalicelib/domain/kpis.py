"""KPI arithmetic: what each record contributes to the daily counters, and the figures read back.

Every ticket, remedy and outbox record contributes a fixed set of dated counters computed from
the record alone (`contributions`). A change from an old to a new version of a record adds
`contributions(new) - contributions(old)` (`delta`), so the counters always equal what the
current records say, whatever order changes arrive in: a reopened ticket stops counting as
resolved, a corrected category moves the ticket's counts to its new category. Times are
counted in fixed histogram buckets so p50/p90 can be read from counters alone.

Days are calendar days in the store's time zone. Counters are grouped in sections, each a
counter item per day: `all` (the desk's totals), `volume` (tickets opened per category, channel
and priority), one section per dimension with every figure per value (`category`, `channel`,
`priority`, counters named `<value>|<counter>`, read only to group by it), `remedy` and `desk`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from .models import OutboxItem, Remedy, Ticket
from .surveys import DETRACTOR_UP_TO, PROMOTER_FROM, SATISFIED_FROM

Counters = dict[str, Decimal]
Contribution = dict[tuple[str, str], Counters]  # (section, day) -> counter -> amount

TICKET_DIMENSIONS = ("category", "channel", "priority")
# What every period reads: the totals, the volume by dimension (small), remedies, notices. A
# dimension's own section (every figure per value) is read only to group by it.
SECTIONS = ("all", "volume", "remedy", "desk")
GROUPINGS = ("day", "week", "month", *TICKET_DIMENSIONS)
_DAY = 86_400
# Upper edges (seconds) of the time buckets: a duration falls in the first bucket whose edge it
# does not exceed; the last edge also holds anything longer.
BUCKET_EDGES = (60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600, _DAY, 2 * _DAY, 3 * _DAY,
                5 * _DAY, 7 * _DAY, 14 * _DAY, 30 * _DAY, 365 * _DAY)
ONE = Decimal(1)


def bucket_of(seconds: int) -> int:
    for index, edge in enumerate(BUCKET_EDGES):
        if seconds <= edge:
            return index
    return len(BUCKET_EDGES) - 1


def day_of(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).date().isoformat()


def seconds_between(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds()))


def is_proactive(purpose: str) -> bool:
    """Mail the desk sent before the customer asked (late parcels): the shipments feature's purposes."""
    return purpose.startswith(("proactive", "delay_notice"))


def tier_of_principal(principal: str | None) -> int:
    role = (principal or "").split(":", 1)[0]
    if role == "admin":
        return 3
    if role.startswith("agent_tier") and role[-1].isdigit():
        return int(role[-1])
    return 0


class _Adder:
    def __init__(self, timezone: str) -> None:
        self.timezone = timezone
        self.found: Contribution = defaultdict(lambda: defaultdict(Decimal))

    def add(self, section: str, moment: datetime, counter: str, amount: Decimal = ONE) -> None:
        self.found[(section, day_of(moment, self.timezone))][counter] += amount

    def ticket(self, ticket: Ticket, moment: datetime, counter: str, amount: Decimal = ONE) -> None:
        """A ticket counter, in the desk's totals and under each of the ticket's dimensions."""
        self.add("all", moment, counter, amount)
        for dimension in TICKET_DIMENSIONS:
            self.add(dimension, moment, f"{getattr(ticket, dimension)}|{counter}", amount)

    def result(self) -> Contribution:
        return {key: dict(values) for key, values in self.found.items()}


def ticket_contributions(ticket: Ticket, timezone: str) -> Contribution:
    add = _Adder(timezone)
    opened = ticket.created_at
    add.ticket(ticket, opened, "opened")
    for dimension in TICKET_DIMENSIONS:
        add.add("volume", opened, f"{dimension}|{getattr(ticket, dimension)}")
    if ticket.sla.breaches:
        add.ticket(ticket, opened, "breached")
    for tier in (2, 3):
        if ticket.tier >= tier:
            add.ticket(ticket, opened, f"esc_t{tier}")
    answered = ticket.first_response_at or ticket.sla.first_response_at
    if answered is not None:
        waited = seconds_between(ticket.created_at, answered)
        add.ticket(ticket, answered, "fr_n")
        add.ticket(ticket, answered, "fr_sum", Decimal(waited))
        add.ticket(ticket, answered, f"fr_b{bucket_of(waited)}")
    if ticket.status in ("resolved", "closed") and ticket.resolved_at is not None:
        took = seconds_between(ticket.created_at, ticket.resolved_at)
        add.ticket(ticket, ticket.resolved_at, "res_n")
        add.ticket(ticket, ticket.resolved_at, "res_sum", Decimal(took))
        add.ticket(ticket, ticket.resolved_at, f"res_b{bucket_of(took)}")
        if ticket.first_contact_resolution:
            add.ticket(ticket, ticket.resolved_at, "fcr")
    survey = ticket.survey
    if survey is not None:
        add.ticket(ticket, survey.sent_at, "surveys_sent")
        if survey.csat is not None:
            at = survey.rated_at or survey.answered_at or survey.sent_at
            add.ticket(ticket, at, "csat_n")
            add.ticket(ticket, at, f"csat_{survey.csat}")
            if survey.csat >= SATISFIED_FROM:
                add.ticket(ticket, at, "csat_sat")
        if survey.nps is not None:
            at = survey.answered_at or survey.sent_at
            add.ticket(ticket, at, "nps_n")
            if survey.nps >= PROMOTER_FROM:
                add.ticket(ticket, at, "nps_pro")
            elif survey.nps <= DETRACTOR_UP_TO:
                add.ticket(ticket, at, "nps_det")
        recovered_at = survey.answered_at or survey.rated_at
        if survey.recovery and recovered_at is not None:
            add.ticket(ticket, recovered_at, "recoveries")
    return add.result()


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text or "0")
    except InvalidOperation:
        return Decimal(0)
    return value if value.is_finite() else Decimal(0)


def remedy_contributions(remedy: Remedy, timezone: str) -> Contribution:
    if remedy.status != "granted":
        return {}
    add = _Adder(timezone)
    at = remedy.decided_at or remedy.requested_at
    tier = tier_of_principal(remedy.decided_by or remedy.requested_by)
    category = remedy.ticket_category or "unknown"
    add.add("remedy", at, "granted")
    add.add("remedy", at, f"granted|type|{remedy.type}")
    amount = _amount(remedy.amount)
    if amount:
        currency = remedy.currency.upper()
        for dimension, value in (("type", remedy.type), ("category", category), ("tier", str(tier))):
            add.add("remedy", at, f"cost|{dimension}|{value}|{currency}", amount)
        add.add("remedy", at, f"cost|total|all|{currency}", amount)
    return add.result()


def outbox_contributions(work: OutboxItem, timezone: str) -> Contribution:
    """Mail sent, by purpose (timer starts and bus events are not the customer's experience)."""
    if work.kind != "email" or work.status != "sent" or work.done_at is None:
        return {}
    add = _Adder(timezone)
    add.add("desk", work.done_at, f"sent|{work.kind}|{work.purpose}")
    if is_proactive(work.purpose):
        add.add("desk", work.done_at, "proactive_sent")
    return add.result()


def contributions(record: Ticket | Remedy | OutboxItem | None, timezone: str) -> Contribution:
    if isinstance(record, Ticket):
        return ticket_contributions(record, timezone)
    if isinstance(record, Remedy):
        return remedy_contributions(record, timezone)
    if isinstance(record, OutboxItem):
        return outbox_contributions(record, timezone)
    return {}


def delta(old: Ticket | Remedy | OutboxItem | None, new: Ticket | Remedy | OutboxItem | None,
          timezone: str) -> Contribution:
    """What a change adds to the counters: the new version's contributions less the old one's."""
    before, after = contributions(old, timezone), contributions(new, timezone)
    return combine([after, negate(before)])


def negate(found: Contribution) -> Contribution:
    return {key: {name: -amount for name, amount in values.items()} for key, values in found.items()}


def combine(parts: Iterable[Contribution]) -> Contribution:
    """Sum of contributions, without the counters that cancel out."""
    total: dict[tuple[str, str], Counters] = defaultdict(lambda: defaultdict(Decimal))
    for part in parts:
        for key, values in part.items():
            for name, amount in values.items():
                total[key][name] += amount
    return {key: kept for key, values in total.items() if (kept := {n: a for n, a in values.items() if a})}


# -- reading the counters back ------------------------------------------------------------------

def days_between(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def group_key(day: str, grouping: str) -> str:
    moment = date.fromisoformat(day)
    if grouping == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if grouping == "month":
        return day[:7]
    return day


def summed(days: Iterable[Mapping[str, Decimal]]) -> Counters:
    total: Counters = defaultdict(Decimal)
    for counters in days:
        for name, amount in counters.items():
            total[name] += amount
    return dict(total)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _ratio(part: Decimal, whole: Decimal, digits: int = 4) -> float | None:
    return round(float(part / whole), digits) if whole > 0 else None


def percentile_edge(histogram: list[int], share: float) -> int | None:
    """Nearest rank on the buckets: the upper edge of the bucket holding the ranked value."""
    count = sum(histogram)
    if count == 0:
        return None
    rank = max(1, math.ceil(share * count))
    seen = 0
    for index, in_bucket in enumerate(histogram):
        seen += in_bucket
        if seen >= rank:
            return BUCKET_EDGES[index]
    return BUCKET_EDGES[-1]


def duration_figures(counters: Mapping[str, Decimal], prefix: str) -> dict[str, object]:
    count = counters.get(f"{prefix}_n", Decimal(0))
    histogram = [int(counters.get(f"{prefix}_b{i}", 0)) for i in range(len(BUCKET_EDGES))]
    mean = float(counters.get(f"{prefix}_sum", Decimal(0)) / count) if count > 0 else None
    return {
        "count": int(count),
        "mean_seconds": round(mean, 1) if mean is not None else None,
        "p50_seconds": percentile_edge(histogram, 0.5),
        "p90_seconds": percentile_edge(histogram, 0.9),
        "histogram": [{"le_seconds": edge, "count": n} for edge, n in zip(BUCKET_EDGES, histogram, strict=True) if n],
    }


def ticket_figures(c: Mapping[str, Decimal]) -> dict[str, object]:
    """The headline figures from a flat set of ticket counters (a period, a day, a category...)."""
    zero = Decimal(0)
    opened, resolved = c.get("opened", zero), c.get("res_n", zero)
    csat_n, nps_n = c.get("csat_n", zero), c.get("nps_n", zero)
    promoters, detractors = c.get("nps_pro", zero), c.get("nps_det", zero)
    return {
        "tickets_opened": int(opened),
        "tickets_resolved": int(resolved),
        "first_response_time": duration_figures(c, "fr"),
        "resolution_time": duration_figures(c, "res"),
        "first_contact_resolution_rate": _ratio(c.get("fcr", zero), resolved),
        "sla_breach_rate": _ratio(c.get("breached", zero), opened),
        "escalation_rate": {"tier2": _ratio(c.get("esc_t2", zero), opened),
                            "tier3": _ratio(c.get("esc_t3", zero), opened)},
        "csat": round(float(c.get("csat_sat", zero) / csat_n * 100), 1) if csat_n > 0 else None,
        "csat_responses": int(csat_n),
        "csat_distribution": {str(k): int(c.get(f"csat_{k}", zero)) for k in range(1, 6)},
        "nps": round(float((promoters - detractors) / nps_n * 100), 1) if nps_n > 0 else None,
        "nps_responses": int(nps_n),
        "nps_promoters": int(promoters),
        "nps_detractors": int(detractors),
        "surveys_sent": int(c.get("surveys_sent", zero)),
        "survey_response_rate": _ratio(csat_n, c.get("surveys_sent", zero)),
        "service_recoveries": int(c.get("recoveries", zero)),
    }


def by_dimension(counters: Mapping[str, Decimal]) -> dict[str, Counters]:
    """`<value>|<counter>` counters of a dimension section, split by value (and the volume
    section's `<dimension>|<value>` counters, split by dimension)."""
    split: dict[str, Counters] = defaultdict(dict)
    for name, amount in counters.items():
        value, _, counter = name.partition("|")
        split[value][counter] = amount
    return dict(split)


def _money(amount: Decimal) -> str:
    """At least cents, as money is written: 19.90, not 19.9."""
    exponent = amount.as_tuple().exponent
    return str(amount.quantize(Decimal("0.01"))) if isinstance(exponent, int) and exponent > -2 else str(amount)


def remedy_figures(c: Mapping[str, Decimal]) -> dict[str, object]:
    granted_by_type: dict[str, int] = {}
    cost: dict[str, dict[str, dict[str, str]]] = {"total": {}, "type": {}, "category": {}, "tier": {}}
    for name, amount in sorted(c.items()):
        parts = name.split("|")
        if parts[0] == "granted" and len(parts) == 3:
            granted_by_type[parts[2]] = int(amount)
        elif parts[0] == "cost" and len(parts) == 4:
            _, dimension, value, currency = parts
            cost[dimension].setdefault(value, {})[currency] = _money(amount)
    return {
        "remedies_granted": int(c.get("granted", 0)),
        "remedies_granted_by_type": granted_by_type,
        "remedy_cost": {currency: amount for currency, amount in cost["total"].get("all", {}).items()},
        "remedy_cost_by_type": cost["type"],
        "remedy_cost_by_category": cost["category"],
        "remedy_cost_by_tier": cost["tier"],
    }


def desk_figures(c: Mapping[str, Decimal]) -> dict[str, object]:
    sent: dict[str, int] = {}
    for name, amount in sorted(c.items()):
        parts = name.split("|")
        if parts[0] == "sent" and len(parts) == 3 and parts[1] == "email":
            sent[parts[2]] = int(amount)
    return {
        "proactive_notices_sent": int(c.get("proactive_sent", 0)),
        "self_service_deflections": int(c.get("deflections", 0)),
        "emails_sent_by_purpose": sent,
    }


SectionDays = Mapping[str, Mapping[str, Mapping[str, Decimal]]]  # section -> day -> counters


def report(counters: SectionDays, days: list[str], group_by: str | None = None) -> dict[str, object]:
    """The figures for `days`, and per group when asked (a time grouping or a ticket dimension)."""

    def total(section: str, chosen: Iterable[str]) -> Counters:
        found = counters.get(section, {})
        return summed(found.get(day, {}) for day in chosen)

    metrics: dict[str, object] = {**ticket_figures(total("all", days))}
    volume = by_dimension(total("volume", days))
    metrics["volume"] = {dimension: {value: int(n) for value, n in sorted(volume.get(dimension, {}).items()) if n}
                         for dimension in TICKET_DIMENSIONS}
    metrics.update(remedy_figures(total("remedy", days)))
    metrics.update(desk_figures(total("desk", days)))
    result: dict[str, object] = {"metrics": metrics}
    if group_by in ("day", "week", "month"):
        grouped: dict[str, list[str]] = defaultdict(list)
        for day in days:
            grouped[group_key(day, group_by)].append(day)
        result["groups"] = [{"group": key, **ticket_figures(total("all", chosen)),
                             **remedy_figures(total("remedy", chosen)), **desk_figures(total("desk", chosen))}
                            for key, chosen in grouped.items()]
    elif group_by in TICKET_DIMENSIONS:
        split = by_dimension(total(group_by, days))
        result["groups"] = [{"group": value, **ticket_figures(c)} for value, c in sorted(split.items())]
    return result


CSV_COLUMNS = (
    "group", "tickets_opened", "tickets_resolved",
    "first_response_time_count", "first_response_time_mean_seconds", "first_response_time_p50_seconds",
    "first_response_time_p90_seconds", "resolution_time_count", "resolution_time_mean_seconds",
    "resolution_time_p50_seconds", "resolution_time_p90_seconds", "first_contact_resolution_rate",
    "sla_breach_rate", "escalation_rate_tier2", "escalation_rate_tier3", "csat", "csat_responses", "nps",
    "nps_responses", "surveys_sent", "service_recoveries", "remedies_granted", "proactive_notices_sent",
    "self_service_deflections",
)


def csv_row(group: str, figures: Mapping[str, object]) -> list[object]:
    """One CSV line of scalar figures (nested ones flattened, missing ones empty)."""
    flat: dict[str, object] = {"group": group}
    for name, value in figures.items():
        if isinstance(value, dict) and name in ("first_response_time", "resolution_time", "escalation_rate"):
            for key, inner in value.items():
                if not isinstance(inner, list | dict):
                    flat[f"{name}_{key}"] = inner
        elif not isinstance(value, dict | list):
            flat[name] = value
    return ["" if flat.get(column) is None else flat.get(column, "") for column in CSV_COLUMNS]
