"""Entry points that are not HTTP: the SLA timer's Lambda task."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..services import timers
from ..services.context import desk
from .logs import logger

functions = Blueprint(__name__)


@functions.lambda_function(name="sla_check")
def sla_check(event: dict[str, Any], context: Any) -> dict[str, Any]:
    decision = timers.check(desk(), str(event["ticket_id"]))
    if decision.get("breached") or decision.get("warned"):
        logger.info("sla deadlines came due", extra={"ticket_id": event["ticket_id"], **decision})
    return decision
