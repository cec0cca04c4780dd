"""The SLA clock: deadlines per priority, counted in calendar or business hours.

Pure functions over plain values; the caller passes every instant (nothing here reads the clock).
All instants are timezone-aware and come back in UTC; naive datetimes are rejected.

Semantics, following what Zendesk and Freshdesk do:

- First response: runs from the ticket's start until an agent's first public reply. It never
  pauses. A late first reply stays a breach.
- Next response: starts when the customer writes again after our first reply (the oldest
  unanswered message counts) and stops at the agent's next reply. It never pauses.
- Resolution: runs from the ticket's start but stops while the ticket waits on the customer
  (status "pending"). While paused, `Deadlines.resolution_due` is None because no instant is
  meaningful yet; on resume the working time spent paused moves the deadline out. A deadline
  that passed before the pause stays breached.
- Warnings fire once `warning_fraction` of a clock's allowed working time is used.
- Changing priority re-derives every deadline from the ticket's start with the new targets, so
  time already used counts, and a ticket can be breached the moment it is escalated.

Business time is real elapsed time inside opening hours in the store's time zone: the night the
clocks go back really is an hour longer, and wall-clock times that do not exist are skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIDNIGHT = time(0)
"""As the end of an interval, time(0) means the midnight that ends the day ("24:00")."""

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_ONE_DAY = timedelta(days=1)

FIRST_RESPONSE = "first_response"
NEXT_RESPONSE = "next_response"
RESOLUTION = "resolution"
WARNING_SUFFIX = "_warning"

WorkingHours = Mapping[int, Sequence[tuple[time, time]]]


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours per weekday (0=Monday) in `timezone`; None means around the clock.

    Several intervals per day are allowed (a lunch break); days not listed are closed.
    Holidays are local dates on which the store is closed all day.
    """

    timezone: str = "UTC"
    weekly_hours: WorkingHours | None = field(default=None, hash=False)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"timezone: unknown time zone {self.timezone!r}") from error
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        if self.weekly_hours is not None:
            object.__setattr__(self, "weekly_hours", _checked_weekly_hours(self.weekly_hours))

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BusinessCalendar:
        """`{"timezone": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}, "holidays": [...]}`.

        Without "hours" the calendar runs around the clock. A day's hours may be "closed", a
        list, or comma-separated intervals; "24:00" ends an interval at midnight.
        """
        if not isinstance(config, Mapping):
            raise ValueError("calendar must be an object")
        _reject_unknown_keys(config, {"timezone", "hours", "holidays"}, "calendar")
        timezone = config.get("timezone", "UTC")
        if not isinstance(timezone, str):
            raise ValueError("timezone must be a time zone name such as 'Europe/Berlin'")
        hours = config.get("hours")
        weekly_hours = None if hours is None else _parse_weekly_hours(hours)
        holidays = _parse_holidays(config.get("holidays", []))
        return cls(timezone=timezone, weekly_hours=weekly_hours, holidays=holidays)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)  # ZoneInfo caches instances per key

    @property
    def is_around_the_clock(self) -> bool:
        return self.weekly_hours is None and not self.holidays

    def hours_on(self, day: date) -> Sequence[tuple[time, time]]:
        if day in self.holidays:
            return ()
        if self.weekly_hours is None:
            return ((MIDNIGHT, MIDNIGHT),)
        return self.weekly_hours.get(day.weekday(), ())


def _checked_weekly_hours(
    weekly_hours: WorkingHours,
) -> Mapping[int, tuple[tuple[time, time], ...]]:
    checked: dict[int, tuple[tuple[time, time], ...]] = {}
    for weekday, intervals in weekly_hours.items():
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValueError(
                f"weekly_hours: weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}"
            )
        ordered = tuple(sorted((opening, closing) for opening, closing in intervals))
        for opening, closing in ordered:
            _check_interval(DAY_NAMES[weekday], opening, closing)
        for (_, earlier_end), (later_start, _) in pairwise(ordered):
            if earlier_end == MIDNIGHT or later_start < earlier_end:
                raise ValueError(f"weekly_hours: intervals on {DAY_NAMES[weekday]} overlap")
        if ordered:
            checked[weekday] = ordered
    if not checked:
        raise ValueError("weekly_hours: the calendar has no working time on any day")
    return MappingProxyType(checked)


