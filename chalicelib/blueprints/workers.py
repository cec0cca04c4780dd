"""Entry points that are not HTTP: the SLA timer's Lambda task and the sweeper's schedule."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

from ..services import escalation, timers
from ..services.context import desk
from .observability import count, entry_point, logger

functions = Blueprint(__name__)
_SWEEP_MARGIN_SECONDS = 5.0


@functions.lambda_function(name="sla_check")
@entry_point(correlation=lambda event: str(event.get("ticket_id") or "") or None)
def sla_check(event: dict[str, Any], context: Any) -> dict[str, Any]:
    decision = timers.check(desk(), str(event["ticket_id"]), event.get("execution"))
    if decision.get("breached") or decision.get("warned"):
        logger.info("sla deadlines came due", extra={"ticket_id": event["ticket_id"], **decision})
    count("SlaBreaches", len(decision.get("breached") or []))
    count("SlaWarnings", len(decision.get("warned") or []))
    return decision


@functions.schedule(Rate(5, unit=Rate.MINUTES), name="sla_sweep")
def sla_sweep(event: Any) -> dict[str, Any]:
    """EventBridge, every 5 minutes: the safety net behind the timers and the outbox."""
    return _sweep(event.to_dict(), getattr(event, "context", None))


@entry_point(correlation=lambda event: str(event.get("id") or "sla_sweep"))
def _sweep(event: dict[str, Any], context: Any) -> dict[str, Any]:
    desk_now = desk()
    seconds = desk_now.settings.sweep_budget_seconds
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):  # on Lambda: stop well before the function's timeout
        seconds = max(1.0, min(seconds, remaining() / 1000 - _SWEEP_MARGIN_SECONDS))
    result = escalation.sweep(desk_now, escalation.Budget(seconds))
    worth_saying = any(value for key, value in result.items() if key != "overdue_tickets")
    (logger.info if worth_saying else logger.debug)("sla sweep", extra=result)
    count("SlaBreaches", len(result.get("breaches_recorded", [])))
    count("SweepUnfinished", 0 if result.get("overdue_finished") else 1)
    count("TimersRestarted", len(result.get("timers_restarted", [])))
    count("ApprovalsOverdue", len(result.get("approvals_escalated", [])))
    count("OutboxRetried", len(result.get("outbox_done", [])))
    count("OutboxFailed", len(result.get("outbox_failed", [])))
    return result
