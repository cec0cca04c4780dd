"""Deploy without an account: the packaged template of prod-eu-west-1, with its code uploaded as
`make deploy` does, rendered from SAM to plain CloudFormation by aws-sam-translator (what
CloudFormation's transform does on AWS), created on moto's CloudFormation, the types it has no
model for made with their services' APIs from the same properties; then a smoke check against
what the stack made: a ticket opened through the API, one real SES receipt event and an SES
bounce, each run with the environment CloudFormation gave the function and calling only what
its role allows.

What this does not prove is in the README's operator guide ("What the moto deploy test proves").
"""

from __future__ import annotations

import ast
import json
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import botocore.client
import pytest
from moto import mock_aws

from scripts import deploy
from tests.conftest import ROOT, SHARED_DATA
from tests.functional.helpers import call, new_ticket
from tests.functional.mailbox import customer_mail
from tests.integration import moto_stack
from tests.integration.moto_stack import ACCOUNT, REGION, STACK, STAGE
from tests.integration.test_deploy_template import packaged

# Resource types moto 5.2.5's CloudFormation has no model for, taken out before create_stack, and
# what becomes of them. Kept as few as the emulator allows: most are then made by API.
NOT_ON_MOTO = {
    "AWS::CloudWatch::Alarm": "no CloudFormation model; made with PutMetricAlarm",
    "AWS::SES::ReceiptRuleSet": "no CloudFormation model; made with CreateReceiptRuleSet",
    "AWS::SES::ReceiptRule": "no CloudFormation model; made with CreateReceiptRule",
    "AWS::SES::ConfigurationSet": "no CloudFormation model; made with CreateConfigurationSet before the stack "
                                  "(the functions' environment and roles name it)",
    "AWS::SES::ConfigurationSetEventDestination": "no CloudFormation model; made with "
                                                  "CreateConfigurationSetEventDestination",
    "AWS::Cognito::UserPool": "no CloudFormation model; made with CreateUserPool before the stack",
    "AWS::Cognito::UserPoolClient": "no CloudFormation model; made with CreateUserPoolClient before the stack",
    "AWS::Cognito::UserPoolGroup": "no CloudFormation model; made with CreateGroup",
    "AWS::SNS::Subscription": "no CloudFormation model; made with Subscribe",
    "AWS::SNS::TopicPolicy": "no CloudFormation model; made with SetTopicAttributes",
    "AWS::S3::BucketPolicy": "no CloudFormation model; made with PutBucketPolicy",
    "AWS::ApiGateway::Deployment": "NOT MADE: moto's RestApi model ignores Body (Chalice's Swagger 2.0 document) "
                                   "and its PutRestApi imports OpenAPI 3 only, so the API has no methods to deploy "
                                   "(the routes are checked on the template: test_deploy_template.py)",
    "AWS::ApiGateway::Stage": "NOT MADE: its deployment (above) cannot be made on moto",
    "AWS::ApiGateway::GatewayResponse": "NOT MADE: no CloudFormation model, and no deployed API to answer for "
                                        "(the local gateway applies the same bodies: devstack/gateway.py)",
}
BEFORE_THE_STACK = {"AWS::SES::ConfigurationSet", "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"}
TRANSACTION_ACTIONS = {"TransactWriteItems": ("PutItem", "UpdateItem", "ConditionCheckItem"),
                       "TransactGetItems": ("GetItem",)}
MOTO_CONFIG: Any = {"lambda": {"use_docker": True}, "stepfunctions": {"execute_state_machine": False}}
PARAMETERS = {"ReplySigningSecret": "s" * 32, "OperatorEmail": "ops@example.eu"}


@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, Any]]:
    """moto in this process (not the local stack's emulator, whose DynamoDB patches serve the
    provisioned local table): a fresh account, the stack created in it. moto's configuration is
    the process's: the emulator's (no Docker Lambda, state machines executed against the
    emulator's port) is put aside meanwhile, so SES finds the functions its rule names."""
    with pytest.MonkeyPatch.context() as patch, mock_aws(config=MOTO_CONFIG):
        patch.delenv("AWS_ENDPOINT_URL", raising=False)
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}.items():
            patch.setenv(name, value)
        yield create_stack()


