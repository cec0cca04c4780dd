"""What the operator is told: CloudWatch alarms to the stack's OpsTopic (the operator subscribes
by email, parameter OperatorEmail) and one dashboard.

The desk's own figures are Powertools metrics (EMF) in namespace ResolutionCenter with the
dimension service=resolution-center (chalicelib/blueprints/observability.py): SlaBreaches
(sla_check and sla_sweep), OutboxFailed (sla_sweep: promised mail or events it could not carry
out) and SweepUnfinished. The README's operator guide says what each alarm means and what to do.
"""

from __future__ import annotations

import json
from typing import Any

from scripts.stack_access import DEAD_LETTERS, GRANTS, dead_letter_queue

NAMESPACE = "ResolutionCenter"
SERVICE = {"Name": "service", "Value": "resolution-center"}


def _alarm(description: str, namespace: str, metric: str, dimensions: list[dict[str, Any]], *, statistic: str = "Sum",
           period: int = 300, threshold: Any = 1, comparison: str = "GreaterThanOrEqualToThreshold",
           missing: str = "notBreaching", periods: int = 1) -> dict[str, Any]:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": description, "Namespace": namespace, "MetricName": metric, "Dimensions": dimensions,
        "Statistic": statistic, "Period": period, "EvaluationPeriods": periods, "Threshold": threshold,
        "ComparisonOperator": comparison, "TreatMissingData": missing,
        "AlarmActions": [{"Ref": "OpsTopic"}], "OKActions": [{"Ref": "OpsTopic"}]}}


def alarms() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for function in GRANTS:
        found[f"{function}ErrorsAlarm"] = _alarm(
            f"{function} failed (an exception or a timeout): read its log group /aws/lambda/<function>.",
            "AWS/Lambda", "Errors", [{"Name": "FunctionName", "Value": {"Ref": function}}])
    for function in sorted(DEAD_LETTERS):
        found[f"{function}DeadLettersAlarm"] = _alarm(
            f"{function} gave up on an event: it waits in {dead_letter_queue(function)} (kept 14 days); "
            f"fix the cause, then `make redrive STAGE=<stage> FUNCTION={function}`.",
            "AWS/SQS", "ApproximateNumberOfMessagesVisible",
            [{"Name": "QueueName", "Value": {"Fn::GetAtt": [dead_letter_queue(function), "QueueName"]}}],
            statistic="Maximum")
    found["SlaBreachesAlarm"] = _alarm(
        "Tickets missed their SLA deadline in the last hour (at least SlaBreachAlarmThreshold): "
        "queues are short of agents, or escalation mail is not reaching tier addresses.",
        NAMESPACE, "SlaBreaches", [SERVICE], period=3600, threshold={"Ref": "SlaBreachAlarmThreshold"})
    found["UnsentMailAlarm"] = _alarm(
        "Promised mail or events could not be sent and wait in the outbox (the sweeper retries every 5 "
        "minutes): check SES sending (quota, suspended account, unverified identity) and SlaSweep's log.",
        NAMESPACE, "OutboxFailed", [SERVICE], period=900)
    found["DelayScanNotRunningAlarm"] = _alarm(
        "The delay scan (every 15 minutes) has not run for an hour: its schedule is disabled or it is throttled.",
        "AWS/Lambda", "Invocations", [{"Name": "FunctionName", "Value": {"Ref": "DelayScan"}}],
        period=3600, threshold=1, comparison="LessThanThreshold", missing="breaching")
    found["KpiStreamLagAlarm"] = _alarm(
        "The KPI consumer is more than an hour behind the table's stream (records older than a day are "
        "lost to KpiAggregatorDeadLetters).",
        "AWS/Lambda", "IteratorAge", [{"Name": "FunctionName", "Value": {"Ref": "KpiAggregator"}}],
        statistic="Maximum", threshold=3600000)
    return found


def _widget(title: str, metrics: list[list[Any]], x: int, y: int, stat: str = "Sum") -> dict[str, Any]:
    return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": {
        "title": title, "metrics": metrics, "stat": stat, "period": 300, "region": "${AWS::Region}", "view": "timeSeries"}}


def dashboard() -> dict[str, Any]:
    desk = ["ResolutionCenter", "{name}", "service", "resolution-center"]
    widgets = [
        _widget("Tickets opened (by channel)", [[{"expression": "SEARCH('{ResolutionCenter,channel,service} "
                                                                 "MetricName=\"TicketsOpened\"', 'Sum', 300)",
                                                  "id": "opened"}]], 0, 0),
        _widget("SLA breaches and escalations", [[*(p.format(name="SlaBreaches") for p in desk)],
                                                 [*(p.format(name="SlaWarnings") for p in desk)]], 12, 0),
        _widget("Outbox: retried and failed", [[*(p.format(name="OutboxRetried") for p in desk)],
                                               [*(p.format(name="OutboxFailed") for p in desk)]], 0, 6),
        _widget("Function errors", [["AWS/Lambda", "Errors", "FunctionName", f"${{{f}}}"] for f in GRANTS], 12, 6),
        _widget("Dead letters waiting", [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                                          f"${{{dead_letter_queue(f)}.QueueName}}"] for f in sorted(DEAD_LETTERS)],
                0, 12, stat="Maximum"),
        _widget("API: duration (p90) of the handler", [["AWS/Lambda", "Duration", "FunctionName", "${APIHandler}"]],
                12, 12, stat="p90"),
    ]
    return {"Type": "AWS::CloudWatch::Dashboard", "Properties": {
        "DashboardName": {"Fn::Sub": "${AWS::StackName}-${AWS::Region}"},
        "DashboardBody": {"Fn::Sub": json.dumps({"widgets": widgets})}}}
