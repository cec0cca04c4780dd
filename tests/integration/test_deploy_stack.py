"""The packaged stack of a region is complete (issue 16), each function holds only the rights its
code uses, the alarms watch metrics the desk really emits, and checkov accepts the template."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts import package, stack_access
from tests.integration.test_deploy_template import packaged, statements_of, template_of

ROOT = Path(__file__).resolve().parents[2]
STAGE = "prod-eu-west-1"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
# What each function may do (service:action), as the adapters its code reaches call them.
READ = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"}
WRITE = READ | {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"}
SEND = {"ses:SendEmail"}  # the v2 API, raw content included (Mailer.send_raw)
TRACE_AND_LOG = {"logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}
EXPECTED = {
    "APIHandler": WRITE | SEND | {"dynamodb:DeleteItem", "s3:GetObject", "s3:PutObject", "states:StartExecution",
                                  "states:StopExecution", "states:DescribeExecution", "events:PutEvents",
                                  *stack_access.COGNITO_ADMIN},
    "DeskAuthorizer": READ,
    "InboundEmail": WRITE | SEND | {"s3:GetObject", "s3:PutObject", "states:StartExecution", "events:PutEvents",
                                    "sqs:SendMessage"},
    "SlaCheck": WRITE | SEND | {"states:StartExecution", "states:StopExecution", "events:PutEvents"},
    "SlaSweep": WRITE | SEND | {"s3:GetObject", "states:StartExecution", "states:StopExecution",
                                "states:DescribeExecution", "events:PutEvents", "sqs:SendMessage"},
    "DelayScan": WRITE | SEND | {"states:StartExecution", "events:PutEvents", "sqs:SendMessage"},
    "KpiAggregator": WRITE | set(stack_access.STREAM_READ) | {"events:PutEvents", "sqs:SendMessage"},
    "SesFeedback": WRITE | {"sqs:SendMessage"},
}


def functions(template: dict[str, Any]) -> list[str]:
    return [n for n, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"]


def granted(template: dict[str, Any], function: str) -> dict[str, list[Any]]:
    """action → the resources it is granted on."""
    found: dict[str, list[Any]] = {}
    for statement in statements_of(template, function):
        assert statement["Effect"] == "Allow"
        for action in statement["Action"]:
            found.setdefault(action, []).extend(statement["Resource"] if isinstance(statement["Resource"], list)
                                                else [statement["Resource"]])
    return found


def test_each_function_has_its_own_role_with_only_the_actions_its_code_calls():
    template = template_of(STAGE)
    assert "DefaultRole" not in template["Resources"]
    assert sorted(functions(template)) == sorted(EXPECTED)
    roles = {template["Resources"][f]["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions(template)}
    assert len(roles) == len(EXPECTED)  # no two functions share a role
    for function, expected in EXPECTED.items():
        actions = granted(template, function)
        assert set(actions) == expected | TRACE_AND_LOG, function
        for action, resources in actions.items():
            assert "*" not in action, f"{function}: {action}"
            # X-Ray has no resource-level permissions: "*" is what AWS requires, and only there.
            if action.startswith("xray:"):
                assert resources == ["*"]
            else:
                assert "*" not in resources, f"{function}: {action} on *"


def test_the_rights_are_scoped_to_this_stacks_resources():
    template = template_of(STAGE)
    api = granted(template, "APIHandler")
    assert not any("ses:SendRawEmail" in granted(template, f) for f in EXPECTED)  # the v1 API: never called
    assert not any(a.startswith(("ses:", "s3:", "states:", "events:")) for a in granted(template, "DeskAuthorizer"))
    assert not any(a.startswith(("ses:", "s3:", "states:")) for a in granted(template, "SesFeedback"))
    assert granted(template, "InboundEmail")["s3:GetObject"] == [{"Fn::Sub": "${MailBucket.Arn}/inbound/*"}]
    assert granted(template, "KpiAggregator")["dynamodb:GetRecords"] == [{"Fn::GetAtt": ["DeskTable", "StreamArn"]}]
    assert api["states:StartExecution"] == [stack_access.MACHINE]
    assert api["ses:SendEmail"] == stack_access.SENDING  # our domain's identity and our configuration set
    assert template["Parameters"]["MailDomain"]["Default"] == "example.eu"
    for function in EXPECTED:
        queues = granted(template, function).get("sqs:SendMessage", [])
        assert queues in ([], [{"Fn::GetAtt": [f"{function}DeadLetters", "Arn"]}]), function
        assert "dynamodb:Scan" not in granted(template, function)


def test_the_regional_stack_is_complete():
    template = template_of(STAGE)
    resources = template["Resources"]
    table = resources["DeskTable"]["Properties"]
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert table["TimeToLiveSpecification"]["Enabled"] is True and table["DeletionProtectionEnabled"] is True
    bucket = resources["MailBucket"]["Properties"]
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    [tls] = [s for s in resources["MailBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
             if s["Effect"] == "Deny"]
    assert tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} and tls["Principal"] == "*"
    rules = {r.get("Prefix"): r for r in bucket["LifecycleConfiguration"]["Rules"]}
    assert rules["inbound/"]["ExpirationInDays"] == {"Ref": "RawMailRetentionDays"}
    assert rules["tickets/"]["ExpirationInDays"] == {"Ref": "AttachmentRetentionDays"}
    # SES: receiving (this region receives), sending through a configuration set whose bounces and
    # complaints reach SesFeedback through the stack's topic.
    assert resources["InboundRule"]["Properties"]["Rule"]["Actions"][1]["LambdaAction"]["FunctionArn"] == \
        {"Fn::GetAtt": ["InboundEmail", "Arn"]}
    destination = resources["MailFeedbackDestination"]["Properties"]
    assert destination["ConfigurationSetName"] == {"Ref": "MailConfigurationSet"}
    assert sorted(destination["EventDestination"]["MatchingEventTypes"]) == ["bounce", "complaint"]
    assert destination["EventDestination"]["SnsDestination"]["TopicARN"] == {"Ref": "MailFeedbackTopic"}
    [subscription] = resources["SesFeedback"]["Properties"]["Events"].values()
    assert subscription == {"Type": "SNS", "Properties": {"Topic": {"Ref": "MailFeedbackTopic"}}}
    for function in functions(template):
        env = resources[function]["Properties"]["Environment"]["Variables"]
        assert env["SES_CONFIGURATION_SET"] == {"Ref": "MailConfigurationSet"}
    for name, kind in (("SlaStateMachine", "AWS::Serverless::StateMachine"), ("EventBus", "AWS::Events::EventBus"),
                       ("AgentPool", "AWS::Cognito::UserPool"), ("Dashboard", "AWS::CloudWatch::Dashboard"),
                       ("OpsTopic", "AWS::SNS::Topic")):
        assert resources[name]["Type"] == kind
    assert resources["OpsSubscription"]["Properties"]["Endpoint"] == {"Ref": "OperatorEmail"}
    for function in stack_access.DEAD_LETTERS:
        queue = resources[f"{function}DeadLetters"]
        assert queue["Type"] == "AWS::SQS::Queue" and queue["Properties"]["MessageRetentionPeriod"] == 1209600


def emitted_metrics() -> set[str]:
    """The metric names the code passes to count()/measure() (Powertools add_metric)."""
    names = set()
    for path in (ROOT / "chalicelib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"count", "measure"} \
                    and node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
    return names


def test_alarms_reach_the_operator_and_watch_what_the_desk_emits():
    template = template_of(STAGE)
    resources = template["Resources"]
    alarms = {n: r["Properties"] for n, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [{"Ref": "OpsTopic"}]
    watched = {(a["Namespace"], a["MetricName"], json.dumps(a["Dimensions"], sort_keys=True)) for a in alarms.values()}
    for function in functions(template):
        assert ("AWS/Lambda", "Errors", json.dumps([{"Name": "FunctionName", "Value": {"Ref": function}}])) in watched
    for function in stack_access.DEAD_LETTERS:
        queue = {"Name": "QueueName", "Value": {"Fn::GetAtt": [f"{function}DeadLetters", "QueueName"]}}
        assert ("AWS/SQS", "ApproximateNumberOfMessagesVisible", json.dumps([queue])) in watched
    ours = {a["MetricName"] for a in alarms.values() if a["Namespace"] == "ResolutionCenter"}
    assert ours == {"SlaBreaches", "OutboxFailed"} and ours <= emitted_metrics()
    for alarm in alarms.values():
        if alarm["Namespace"] == "ResolutionCenter":  # Powertools' default dimension
            assert alarm["Dimensions"] == [{"Name": "service", "Value": "resolution-center"}]
    assert alarms["DelayScanNotRunningAlarm"]["TreatMissingData"] == "breaching"
    body = resources["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    shown = json.loads(body)["widgets"]
    assert len(shown) >= 5 and "TicketsOpened" in body and "SlaBreaches" in body


def test_checkov_accepts_the_packaged_template_and_every_suppression_says_why():
    assert CHECKOV.exists(), "checkov is installed by `make checkov-setup` (make test does it)"
    out = packaged(STAGE)
    result = subprocess.run([str(CHECKOV), "-f", str(out / "sam.json"), "--framework", "cloudformation",
                             "--quiet", "--compact", "--skip-download", "-o", "json"],
                            capture_output=True, text=True, env=package.checkov_environment(), timeout=600)
    report = json.loads(result.stdout)
    summary = report["summary"]
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert result.returncode == 0 and summary["failed"] == 0, failed
    assert summary["passed"] > 100
    for resource in template_of(STAGE)["Resources"].values():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert len(skip.get("comment", "")) > 40, skip  # a reason, not a shrug


def test_every_function_has_a_policy_before_it_ships():
    """package refuses a function without its own policy in scripts/stack_access.py."""
    base = {"Resources": {"NewThing": {"Type": "AWS::Serverless::Function", "Properties": {}}}}
    with pytest.raises(SystemExit, match="NewThing"):
        package.merge_template(base, receiving=True, mail_domain="example.com")