def create_stack() -> dict[str, Any]:
    session = boto3.session.Session(region_name=REGION)
    s3 = session.client("s3")
    bucket = deploy.artifacts_bucket(s3, ACCOUNT, REGION)
    s3.put_object(Bucket=bucket, Key="code.zip", Body=moto_stack.code())
    template = moto_stack.rendered(json.loads((packaged(STAGE) / "sam.json").read_text()), f"s3://{bucket}/code.zip")
    removed = {name: r for name, r in template["Resources"].items() if r["Type"] in NOT_ON_MOTO}
    kept = {name: r for name, r in template["Resources"].items() if name not in removed}
    stand_ins = moto_stack.stand_ins(session)
    # moto answers Ref to an event bus with its model rather than its name: the name, as Ref gives it.
    bus_name = kept["EventBus"]["Properties"]["Name"]
    created = {**template, "Resources": moto_stack.in_dependency_order(
        moto_stack.substitute(kept, {**stand_ins, "EventBus": bus_name}))}
    for resource in created["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::ApiGateway::RestApi" and "Name" not in properties:
            # CloudFormation names an API imported from a Body after the document's title; moto
            # insists on Name.
            properties["Name"] = properties["Body"]["info"]["title"]
    created["Outputs"] = {k: v for k, v in template.get("Outputs", {}).items()
                          if not moto_stack.references(v, set(removed)) and "Condition" not in v}
    cfn = session.client("cloudformation")
    cfn.create_stack(StackName=STACK, TemplateBody=json.dumps(created), Capabilities=deploy.CAPABILITIES,
                     Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in PARAMETERS.items()])
    described = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    made = {r["LogicalResourceId"]: r["PhysicalResourceId"]
            for r in cfn.list_stack_resources(StackName=STACK)["StackResourceSummaries"]}
    resolve = moto_stack.Resolver(template, made, PARAMETERS, stand_ins)
    by_api = moto_stack.make_by_api(session, template, removed, resolve)
    # moto judges its own requests as not over TLS, so the bucket's TLS-only statement refuses them
    # all: seen once, then the policy is kept aside for the smoke check.
    s3_mail = session.client("s3")
    bucket_policy = json.loads(s3_mail.get_bucket_policy(Bucket=made["MailBucket"])["Policy"])
    try:
        s3_mail.put_object(Bucket=made["MailBucket"], Key="inbound/probe", Body=b"x")
        refused_without_tls = False
    except s3_mail.exceptions.ClientError as error:
        refused_without_tls = error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    s3_mail.delete_bucket_policy(Bucket=made["MailBucket"])
    # The stream's mapping is created (checked below), but moto would run its consumer in Docker
    # inside every write to the table: the table forgets it for the smoke check (moto's
    # DeleteEventSourceMapping leaves it attached to the table).
    from moto.dynamodb.models import dynamodb_backends

    mappings = session.client("lambda").list_event_source_mappings()["EventSourceMappings"]
    dynamodb_backends[ACCOUNT][REGION].tables[made["DeskTable"]].lambda_event_source_mappings.clear()
    return {"status": described["StackStatus"], "mappings": mappings, "made": made, "by_api": by_api,
            "bucket_policy": bucket_policy, "refused_without_tls": refused_without_tls,
            "removed": removed, "template": created, "session": session, "stand_ins": stand_ins}


def test_the_translated_stack_is_created_on_moto_with_only_the_named_types_left_out(stack):
    assert stack["status"] == "CREATE_COMPLETE"
    types = {r["Type"] for r in stack["template"]["Resources"].values()}
    assert not types & set(NOT_ON_MOTO)
    assert {r["Type"] for r in stack["removed"].values()} <= set(NOT_ON_MOTO)
    for name in stack["template"]["Resources"]:
        assert name in stack["made"], f"{name} was not created"
    lam = stack["session"].client("lambda")
    functions = [n for n, r in stack["template"]["Resources"].items() if r["Type"] == "AWS::Lambda::Function"]
    assert len(functions) == 8
    for name in functions:
        config = lam.get_function_configuration(FunctionName=stack["made"][name])
        assert config["Role"].split("/")[-1] == stack["made"][f"{name}Role"]
    table = stack["session"].client("dynamodb").describe_table(TableName=stack["made"]["DeskTable"])["Table"]
    assert table["StreamSpecification"]["StreamEnabled"] and table["DeletionProtectionEnabled"]
    [mapping] = stack["mappings"]
    assert mapping["EventSourceArn"] == table["LatestStreamArn"]
    assert mapping["FunctionArn"].split(":")[-1] == stack["made"]["KpiAggregator"]
    rules = stack["session"].client("events").list_rules()["Rules"]
    assert sorted(r["ScheduleExpression"] for r in rules) == ["rate(15 minutes)", "rate(5 minutes)"]