def _check_interval(day_name: str, opening: time, closing: time) -> None:
    if opening.tzinfo is not None or closing.tzinfo is not None:
        raise ValueError(f"weekly_hours: times on {day_name} must be local wall-clock times")
    if closing != MIDNIGHT and closing <= opening:
        raise ValueError(
            f"weekly_hours: interval on {day_name} ends at {closing:%H:%M}, "
            f"not after it opens at {opening:%H:%M}; split overnight hours across two days"
        )


def _parse_weekly_hours(hours: object) -> dict[int, list[tuple[time, time]]]:
    if not isinstance(hours, Mapping):
        raise ValueError('hours must be an object such as {"mon-fri": "09:00-17:00"}')
    weekly: dict[int, list[tuple[time, time]]] = {}
    claimed_by: dict[int, str] = {}
    for day_spec, interval_spec in hours.items():
        intervals = _parse_intervals(day_spec, interval_spec)
        for weekday in _parse_days(day_spec):
            if weekday in claimed_by:
                raise ValueError(
                    f"hours: {DAY_NAMES[weekday]} appears in both "
                    f"{claimed_by[weekday]!r} and {day_spec!r}"
                )
            claimed_by[weekday] = day_spec
            weekly[weekday] = list(intervals)
    try:
        _checked_weekly_hours(weekly)
    except ValueError as error:
        raise ValueError(str(error).replace("weekly_hours:", "hours:", 1)) from error
    return weekly


def _parse_days(day_spec: object) -> list[int]:
    if not isinstance(day_spec, str) or not day_spec.strip():
        raise ValueError(f"hours: {day_spec!r} is not a day such as 'mon' or 'mon-fri'")
    weekdays: list[int] = []
    for part in day_spec.split(","):
        first_name, _, last_name = part.partition("-")
        first = _weekday(first_name, day_spec)
        last = _weekday(last_name, day_spec) if last_name else first
        weekdays.extend((first + offset) % 7 for offset in range((last - first) % 7 + 1))
    return weekdays


def _weekday(name: str, day_spec: str) -> int:
    cleaned = name.strip().lower()
    for names in (DAY_NAMES, _FULL_DAY_NAMES):
        if cleaned in names:
            return names.index(cleaned)
    raise ValueError(
        f"hours: unknown day {name.strip()!r} in {day_spec!r} (use {', '.join(DAY_NAMES)})"
    )


def _parse_intervals(day_spec: str, interval_spec: object) -> list[tuple[time, time]]:
    if isinstance(interval_spec, str):
        pieces = [] if interval_spec.strip().lower() == "closed" else interval_spec.split(",")
    elif isinstance(interval_spec, list) and all(isinstance(p, str) for p in interval_spec):
        pieces = list(interval_spec)
    else:
        raise ValueError(f"hours[{day_spec!r}] must be 'HH:MM-HH:MM', a list of those, or 'closed'")
    return [_parse_interval(day_spec, piece) for piece in pieces]


def _parse_interval(day_spec: str, text: str) -> tuple[time, time]:
    opening_text, dash, closing_text = text.strip().partition("-")
    if not dash:
        raise ValueError(
            f"hours[{day_spec!r}]: {text.strip()!r} is not an interval like '09:00-17:00'"
        )
    return (
        _parse_clock_time(day_spec, opening_text, is_end=False),
        _parse_clock_time(day_spec, closing_text, is_end=True),
    )


