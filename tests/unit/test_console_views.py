"""What the console shows of a ticket's SLA and thread: the deadline to meet next, amber from its
warning point, red once breached; stopped while the ticket waits on the customer; whose message
is whose. And the dashboard's axes read as round numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.blueprints.console_charts import _nice_top, _ticks, columns
from chalicelib.blueprints.console_views import duration, kind_of, sla_clock
from chalicelib.domain.models import Message, SlaDeadlines, Ticket

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def ticket(**changes) -> Ticket:
    sla = SlaDeadlines(first_response_due=T0 + timedelta(hours=4), first_response_warn_at=T0 + timedelta(hours=3),
                       resolution_due=T0 + timedelta(hours=48), resolution_warn_at=T0 + timedelta(hours=40))
    base = Ticket(id="T-0ABCDE1234", category="billing", priority="normal", language="en", subject="s",
                  customer_email="c@example.org", created_at=T0, updated_at=T0, sla=sla)
    return base.model_copy(update=changes)


def test_the_countdown_turns_amber_at_the_warning_and_red_once_breached():
    fresh = sla_clock(ticket(), T0 + timedelta(hours=1))
    warned = sla_clock(ticket(), T0 + timedelta(hours=3, minutes=30))
    late = sla_clock(ticket(), T0 + timedelta(hours=5))

    assert fresh == {**fresh, "clock": "first response", "state": "ok", "left": "3h 00m"}
    assert warned["state"] == "warning" and warned["left"] == "30m"
    assert late["state"] == "breached" and late["left"] == "-1h 00m"
    assert fresh["due"] == (T0 + timedelta(hours=4)).isoformat()


def test_once_answered_the_next_deadline_counts_and_a_waiting_ticket_has_no_clock():
    answered = ticket(status="open", sla=ticket().sla.model_copy(update={"first_response_at": T0}))

    assert sla_clock(answered, T0 + timedelta(hours=41))["clock"] == "resolution"
    assert sla_clock(answered, T0 + timedelta(hours=41))["state"] == "warning"
    assert sla_clock(ticket(status="pending"), T0) is None
    assert sla_clock(ticket(status="resolved"), T0) is None


def test_messages_are_told_apart_and_durations_stay_short():
    def message(direction, automatic=None):
        return Message(id="m", ticket_id="T-0ABCDE1234", direction=direction, channel="email", author="a",
                       body="b", created_at=T0, automatic=automatic)

    assert [kind_of(message(d)) for d in ("inbound", "outbound", "note", "system")] == \
        ["customer", "agent", "internal", "automatic"]
    assert kind_of(message("inbound", automatic="auto_reply")) == "automatic"
    assert [duration(s) for s in (45, 720, 3 * 3600 + 300, 2 * 86400 + 4 * 3600)] == ["45s", "12m", "3h 05m", "2d 4h"]


def test_chart_axes_are_round_numbers_and_bars_fit_the_chart():
    assert [t["label"] for t in _ticks(_nice_top(4))] == ["0", "1", "2", "3", "4"]
    assert [t["label"] for t in _ticks(_nice_top(96.5))] == ["0", "25", "50", "75", "100"]
    chart = columns([("opened", [3, 0, 7]), ("resolved", [1, None, 5])], ["2026-11-01", "2026-11-02", "2026-11-03"],
                    ["opened", "resolved"])
    assert len(chart["bars"]) == 5
    assert all(chart["left"] <= b["x"] and b["x"] + b["w"] <= chart["right"] and b["y"] >= 0 for b in chart["bars"])