def test_what_moto_cannot_create_is_made_by_api_from_the_same_properties(stack):
    """Alarms, the bucket and topic policies, subscriptions, agent groups, the receipt rule set and
    rule, the bounce destination: made by the services' APIs, references resolved to the stack."""
    by_type: dict[str, list[str]] = {}
    for name, resource in stack["removed"].items():
        by_type.setdefault(resource["Type"], []).append(name)
    not_made = {t for t, reason in NOT_ON_MOTO.items() if reason.startswith("NOT MADE")}
    for kind, names in by_type.items():
        if kind not in not_made and kind not in BEFORE_THE_STACK:
            assert set(names) <= set(stack["by_api"]), (kind, set(names) - set(stack["by_api"]))
    session = stack["session"]
    alarms = session.client("cloudwatch").describe_alarms()["MetricAlarms"]
    assert len(alarms) == len(by_type["AWS::CloudWatch::Alarm"]) >= 17
    assert all(a["AlarmActions"] == [stack["made"]["OpsTopic"]] for a in alarms)
    ses = session.client("ses")
    [rule] = ses.describe_receipt_rule_set(RuleSetName=f"{STACK}-inbound")["Rules"]
    assert rule["Actions"][0]["S3Action"]["BucketName"] == stack["made"]["MailBucket"]
    assert rule["Actions"][1]["LambdaAction"]["FunctionArn"].endswith(stack["made"]["InboundEmail"])
    subscriptions = session.client("sns").list_subscriptions()["Subscriptions"]
    assert {(s["Protocol"], s["TopicArn"]) for s in subscriptions} == {
        ("lambda", stack["made"]["MailFeedbackTopic"]), ("email", stack["made"]["OpsTopic"])}
    policy = stack["bucket_policy"]
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert stack["refused_without_tls"]  # the TLS-only statement refuses what moto takes for plain HTTP
    groups = session.client("cognito-idp").list_groups(UserPoolId=stack["stand_ins"]["AgentPool"])["Groups"]
    assert {g["GroupName"] for g in groups} == {"tier1", "tier2", "tier3", "admin"}


@contextmanager
def calls_made() -> Iterator[list[str]]:
    """Every AWS action the code calls (IAM names), recorded as the calls go out to moto."""
    seen: list[str] = []
    original = botocore.client.BaseClient._make_api_call

    def recording(self: Any, operation: str, params: Any) -> Any:
        prefix = self.meta.service_model.signing_name
        seen.extend(f"{prefix}:{a}" for a in TRANSACTION_ACTIONS.get(operation, (operation,)))
        return original(self, operation, params)

    botocore.client.BaseClient._make_api_call = recording  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        botocore.client.BaseClient._make_api_call = original  # type: ignore[method-assign]


def role_allows(stack: dict[str, Any], function: str) -> set[str]:
    iam = stack["session"].client("iam")
    role = stack["made"][f"{function}Role"]
    allowed: set[str] = set()
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        if isinstance(document, str):  # moto keeps a policy made by CloudFormation as Python's text of it
            document = ast.literal_eval(urllib.parse.unquote(document))
        for statement in document["Statement"]:
            allowed |= set(statement["Action"])
    return allowed


def run_as(stack: dict[str, Any], function: str, monkeypatch: Any) -> None:
    """The environment CloudFormation gave the function, in this process."""
    config = stack["session"].client("lambda").get_function_configuration(FunctionName=stack["made"][function])
    for name, value in config["Environment"]["Variables"].items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)


def test_smoke_a_ticket_through_the_api_and_a_real_ses_event_on_the_created_stack(stack, monkeypatch):
    from chalice.test import Client

    import app as application
    from chalicelib.blueprints.mail import inbound_email, ses_feedback
    from chalicelib.services import apikeys
    from chalicelib.services.context import desk

    session = stack["session"]
    session.client("ses").verify_domain_identity(Domain="example.eu")  # the operator's first step
    run_as(stack, "APIHandler", monkeypatch)
    key = apikeys.issue_key(desk(), "storefront", "smoke")[0]
    with calls_made() as api_calls, Client(application.app, stage_name=STAGE, project_dir=str(ROOT)) as client:
        opened = call(client, "POST", "/tickets", key, new_ticket(customer={"email": "jane@example.org"}))
        assert opened.status_code == 201, opened.body
        ticket = json.loads(opened.body)["ticket"]
        read = call(client, "GET", f"/tickets/{ticket['id']}", key)
        assert read.status_code == 200
    assert set(api_calls) <= role_allows(stack, "APIHandler"), set(api_calls) - role_allows(stack, "APIHandler")
    stored = session.client("dynamodb").get_item(TableName=stack["made"]["DeskTable"],
                                                 Key={"PK": {"S": f"TICKET#{ticket['id']}"}, "SK": {"S": "META"}})
    assert "Item" in stored  # in the stack's own table

    # One real SES receipt event (events/ses_inbound.json, from the shared samples): the S3 action
    # stored the raw message in the stack's bucket, then SES invokes the function.
    run_as(stack, "InboundEmail", monkeypatch)
    event = json.loads((SHARED_DATA / "events" / "powertools" / "sesEvent.json").read_text())
    ses_id = event["Records"][0]["ses"]["mail"]["messageId"]
    session.client("s3").put_object(Bucket=stack["made"]["MailBucket"], Key=f"inbound/{ses_id}",
                                    Body=customer_mail().as_bytes())
    with calls_made() as inbound_calls:
        outcomes = inbound_email(event, None)["outcomes"]
    assert [o["kind"] for o in outcomes] == ["ticket"]
    assert set(inbound_calls) <= role_allows(stack, "InboundEmail"), \
        set(inbound_calls) - role_allows(stack, "InboundEmail")

    # The configuration set's bounce of the acknowledgement reaches SesFeedback (through SNS on AWS).
    run_as(stack, "SesFeedback", monkeypatch)
    from moto.ses.models import ses_backends

    [acknowledgement] = [m for m in ses_backends[ACCOUNT][REGION].sent_messages if "jane@example.org" in m.destinations]
    notice = json.loads((ROOT / "events" / "ses_feedback.json").read_text())
    message = json.loads(notice["Records"][0]["Sns"]["Message"])
    message["mail"]["messageId"] = acknowledgement.id  # the id SES gave our acknowledgement
    message["bounce"]["bouncedRecipients"][0]["emailAddress"] = "jane@example.org"
    notice["Records"][0]["Sns"]["Message"] = json.dumps(message)
    with calls_made() as feedback_calls:
        [outcome] = ses_feedback(notice, None)["outcomes"]
    assert outcome["ticket_id"] == ticket["id"] and outcome["marked"] == ["jane@example.org"]
    assert set(feedback_calls) <= role_allows(stack, "SesFeedback"), \
        set(feedback_calls) - role_allows(stack, "SesFeedback")