def _parse_clock_time(day_spec: str, text: str, *, is_end: bool) -> time:
    match = _CLOCK_TIME.match(text.strip())
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if is_end and (hour, minute) == (24, 0):
        return MIDNIGHT
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"hours[{day_spec!r}]: {text.strip()!r} is not a time like '09:00'")
    return time(hour, minute)


def _parse_holidays(holidays: object) -> frozenset[date]:
    if not isinstance(holidays, list):
        raise ValueError("holidays must be a list of dates like '2026-12-25'")
    parsed: set[date] = set()
    for entry in holidays:
        try:
            parsed.add(date.fromisoformat(entry))
        except (TypeError, ValueError) as error:
            raise ValueError(f"holidays: {entry!r} is not a date like '2026-12-25'") from error
    return frozenset(parsed)


# --------------------------------------------------------------------------- business time


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """The instant at which `duration` of working time has elapsed after `start`.

    A start outside opening hours waits for the next opening. A zero duration returns `start`.
    """
    start = _as_utc(start, "start")
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    if duration == timedelta(0) or calendar.is_around_the_clock:
        return start + duration
    remaining = duration
    for opening, closing in _working_intervals(calendar, start):
        available = closing - opening
        if remaining <= available:
            return opening + remaining
        remaining -= available
    raise AssertionError("_working_intervals never ends")  # pragma: no cover


