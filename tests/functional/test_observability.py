"""What operators see: JSON logs with a correlation id on every entry point, business metrics in
CloudWatch's embedded format, traces switched on in the packaged template."""

from __future__ import annotations

import io
import json

import pytest

from tests.functional.helpers import call, new_ticket
from tests.functional.mailbox import customer_mail, deliver


def _json_lines(text: str) -> list[dict]:
    found = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
    return found


def _metrics(lines: list[dict]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for line in lines:
        for block in (line.get("_aws") or {}).get("CloudWatchMetrics", []):
            for metric in block["Metrics"]:
                totals[metric["Name"]] = totals.get(metric["Name"], 0) + sum(line[metric["Name"]])
    return totals


def test_opening_a_ticket_counts_it_and_its_acknowledgement(client, keys, capsys):
    capsys.readouterr()
    assert call(client, "POST", "/tickets", keys["storefront"], new_ticket()).status_code == 201

    metrics = _metrics(_json_lines(capsys.readouterr().out))
    assert metrics.get("TicketsOpened") == 1
    assert metrics.get("AcknowledgementsSent") == 1


@pytest.fixture
def json_logs():
    """What the Powertools handler writes (its stream was fixed when the logger was made)."""
    from chalicelib.blueprints.observability import logger

    handler = logger.registered_handler
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_inbound_mail_is_logged_with_the_lambda_context_and_counted(client, keys, aws, capsys, json_logs):
    capsys.readouterr()
    deliver(client, aws, customer_mail().as_bytes(), ses_id="sesmsgcorrelate1")

    lines = _json_lines(capsys.readouterr().out)
    [logged] = [line for line in _json_lines(json_logs.getvalue()) if line.get("message") == "inbound mail"]
    assert logged["function_name"] == "inbound_email" and logged["ses_message_id"] == "sesmsgcorrelate1"
    assert "correlation_id" in logged  # locally another in-process handler may have set it since
    assert _metrics(lines).get("TicketsOpened") == 1


def test_an_entry_point_names_its_correlation_id_with_or_without_a_lambda_context():
    from types import SimpleNamespace

    from chalicelib.blueprints.observability import entry_point, logger

    seen = []

    @entry_point(correlation=lambda event: event["id"])
    def handler(event, context):
        seen.append(logger.get_correlation_id())
        return "done"

    context = SimpleNamespace(function_name="f", memory_limit_in_mb=128, invoked_function_arn="arn",
                              aws_request_id="r-1")
    assert handler({"id": "with-context"}, context) == "done"
    assert handler({"id": "without"}, None) == "done"
    assert seen == ["with-context", "without"]


def test_the_sla_task_logs_under_its_ticket(client, keys):
    ticket = call(client, "POST", "/tickets", keys["storefront"], new_ticket()).json_body["ticket"]

    client.lambda_.invoke("sla_check", {"ticket_id": ticket["id"]})

    from chalicelib.blueprints.observability import logger

    assert logger.get_correlation_id() == ticket["id"]


def test_every_function_in_the_packaged_template_is_traced():
    from scripts import package

    template = json.loads((package.package("dev") / "sam.json").read_text())
    functions = {name: r for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}
    assert functions
    assert all(r["Properties"].get("Tracing") == "Active" for r in functions.values()), sorted(functions)