def test_the_other_functions_run_on_the_stack_within_their_roles(stack, monkeypatch):
    """The SLA task, the sweeper, the delay scan and the KPI consumer, each with its own
    environment, on the stack's data (after the smoke check's tickets): every call allowed."""
    from chalicelib.blueprints.feedback import kpi_aggregator
    from chalicelib.blueprints.shipments import delay_scan
    from chalicelib.blueprints.workers import sla_check, sla_sweep

    session = stack["session"]
    table = stack["made"]["DeskTable"]
    tickets = session.client("dynamodb").scan(
        TableName=table, FilterExpression="SK = :meta", ExpressionAttributeValues={":meta": {"S": "META"}})["Items"]
    assert tickets, "runs after the smoke check, on the tickets it opened"
    schedule = json.loads((ROOT / "events" / "sla_sweep.json").read_text())
    # moto's DynamoDB Streams API answers "Not yet implemented" to this botocore: the records are
    # made from the stack's own ticket items, in the shape the stream hands them over.
    stream_arn = session.client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
    records = [{"eventID": str(n), "eventName": "INSERT", "eventSource": "aws:dynamodb", "eventSourceARN": stream_arn,
                "awsRegion": REGION, "dynamodb": {"Keys": {"PK": item["PK"], "SK": item["SK"]}, "NewImage": item,
                                                  "SequenceNumber": str(100 + n), "StreamViewType": "NEW_AND_OLD_IMAGES"}}
               for n, item in enumerate(tickets)]
    runs = {
        "SlaCheck": lambda: sla_check({"ticket_id": tickets[0]["id"]["S"]}, None),
        "SlaSweep": lambda: sla_sweep(schedule, None),
        "DelayScan": lambda: delay_scan(schedule, None),
        "KpiAggregator": lambda: kpi_aggregator({"Records": records}, None),
    }
    for function, run in runs.items():
        run_as(stack, function, monkeypatch)
        with calls_made() as made:
            run()
        assert made, function
        assert set(made) <= role_allows(stack, function), (function, set(made) - role_allows(stack, function))


def test_what_a_function_gave_up_on_is_redriven_from_its_own_queue(stack):
    """An SES event Lambda stopped retrying waits in InboundEmailDeadLetters; `make redrive` hands
    it back to the function and empties the queue."""
    from scripts import redrive

    session = stack["session"]
    sqs = session.client("sqs")
    queue = stack["made"]["InboundEmailDeadLetters"]
    event = (SHARED_DATA / "events" / "powertools" / "sesEvent.json").read_text()
    sqs.send_message(QueueUrl=queue, MessageBody=event)

    assert redrive.redrive(session, "InboundEmail", dry_run=True) == {"seen": 1, "redriven": 0, "kept": 0}
    counts = redrive.redrive(session, "InboundEmail")

    assert counts["redriven"] == 1
    left = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages",
                                                                   "ApproximateNumberOfMessagesNotVisible"])
    assert left["Attributes"] == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}
    with pytest.raises(SystemExit, match="no dead-letter queue"):
        redrive.redrive(session, "APIHandler")