def business_time_between(start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
    """Working time elapsed from `start` to `end`; zero when `end` is not after `start`."""
    start, end = _as_utc(start, "start"), _as_utc(end, "end")
    if end <= start:
        return timedelta(0)
    if calendar.is_around_the_clock:
        return end - start
    elapsed = timedelta(0)
    for opening, closing in _working_intervals(calendar, start):
        if opening >= end:
            break
        elapsed += min(closing, end) - opening
    return elapsed


def _working_intervals(
    calendar: BusinessCalendar, since: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals in UTC from `since` on, in order and never overlapping.

    Intervals are clamped to the end of the previous one because an opening time inside a DST gap
    converts to an instant after a later wall-clock time, which would otherwise count twice.
    """
    zone = calendar.zone
    day = since.astimezone(zone).date()
    previous_end = since
    # Longest possible closed stretch: a week per holiday (each can cancel the only open
    # weekday) plus slack; beyond it the calendar cannot have working time left.
    closed_days_allowed = 7 * (len(calendar.holidays) + 2)
    closed_days = 0
    while True:
        found_working_time = False
        for opening_time, closing_time in calendar.hours_on(day):
            opening = max(_instant(day, opening_time, zone), previous_end)
            closing_day = day + _ONE_DAY if closing_time == MIDNIGHT else day
            closing = _instant(closing_day, closing_time, zone)
            if closing > opening:
                found_working_time = True
                previous_end = closing
                yield opening, closing
        closed_days = 0 if found_working_time else closed_days + 1
        if closed_days > closed_days_allowed:
            raise ValueError("the calendar has no working time left to count")
        day += _ONE_DAY


def _instant(day: date, wall_time: time, zone: ZoneInfo) -> datetime:
    # fold=0: an ambiguous wall time means its first occurrence; one inside a DST gap lands
    # at or after the jump, which the clamping in _working_intervals relies on.
    return datetime.combine(day, wall_time).replace(tzinfo=zone).astimezone(UTC)


def _as_utc(moment: datetime, name: str) -> datetime:
    if not isinstance(moment, datetime):
        raise ValueError(f"{name} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC), got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


# --------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class SlaTargets:
    first_response: timedelta
    next_response: timedelta
    resolution: timedelta

    def __post_init__(self) -> None:
        for name in ("first_response", "next_response", "resolution"):
            if getattr(self, name) <= timedelta(0):
                raise ValueError(f"{name} target must be positive, got {getattr(self, name)}")

    @classmethod
    def from_hours(
        cls, first_response: float, next_response: float, resolution: float
    ) -> SlaTargets:
        return cls(
            first_response=timedelta(hours=first_response),
            next_response=timedelta(hours=next_response),
            resolution=timedelta(hours=resolution),
        )

    def scaled(self, factor: float) -> SlaTargets:
        return SlaTargets(
            first_response=self.first_response / factor,
            next_response=self.next_response / factor,
            resolution=self.resolution / factor,
        )


_DEFAULT_TARGETS = MappingProxyType(
    {
        "critical": SlaTargets.from_hours(1, 2, 8),
        "high": SlaTargets.from_hours(4, 8, 24),
        "normal": SlaTargets.from_hours(8, 24, 72),
        "low": SlaTargets.from_hours(24, 48, 120),
    }
)
_TARGET_FIELDS = {
    "first_response_hours": "first_response",
    "next_response_hours": "next_response",
    "resolution_hours": "resolution",
}


@dataclass(frozen=True)
class SlaPolicy:
    targets: Mapping[str, SlaTargets] = field(hash=False)
    calendar: BusinessCalendar = BusinessCalendar()
    warning_fraction: float = 0.8

    def __post_init__(self) -> None:
        if not self.targets:
            raise ValueError("priorities: at least one priority needs targets")
        if not 0 < self.warning_fraction < 1:
            raise ValueError(
                f"warning_fraction must be between 0 and 1, got {self.warning_fraction}"
            )
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets)))

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SlaPolicy:
        """`{"calendar": {...}, "warning_fraction": 0.8, "priorities": {"critical": {...}}}`.

        Every key is optional: priorities not configured keep the default targets.
        """
        if not isinstance(config, Mapping):
            raise ValueError("sla policy must be an object")
        _reject_unknown_keys(config, {"calendar", "warning_fraction", "priorities"}, "sla policy")
        calendar = _calendar_from_policy_config(config.get("calendar", {}))
        fraction = config.get("warning_fraction", 0.8)
        if not _is_number(fraction):
            raise ValueError(f"warning_fraction must be a number between 0 and 1, got {fraction!r}")
        targets = dict(_DEFAULT_TARGETS)
        targets.update(_parse_priorities(config.get("priorities", {})))
        return cls(targets=targets, calendar=calendar, warning_fraction=float(fraction))

    def targets_for(self, priority: str) -> SlaTargets:
        try:
            return self.targets[priority]
        except KeyError:
            known = ", ".join(sorted(self.targets))
            raise ValueError(f"priority {priority!r} has no SLA targets (known: {known})") from None

    def scaled(self, factor: float) -> SlaPolicy:
        """Every target divided by `factor`: 3600 turns each SLA hour into a second, for demos.

        The calendar is kept, so with business hours a scaled ticket still waits for opening.
        """
        if not _is_number(factor) or factor <= 0:
            raise ValueError(f"scale factor must be a positive number, got {factor!r}")
        scaled_targets = {name: targets.scaled(factor) for name, targets in self.targets.items()}
        return replace(self, targets=scaled_targets)


def default_policy() -> SlaPolicy:
    """A store's sensible starting point, counted around the clock in UTC."""
    return SlaPolicy(targets=_DEFAULT_TARGETS, calendar=BusinessCalendar())


def _calendar_from_policy_config(config: Mapping[str, Any]) -> BusinessCalendar:
    try:
        return BusinessCalendar.from_config(config)
    except ValueError as error:
        message = str(error)
        # Name the field as the policy document spells it: "calendar.hours: ...".
        raise ValueError(
            message if message.startswith("calendar") else f"calendar.{message}"
        ) from error


def _parse_priorities(priorities: object) -> dict[str, SlaTargets]:
    if not isinstance(priorities, Mapping):
        raise ValueError("priorities must be an object keyed by priority name")
    parsed: dict[str, SlaTargets] = {}
    for name, fields in priorities.items():
        path = f"priorities.{name}"
        if not isinstance(fields, Mapping):
            raise ValueError(f"{path} must be an object with {', '.join(_TARGET_FIELDS)}")
        _reject_unknown_keys(fields, set(_TARGET_FIELDS), path)
        durations: dict[str, timedelta] = {}
        for config_key, target_name in _TARGET_FIELDS.items():
            hours = fields.get(config_key)
            if not isinstance(hours, int | float) or not _is_number(hours) or hours <= 0:
                raise ValueError(
                    f"{path}.{config_key} must be a positive number of hours, got {hours!r}"
                )
            durations[target_name] = timedelta(hours=hours)
        parsed[name] = SlaTargets(**durations)
    return parsed


def _is_number(value: object) -> bool:
    # bool is an int subclass, but `true` in a config is a typo, not a number of hours.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _reject_unknown_keys(config: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(config) - allowed)
    if unknown:
        raise ValueError(
            f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


# --------------------------------------------------------------------------- clock state


@dataclass(frozen=True)
class SlaState:
    """What the clock needs to know about one ticket; change it only through the functions below."""

    started_at: datetime
    priority: str
    first_response_at: datetime | None = None
    paused_since: datetime | None = None  # set while pending on the customer
    paused_total: timedelta = timedelta(0)  # working time spent paused in earlier pauses
    awaiting_response_since: datetime | None = None  # oldest unanswered customer message

    def __post_init__(self) -> None:
        for name in ("started_at", "first_response_at", "paused_since", "awaiting_response_since"):
            moment = getattr(self, name)
            if moment is not None:
                object.__setattr__(self, name, _as_utc(moment, name))
        if self.paused_total < timedelta(0):
            raise ValueError(f"paused_total must not be negative, got {self.paused_total}")

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None


@dataclass(frozen=True)
class Deadlines:
    first_response_due: datetime  # kept after the first reply, to judge whether it was late
    first_response_warn_at: datetime
    next_response_due: datetime | None  # None unless the customer is waiting for a next reply
    next_response_warn_at: datetime | None
    resolution_due: datetime | None  # None while paused
    resolution_warn_at: datetime | None


class Check(NamedTuple):
    at: datetime
    event: str  # "first_response", "resolution_warning", ...: a breach name, or one + "_warning"


def pause(state: SlaState, at: datetime) -> SlaState:
    """The ticket waits on the customer: the resolution clock stops. Pausing twice is a no-op."""
    if state.is_paused:
        return state
    return replace(state, paused_since=at)


def resume(state: SlaState, at: datetime, policy: SlaPolicy) -> SlaState:
    """The ticket is back with us: the working time spent paused extends the resolution deadline."""
    if state.paused_since is None:
        return state
    paused = business_time_between(state.paused_since, at, policy.calendar)
    return replace(state, paused_since=None, paused_total=state.paused_total + paused)


def record_first_response(state: SlaState, at: datetime) -> SlaState:
    if state.first_response_at is not None:
        return state
    return replace(state, first_response_at=at)


def customer_replied(state: SlaState, at: datetime) -> SlaState:
    """Starts the next-response clock, unless the first response is still owed or a clock runs.

    Resuming a paused ticket is a status change and stays the caller's decision (call `resume`).
    """
    if state.first_response_at is None or state.awaiting_response_since is not None:
        return state
    return replace(state, awaiting_response_since=at)


def agent_replied(state: SlaState, at: datetime) -> SlaState:
    """A public agent reply meets the first-response clock, or else the next-response clock."""
    return replace(record_first_response(state, at), awaiting_response_since=None)


def change_priority(state: SlaState, new_priority: str) -> SlaState:
    # Deadlines are derived from started_at, so the new targets apply to the time already used.
    return replace(state, priority=new_priority)


def deadlines(state: SlaState, policy: SlaPolicy) -> Deadlines:
    targets = policy.targets_for(state.priority)
    first_due, first_warn = _due_and_warning(policy, state.started_at, targets.first_response)
    next_due = next_warn = resolution_due = resolution_warn = None
    if state.awaiting_response_since is not None:
        next_due, next_warn = _due_and_warning(
            policy, state.awaiting_response_since, targets.next_response
        )
    if not state.is_paused:
        resolution_due, resolution_warn = _due_and_warning(
            policy, state.started_at, targets.resolution, paused=state.paused_total
        )
    return Deadlines(first_due, first_warn, next_due, next_warn, resolution_due, resolution_warn)


def _due_and_warning(
    policy: SlaPolicy, since: datetime, allowed: timedelta, paused: timedelta = timedelta(0)
) -> tuple[datetime, datetime]:
    """When the clock breaches and when it warns, skipping the working time spent paused."""
    due = add_business_time(since, allowed + paused, policy.calendar)
    warn_at = add_business_time(since, allowed * policy.warning_fraction + paused, policy.calendar)
    return due, warn_at


def breaches(state: SlaState, policy: SlaPolicy, now: datetime) -> list[str]:
    """The deadlines missed as of `now`, in the order first_response, next_response, resolution.

    A met next-response clock leaves no trace in the state, so persist breaches as they happen.
    """
    now = _as_utc(now, "now")
    due = deadlines(state, policy)
    missed: list[str] = []
    if state.first_response_at is not None:
        first_response_missed = state.first_response_at > due.first_response_due
    else:
        first_response_missed = now >= due.first_response_due
    if first_response_missed:
        missed.append(FIRST_RESPONSE)
    if due.next_response_due is not None and now >= due.next_response_due:
        missed.append(NEXT_RESPONSE)
    if _resolution_missed(state, policy, due, now):
        missed.append(RESOLUTION)
    return missed


def _resolution_missed(state: SlaState, policy: SlaPolicy, due: Deadlines, now: datetime) -> bool:
    if due.resolution_due is not None:
        return now >= due.resolution_due
    # Paused: missed only if the deadline had already passed when the pause began.
    assert state.paused_since is not None
    allowed = policy.targets_for(state.priority).resolution + state.paused_total
    due_before_pause = add_business_time(state.started_at, allowed, policy.calendar)
    return min(now, state.paused_since) >= due_before_pause


def next_check(state: SlaState, policy: SlaPolicy, now: datetime) -> Check | None:
    """The first warning or breach strictly after `now`, or None when no clock is running."""
    now = _as_utc(now, "now")
    upcoming = [
        check for check in _running_checks(state, deadlines(state, policy)) if check.at > now
    ]
    return min(upcoming, default=None)


def warnings_due(state: SlaState, policy: SlaPolicy, now: datetime) -> list[str]:
    """The running clocks past their warning point as of `now`, in the order of `breaches`."""
    now = _as_utc(now, "now")
    return [
        check.event.removesuffix(WARNING_SUFFIX)
        for check in _running_checks(state, deadlines(state, policy))
        if check.event.endswith(WARNING_SUFFIX) and check.at <= now
    ]


def _running_checks(state: SlaState, due: Deadlines) -> list[Check]:
    checks: list[Check] = []
    if state.first_response_at is None:
        checks += _warning_then_breach(
            FIRST_RESPONSE, due.first_response_warn_at, due.first_response_due
        )
    if due.next_response_due is not None and due.next_response_warn_at is not None:
        checks += _warning_then_breach(
            NEXT_RESPONSE, due.next_response_warn_at, due.next_response_due
        )
    if due.resolution_due is not None and due.resolution_warn_at is not None:
        checks += _warning_then_breach(RESOLUTION, due.resolution_warn_at, due.resolution_due)
    return checks


def _warning_then_breach(clock: str, warn_at: datetime, due_at: datetime) -> list[Check]:
    return [Check(warn_at, clock + WARNING_SUFFIX), Check(due_at, clock)]
