"""The feedback loop's entry points: the survey pages customers open from their mail, the KPIs
(JSON and CSV), and the DynamoDB stream consumer that keeps the KPI counters."""

from __future__ import annotations

import csv
import io
import logging
import os
from typing import Any
from urllib.parse import parse_qs

from chalice import Blueprint, Response

from ..adapters.streams import decode
from ..domain.access import Caller
from ..mail.pages import survey_page
from ..services import kpis, surveys
from ..services.context import desk
from ..services.feedback_schemas import MetricsQuery, SurveyForm
from .http import FORM, HTML, JSON, endpoint, public_endpoint
from .observability import count, entry_point, logger, measure

routes = Blueprint(__name__)
functions = Blueprint(__name__)
log = logging.getLogger(__name__)
_FORM_LIMIT = 16_000  # a comment of 2,000 characters, url-encoded, with room to spare
# The page must not be cached or indexed, and it loads nothing from anywhere.
_PAGE_HEADERS = {
    "Content-Type": HTML, "Cache-Control": "no-store", "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
}
_CLOSED_STATUS = {"answered": 409, "cancelled": 410, "expired": 410, "unknown": 404}


def _page(html: str, status: int = 200) -> Response:
    return Response(body=html, status_code=status, headers=dict(_PAGE_HEADERS))


def _closed(token: str, reason: str) -> Response:
    the_desk = desk()
    language = surveys.language_of(the_desk, token) if reason != "unknown" else "en"
    html = survey_page(language, the_desk.settings.store_name, "", "closed", token, reason=reason)
    return _page(html, _CLOSED_STATUS.get(reason, 410))


def _shown(token: str, page: surveys.SurveyPage) -> Response:
    html = survey_page(page.language, page.store_name, page.ticket_id, page.state, _action(token), csat=page.csat,
                       nps=page.nps, comment=page.comment, error=page.error, recovery=page.recovery)
    return _page(html, 400 if page.error else 200)


def _action(token: str) -> str:
    """Relative to the page's own path, so it works behind API Gateway's stage prefix."""
    return token


@public_endpoint(routes, "/survey/{token}", ["GET"], produces=HTML)
def survey_form(token: str) -> Any:
    """The satisfaction survey page (public: the signed single-use link is the credential);
    `?csat=1..5` records a one-click rating from the email first."""
    params = dict(routes.current_request.query_params or {})
    try:
        page = surveys.open_link(desk(), token, params.get("csat"))
    except surveys.SurveyClosed as closed:
        return _closed(token, closed.reason)
    if params.get("csat") is not None and not page.error:
        count("SurveyRatings")
    return _shown(token, page)


@public_endpoint(routes, "/survey/{token}", ["POST"], produces=HTML, consumes=(FORM, JSON), form=SurveyForm)
def survey_answer(token: str) -> Any:
    """Answer the survey (an HTML form post: csat 1-5, nps 0-10, comment); once per link."""
    raw = routes.current_request.raw_body or b""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    try:
        fields = {name: values[0] for name, values in parse_qs(text[:_FORM_LIMIT]).items() if values}
    except ValueError:
        fields = {}
    try:
        page = surveys.submit(desk(), token, fields)
    except surveys.SurveyClosed as closed:
        return _closed(token, closed.reason)
    if not page.error:
        count("SurveysAnswered")
        count("ServiceRecoveries", 1 if page.state == "recovery" else 0)
    return _shown(token, page)


@endpoint(routes, "/metrics", ["GET"], "metrics.read", query=MetricsQuery)
def metrics(caller: Caller, query: MetricsQuery) -> Any:
    """KPIs for a period (`from`, `to`: YYYY-MM-DD, store time), from the daily counters only;
    `group_by` day, week, month, category, channel or priority adds `groups`."""
    return kpis.figures(desk(), query.from_, query.to, query.group_by)


@endpoint(routes, "/metrics.csv", ["GET"], "metrics.read", query=MetricsQuery)
def metrics_csv(caller: Caller, query: MetricsQuery) -> Any:
    """The same KPIs as CSV: the period's totals, then one row per group."""
    result = kpis.figures(desk(), query.from_, query.to, query.group_by)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(kpis.csv_lines(result))
    name = f"metrics-{result['from']}-{result['to']}.csv"
    return Response(body=buffer.getvalue(), status_code=200,
                    headers={"Content-Type": "text/csv; charset=utf-8",
                             "Content-Disposition": f'attachment; filename="{name}"'})


# The stream's ARN is known only once the table exists: `make package` points the event source
# at the table's stream (templates/resources.json), and the local stack feeds the consumer itself.
STREAM_ARN = os.environ.get(
    "DESK_TABLE_STREAM_ARN",
    "arn:aws:dynamodb:us-east-1:123456789012:table/resolution-center/stream/2026-01-01T00:00:00.000")


@functions.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON",
                              name="kpi_aggregator", maximum_batching_window_in_seconds=5)
def kpi_aggregator(event: Any) -> dict[str, Any]:
    """The table's stream: daily KPI counters and recurring-problem alerts. A failure raises, and
    the stream delivers the batch again; what was counted is not counted twice."""
    return _aggregate(event.to_dict(), getattr(event, "context", None))


@entry_point(correlation=lambda event: str((event.get("Records") or [{}])[0].get("eventID") or "") or None)
def _aggregate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    records = event.get("Records") or []
    consumed = kpis.consume(desk(), decode(records))
    _publish(consumed)
    result = {"records": len(records), "changes": consumed.records, "counted": len(consumed.counted),
              "alerts": [a["alert_id"] for a in consumed.alerts]}
    (logger.info if consumed.alerts else logger.debug)("kpi batch", extra=result)
    return result


# CloudWatch (Powertools Metrics, EMF): the same figures the counters keep, as they happen.
_COUNTS = {"opened": "KpiTicketsOpened", "res_n": "KpiTicketsResolved", "fcr": "KpiFirstContactResolutions",
           "breached": "KpiSlaBreachedTickets", "csat_n": "KpiCsatResponses", "csat_sat": "KpiCsatSatisfied",
           "nps_n": "KpiNpsResponses", "nps_pro": "KpiNpsPromoters", "nps_det": "KpiNpsDetractors",
           "recoveries": "KpiServiceRecoveries", "surveys_sent": "KpiSurveysSent"}


def _publish(consumed: kpis.Consumed) -> None:
    totals: dict[str, float] = {}
    for found in consumed.counted.values():
        for (section, _day), counters in found.items():
            for name, amount in counters.items():
                if section == "all" and name in _COUNTS:
                    totals[_COUNTS[name]] = totals.get(_COUNTS[name], 0) + float(amount)
                elif section == "all" and name in ("fr_sum", "res_sum") and amount > 0:
                    measure("KpiFirstResponseSeconds" if name == "fr_sum" else "KpiResolutionSeconds", float(amount))
                elif section == "desk" and name == "proactive_sent":
                    totals["KpiProactiveNoticesSent"] = totals.get("KpiProactiveNoticesSent", 0) + float(amount)
                elif section == "remedy" and name.startswith("cost|total|all|") and amount > 0:
                    count("KpiRemedyCost", float(amount), currency=name.rsplit("|", 1)[-1])
    for name, value in totals.items():
        if value > 0:
            count(name, value)
    count("DefectPatternsDetected", len(consumed.alerts))
