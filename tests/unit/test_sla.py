"""The SLA clock as a support manager sees it: when tickets are due, warned and breached."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import sla
from chalicelib.domain.sla import (
    BusinessCalendar,
    SlaPolicy,
    SlaState,
    SlaTargets,
    add_business_time,
    business_time_between,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
HOUR = timedelta(hours=1)

OFFICE_BERLIN = BusinessCalendar.from_config(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": "09:00-17:00"},
        "holidays": ["2026-12-25", "2026-12-26", "2027-01-01"],
    }
)


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0) -> datetime:
    """A wall-clock time in `zone`, as the UTC instant the clock works with."""
    return datetime(year, month, day, hour, tzinfo=zone).astimezone(UTC)


def berlin(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return local(BERLIN, year, month, day, hour)


def in_berlin(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN).replace(tzinfo=None)


# --------------------------------------------------------------------------- business time


def test_friday_afternoon_ticket_with_four_business_hours_is_due_monday_noon():
    friday_4pm = berlin(2026, 6, 5, 16)
    due = add_business_time(friday_4pm, 4 * HOUR, OFFICE_BERLIN)
    assert in_berlin(due) == datetime(2026, 6, 8, 12)
    assert due.tzinfo is UTC


def test_ticket_arriving_at_the_weekend_starts_counting_at_monday_opening():
    saturday = berlin(2026, 6, 6, 10)
    assert in_berlin(add_business_time(saturday, HOUR, OFFICE_BERLIN)) == datetime(2026, 6, 8, 10)
    assert business_time_between(saturday, berlin(2026, 6, 8, 9), OFFICE_BERLIN) == timedelta(0)


def test_lunch_break_is_not_working_time():
    calendar = BusinessCalendar.from_config(
        {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-12:00", "13:00-17:00"]}}
    )
    due = add_business_time(berlin(2026, 6, 8, 11), 2 * HOUR, calendar)
    assert in_berlin(due) == datetime(2026, 6, 8, 14)


def test_holidays_are_skipped_including_across_the_year_end():
    christmas_eve = add_business_time(berlin(2026, 12, 24, 15), 4 * HOUR, OFFICE_BERLIN)
    assert in_berlin(christmas_eve) == datetime(2026, 12, 28, 11)  # Fri 25th is a holiday
    new_years_eve = add_business_time(berlin(2026, 12, 31, 16), 4 * HOUR, OFFICE_BERLIN)
    assert in_berlin(new_years_eve) == datetime(2027, 1, 4, 12)  # Fri 1 Jan is a holiday


@pytest.mark.parametrize(
    ("friday", "monday"),
    [
        (datetime(2026, 3, 27, 16), datetime(2026, 3, 30, 12)),  # clocks go forward Sunday
        (datetime(2026, 10, 23, 16), datetime(2026, 10, 26, 12)),  # clocks go back Sunday
    ],
)
def test_dst_weekend_keeps_opening_hours_on_the_wall_clock(friday, monday):
    start = berlin(friday.year, friday.month, friday.day, friday.hour)
    due = add_business_time(start, 4 * HOUR, OFFICE_BERLIN)
    assert in_berlin(due) == monday
    assert business_time_between(start, due, OFFICE_BERLIN) == 4 * HOUR


@pytest.mark.parametrize(
    ("sunday", "worked"), [(date(2026, 3, 8), 5 * HOUR), (date(2026, 11, 1), 7 * HOUR)]
)
def test_night_shift_on_the_night_clocks_change_counts_real_hours(sunday, worked):
    night_shift = BusinessCalendar.from_config(
        {"timezone": "America/New_York", "hours": {"sun": "00:00-06:00"}}
    )
    saturday, monday = sunday - timedelta(days=1), sunday + timedelta(days=1)
    saturday_noon = local(NEW_YORK, saturday.year, saturday.month, saturday.day, 12)
    monday_noon = local(NEW_YORK, monday.year, monday.month, monday.day, 12)
    assert business_time_between(saturday_noon, monday_noon, night_shift) == worked


def test_round_the_clock_hours_in_berlin_count_elapsed_time_across_dst():
    calendar = BusinessCalendar.from_config(
        {"timezone": "Europe/Berlin", "hours": {"mon-sun": "00:00-24:00"}}
    )
    due = add_business_time(berlin(2026, 3, 28, 12), 24 * HOUR, calendar)
    assert in_berlin(due) == datetime(2026, 3, 29, 13)  # 24 real hours, one of them skipped


def test_opening_hours_touching_a_dst_gap_are_not_counted_twice():
    # 02:00-03:00 does not exist on 29 March 2026 in Berlin: 2h before the gap + 3h after it.
    calendar = BusinessCalendar.from_config(
        {"timezone": "Europe/Berlin", "hours": {"sun": "00:00-02:30, 03:00-06:00"}}
    )
    worked = business_time_between(berlin(2026, 3, 28, 12), berlin(2026, 3, 30, 12), calendar)
    assert worked == 5 * HOUR


def test_midnight_dst_jump_in_santiago():
    calendar = BusinessCalendar.from_config(
        {"timezone": "America/Santiago", "hours": {"mon-sun": "00:00-24:00"}}
    )
    zone = ZoneInfo("America/Santiago")
    start, end = local(zone, 2026, 9, 5), local(zone, 2026, 9, 7)  # 6 Sept starts at 01:00
    assert business_time_between(start, end, calendar) == 47 * HOUR


@pytest.mark.parametrize("timezone", ["UTC", "America/New_York"])
@pytest.mark.parametrize("duration", [timedelta(0), 90 * timedelta(minutes=1), 1000 * HOUR])
def test_around_the_clock_calendar_is_plain_addition(timezone, duration):
    calendar = BusinessCalendar(timezone=timezone)
    start = datetime(2026, 3, 7, 23, 59, 59, 123456, tzinfo=UTC)
    assert add_business_time(start, duration, calendar) == start + duration
    assert business_time_between(start, start + duration, calendar) == duration


def test_around_the_clock_calendar_still_closes_on_holidays():
    calendar = BusinessCalendar(holidays=frozenset({date(2026, 12, 25)}))
    due = add_business_time(datetime(2026, 12, 24, 12, tzinfo=UTC), 24 * HOUR, calendar)
    assert due == datetime(2026, 12, 26, 12, tzinfo=UTC)


def test_a_year_of_working_time_is_counted_by_interval():
    start = berlin(2026, 1, 5, 9)  # a Monday; 52 weeks of 40 hours, no holidays
    calendar = BusinessCalendar(
        timezone="Europe/Berlin", weekly_hours={day: [(time(9), time(17))] for day in range(5)}
    )
    due = add_business_time(start, 52 * 40 * HOUR, calendar)
    assert in_berlin(due) == datetime(2027, 1, 1, 17)


def test_many_holidays_on_the_only_working_day_are_not_mistaken_for_no_working_time():
    mondays_2026 = [date(2026, 1, 5) + timedelta(weeks=week) for week in range(52)]
    calendar = BusinessCalendar.from_config(
        {"hours": {"mon": "09:00-10:00"}, "holidays": [d.isoformat() for d in mondays_2026]}
    )
    due = add_business_time(datetime(2026, 1, 1, tzinfo=UTC), HOUR, calendar)
    assert due == datetime(2027, 1, 4, 10, tzinfo=UTC)


def test_zero_duration_reversed_ranges_and_negative_durations():
    saturday = berlin(2026, 6, 6, 10)
    assert add_business_time(saturday, timedelta(0), OFFICE_BERLIN) == saturday
    assert business_time_between(berlin(2026, 6, 9, 12), berlin(2026, 6, 8, 12), OFFICE_BERLIN) == (
        timedelta(0)
    )
    with pytest.raises(ValueError, match="negative"):
        add_business_time(saturday, -HOUR, OFFICE_BERLIN)


@pytest.mark.parametrize("weekly_hours", [{}, {0: [], 6: []}], ids=["no days", "only closed days"])
def test_calendar_without_working_time_is_rejected(weekly_hours):
    with pytest.raises(ValueError, match="no working time"):
        BusinessCalendar(weekly_hours=weekly_hours)


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 6, 5, 16)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_time(naive, HOUR, OFFICE_BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        business_time_between(berlin(2026, 6, 5, 9), naive, OFFICE_BERLIN)
    with pytest.raises(ValueError, match="started_at"):
        SlaState(started_at=naive, priority="normal")
    state = SlaState(started_at=berlin(2026, 6, 5, 9), priority="normal")
    with pytest.raises(ValueError, match="now"):
        sla.breaches(state, sla.default_policy(), naive)


def test_other_time_zones_come_back_as_utc():
    start = datetime(2026, 6, 5, 16, tzinfo=BERLIN)
    due = add_business_time(start, HOUR, BusinessCalendar())
    assert due.tzinfo is UTC and due == start + HOUR


def _property_calendars() -> list[BusinessCalendar]:
    return [
        OFFICE_BERLIN,
        BusinessCalendar.from_config(
            {
                "timezone": "America/New_York",
                "hours": {
                    "mon-fri": "08:00-12:00, 12:30-20:00",
                    "sat": "10:00-14:00",
                    "sun": "00:00-03:00",
                },
                "holidays": ["2026-07-03", "2026-11-26"],
            }
        ),
        BusinessCalendar.from_config(
            {"timezone": "Europe/Berlin", "hours": {"sat-sun": "00:00-02:30, 03:00-24:00"}}
        ),
        BusinessCalendar.from_config(
            {"timezone": "America/Santiago", "hours": {"mon-sun": "00:00-24:00"}}
        ),
        BusinessCalendar(timezone="Asia/Kolkata", holidays=frozenset({date(2026, 8, 15)})),
        BusinessCalendar(),
    ]


def test_adding_then_measuring_gives_back_the_duration_seeded():
    chooser = random.Random(20260605)
    for calendar in _property_calendars():
        for _ in range(150):
            start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(
                seconds=chooser.uniform(0, 4 * 365 * 86400)
            )
            duration = timedelta(seconds=chooser.uniform(0, 400 * 3600))
            due = add_business_time(start, duration, calendar)
            assert business_time_between(start, due, calendar) == duration


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=500))
calendars = st.sampled_from(_property_calendars())

@settings(max_examples=300, deadline=None)
@given(start=instants, duration=durations, calendar=calendars)
def test_adding_then_measuring_gives_back_the_duration(start, duration, calendar):
    due = add_business_time(start, duration, calendar)
    assert due >= start
    assert business_time_between(start, due, calendar) == duration

@settings(max_examples=100, deadline=None)
@given(first=instants, second=instants, third=instants, calendar=calendars)
def test_working_time_adds_up_over_consecutive_ranges(first, second, third, calendar):
    a, b, c = sorted((first, second, third))
    whole = business_time_between(a, c, calendar)
    assert whole == business_time_between(a, b, calendar) + business_time_between(
        b, c, calendar
    )


# --------------------------------------------------------------------------- configuration


def test_calendar_config_accepts_ranges_lists_closed_days_and_midnight():
    calendar = BusinessCalendar.from_config(
        {
            "timezone": "Europe/Berlin",
            "hours": {
                "Mon-Thu": "09:00-17:00",
                "friday": ["09:00-12:00", "20:00-24:00"],
                "sat,sun": "closed",
            },
            "holidays": ["2026-12-25"],
        }
    )
    assert calendar.weekly_hours is not None
    assert calendar.weekly_hours[3] == ((time(9), time(17)),)
    assert calendar.weekly_hours[4] == ((time(9), time(12)), (time(20), sla.MIDNIGHT))
    assert 5 not in calendar.weekly_hours and 6 not in calendar.weekly_hours
    assert calendar.holidays == frozenset({date(2026, 12, 25)})
    assert BusinessCalendar.from_config({}).is_around_the_clock


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"timezone": "Europe/Berlinn"}, "timezone"),
        ({"timezone": 1}, "timezone"),
        ({"hours": {"mon-fry": "09:00-17:00"}}, "'fry'"),
        ({"hours": {"mon-fri": "9-17"}}, "'mon-fri'"),
        ({"hours": {"mon": "09:00-25:00"}}, "'25:00'"),
        ({"hours": {"mon": "17:00-09:00"}}, "mon"),
        ({"hours": {"mon": "09:00-13:00, 12:00-17:00"}}, "overlap"),
        ({"hours": {"mon-fri": "09:00-17:00", "fri": "09:00-12:00"}}, "fri"),
        ({"hours": {"mon-sun": "closed"}}, "no working time"),
        ({"hours": "mon-fri 9-5"}, "hours"),
        ({"holidays": ["2026-13-01"]}, "holidays"),
        ({"holidays": "2026-12-25"}, "holidays"),
        ({"timezon": "UTC"}, "'timezon'"),
    ],
)
def test_calendar_config_errors_name_the_bad_field(config, named):
    with pytest.raises(ValueError, match=named.replace("[", r"\[")) as raised:
        BusinessCalendar.from_config(config)
    assert named in str(raised.value)


def test_default_policy_matches_what_a_store_expects():
    policy = sla.default_policy()
    hours = {
        name: tuple(t / HOUR for t in (x.first_response, x.next_response, x.resolution))
        for name, x in policy.targets.items()
    }
    assert hours == {
        "critical": (1, 2, 8),
        "high": (4, 8, 24),
        "normal": (8, 24, 72),
        "low": (24, 48, 120),
    }
    assert policy.calendar.is_around_the_clock and policy.warning_fraction == 0.8


def test_policy_config_overrides_only_what_it_names():
    policy = SlaPolicy.from_config(
        {
            "calendar": {"timezone": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}},
            "warning_fraction": 0.5,
            "priorities": {
                "critical": {
                    "first_response_hours": 0.5,
                    "next_response_hours": 1,
                    "resolution_hours": 4,
                }
            },
        }
    )
    assert policy.targets["critical"] == SlaTargets(timedelta(minutes=30), HOUR, 4 * HOUR)
    assert policy.targets["low"] == sla.default_policy().targets["low"]
    assert policy.calendar.timezone == "Europe/Berlin" and policy.warning_fraction == 0.5


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"warning_fraction": 1.5}, "warning_fraction"),
        ({"warning_fraction": "high"}, "warning_fraction"),
        (
            {"priorities": {"high": {"first_response_hours": 4}}},
            "priorities.high.next_response_hours",
        ),
        (
            {
                "priorities": {
                    "low": {
                        "first_response_hours": -1,
                        "next_response_hours": 1,
                        "resolution_hours": 1,
                    }
                }
            },
            "priorities.low.first_response_hours",
        ),
        (
            {
                "priorities": {
                    "low": {
                        "first_response_hours": True,
                        "next_response_hours": 1,
                        "resolution_hours": 1,
                    }
                }
            },
            "priorities.low.first_response_hours",
        ),
        ({"priorities": {"low": {"first_reponse_hours": 1}}}, "'first_reponse_hours'"),
        ({"calendar": {"hours": {"mon": "nine to five"}}}, "calendar.hours"),
        ({"calendar": {"timezone": "Mars/Olympus"}}, "calendar.timezone"),
        ({"escalation": {}}, "'escalation'"),
    ],
)
def test_policy_config_errors_name_the_bad_field(config, named):
    with pytest.raises(ValueError) as raised:
        SlaPolicy.from_config(config)
    assert named in str(raised.value)


def test_scaled_policy_turns_every_sla_hour_into_a_second():
    fast = sla.default_policy().scaled(3600)
    assert fast.targets["critical"] == SlaTargets(
        timedelta(seconds=1), timedelta(seconds=2), timedelta(seconds=8)
    )
    start = datetime(2026, 6, 5, 12, tzinfo=UTC)
    state = SlaState(started_at=start, priority="critical")
    assert sla.deadlines(state, fast).first_response_due == start + timedelta(seconds=1)
    assert sla.breaches(state, fast, start + timedelta(seconds=8)) == [
        "first_response",
        "resolution",
    ]
    for bad_factor in (0, -2):
        with pytest.raises(ValueError, match="scale"):
            sla.default_policy().scaled(bad_factor)


# --------------------------------------------------------------------------- the clock

START = datetime(2026, 6, 1, 10, tzinfo=UTC)  # a Monday
POLICY = sla.default_policy()


def new_ticket(priority: str = "normal") -> SlaState:
    return SlaState(started_at=START, priority=priority)


def test_new_normal_ticket_deadlines():
    due = sla.deadlines(new_ticket(), POLICY)
    assert due.first_response_due == START + 8 * HOUR
    assert due.resolution_due == START + 72 * HOUR
    assert due.next_response_due is None and due.next_response_warn_at is None


def test_warning_fires_at_80_percent_then_the_breach():
    state = new_ticket("critical")
    assert sla.next_check(state, POLICY, START) == (
        START + timedelta(minutes=48),
        "first_response_warning",
    )
    warned = START + timedelta(minutes=48)
    assert sla.next_check(state, POLICY, warned) == (START + HOUR, "first_response")
    assert sla.breaches(state, POLICY, warned) == []
    assert sla.breaches(state, POLICY, START + HOUR) == ["first_response"]
    answered = sla.agent_replied(state, START + 30 * timedelta(minutes=1))
    assert sla.next_check(answered, POLICY, warned) == (
        START + 8 * HOUR * 0.8,
        "resolution_warning",
    )


def test_pausing_for_three_hours_pushes_the_resolution_deadline_three_hours():
    paused = sla.pause(new_ticket(), START + HOUR)
    assert sla.deadlines(paused, POLICY).resolution_due is None  # no meaningful instant yet
    resumed = sla.resume(paused, START + 4 * HOUR, POLICY)
    assert resumed.paused_total == 3 * HOUR
    assert sla.deadlines(resumed, POLICY).resolution_due == START + 75 * HOUR
    assert sla.deadlines(resumed, POLICY).resolution_warn_at == START + 72 * HOUR * 0.8 + 3 * HOUR


def test_pause_over_a_weekend_only_counts_working_time():
    policy = SlaPolicy(targets=POLICY.targets, calendar=OFFICE_BERLIN)
    state = SlaState(started_at=berlin(2026, 6, 5, 9), priority="high")  # Friday
    before = sla.deadlines(state, policy).resolution_due
    paused = sla.pause(state, berlin(2026, 6, 5, 15))
    resumed = sla.resume(paused, berlin(2026, 6, 8, 11), policy)  # Monday
    assert resumed.paused_total == 4 * HOUR
    assert before is not None
    assert sla.deadlines(resumed, policy).resolution_due == add_business_time(
        before, 4 * HOUR, OFFICE_BERLIN
    )


def test_first_response_clock_keeps_running_while_paused():
    paused = sla.pause(new_ticket("high"), START + HOUR)
    assert sla.deadlines(paused, POLICY).first_response_due == START + 4 * HOUR
    assert sla.breaches(paused, POLICY, START + 5 * HOUR) == ["first_response"]
    assert sla.next_check(paused, POLICY, START + HOUR) == (
        START + 4 * HOUR * 0.8,
        "first_response_warning",
    )


def test_a_resolution_breach_before_the_pause_stays_a_breach():
    late = START + 73 * HOUR
    paused = sla.pause(sla.agent_replied(new_ticket(), START + HOUR), late)
    assert sla.breaches(paused, POLICY, late + 10 * HOUR) == ["resolution"]
    resumed = sla.resume(paused, late + 10 * HOUR, POLICY)
    assert sla.breaches(resumed, POLICY, late + 10 * HOUR) == ["resolution"]
    on_time = sla.pause(sla.agent_replied(new_ticket(), START + HOUR), START + 70 * HOUR)
    assert sla.breaches(on_time, POLICY, START + 100 * HOUR) == []


def test_raising_priority_to_critical_shortens_deadlines_counting_time_used():
    state = new_ticket("normal")
    escalated = sla.change_priority(state, "critical")
    assert sla.deadlines(escalated, POLICY).first_response_due == START + HOUR
    assert sla.deadlines(escalated, POLICY).resolution_due == START + 8 * HOUR
    two_hours_in = START + 2 * HOUR
    assert sla.breaches(state, POLICY, two_hours_in) == []
    assert sla.breaches(escalated, POLICY, two_hours_in) == ["first_response"]


def test_next_response_clock_runs_from_the_oldest_unanswered_customer_message():
    answered = sla.agent_replied(new_ticket("high"), START + HOUR)
    assert sla.customer_replied(new_ticket("high"), START) == new_ticket("high")  # first is owed
    waiting = sla.customer_replied(answered, START + 2 * HOUR)
    still_waiting = sla.customer_replied(waiting, START + 3 * HOUR)
    due = sla.deadlines(still_waiting, POLICY)
    assert due.next_response_due == START + 10 * HOUR
    assert sla.breaches(still_waiting, POLICY, START + 10 * HOUR) == ["next_response"]
    replied = sla.agent_replied(still_waiting, START + 5 * HOUR)
    assert sla.deadlines(replied, POLICY).next_response_due is None
    assert replied.first_response_at == START + HOUR


def test_a_late_first_response_stays_a_breach_and_an_on_time_one_does_not():
    late = sla.record_first_response(new_ticket("critical"), START + 2 * HOUR)
    assert sla.breaches(late, POLICY, START + 3 * HOUR) == ["first_response"]
    on_time = sla.record_first_response(new_ticket("critical"), START + HOUR)
    assert sla.breaches(on_time, POLICY, START + 3 * HOUR) == []
    assert sla.record_first_response(on_time, START + 2 * HOUR) == on_time


def test_nothing_to_check_once_answered_and_paused():
    state = sla.pause(sla.agent_replied(new_ticket(), START + HOUR), START + 2 * HOUR)
    assert sla.next_check(state, POLICY, START + 2 * HOUR) is None


def test_pause_and_resume_are_idempotent():
    paused = sla.pause(new_ticket(), START + HOUR)
    assert sla.pause(paused, START + 2 * HOUR) == paused
    assert sla.resume(new_ticket(), START + HOUR, POLICY) == new_ticket()


def test_unknown_priority_names_the_known_ones():
    with pytest.raises(ValueError, match=r"'urgent'.*critical, high, low, normal"):
        sla.deadlines(new_ticket("urgent"), POLICY)


def test_warnings_due_lists_running_clocks_past_their_warning_point():
    from chalicelib.domain.sla import default_policy, warnings_due

    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    state = SlaState(started_at=start, priority="high")  # first response 4 h, resolution 24 h
    policy = default_policy()

    assert warnings_due(state, policy, start + timedelta(hours=3)) == []
    assert warnings_due(state, policy, start + timedelta(hours=3.3)) == ["first_response"]
    answered = SlaState(started_at=start, priority="high", first_response_at=start + HOUR)
    assert warnings_due(answered, policy, start + timedelta(hours=20)) == ["resolution"]
