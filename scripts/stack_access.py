"""Least privilege: one IAM role per function, written for what that function's code calls.

Chalice's policy generator reads only `app.py` (our calls live in chalicelib/adapters), so
`make package` replaces Chalice's shared DefaultRole with these roles. What each function calls:

| function | DynamoDB | S3 | SES | Step Functions | EventBridge | Cognito |
| --- | --- | --- | --- | --- | --- | --- |
| APIHandler (every route) | read, write, delete (articles) | raw mail, attachments | send | start, stop, describe | put | admin + sign-in |
| DeskAuthorizer | read (API keys, agents) | – | – | – | – | – (JWKS is public HTTPS) |
| InboundEmail | read, write | read inbound/, write attachments | send (acknowledgement) | start (timer) | put | – |
| SlaCheck | read, write | – | send (escalation mail) | start, stop (timers) | put | – |
| SlaSweep (outbox retries) | read, write | read attachments | send | start, stop, describe | put | – |
| DelayScan | read, write | – | send (notices) | start (timer) | put | – |
| KpiAggregator | read, write; its stream | – | – | – | put (defect alerts) | – |
| SesFeedback | read, write | – | – | – | – | – |

A function that records work it has no right to do (say a timer stop recorded by the delay scan)
fails that call; the work stays in the outbox and the sweeper, which may do all of it, carries it out.
"""

from __future__ import annotations

from typing import Any

DYNAMO_READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"]
# TransactWriteItems is authorised per item: Put, Update, ConditionCheck (and Delete when used).
DYNAMO_WRITE = [*DYNAMO_READ, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"]
# The desk sends with the v2 API's SendEmail (raw MIME content), authorised as ses:SendEmail on the
# identity and the configuration set; ses:SendRawEmail is the v1 API's, which nothing here calls.
SES_SEND = ["ses:SendEmail"]
COGNITO_ADMIN = [
    "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminAddUserToGroup",
    "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminListGroupsForUser", "cognito-idp:AdminDisableUser",
    "cognito-idp:AdminEnableUser", "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:InitiateAuth",
]
STREAM_READ = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]

TABLE = {"Fn::GetAtt": ["DeskTable", "Arn"]}
TABLE_INDEXES = {"Fn::Sub": "${DeskTable.Arn}/index/*"}
RAW_MAIL = {"Fn::Sub": "${MailBucket.Arn}/inbound/*"}
ATTACHMENTS = {"Fn::Sub": "${MailBucket.Arn}/tickets/*"}
MACHINE = {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-sla"}
EXECUTIONS = {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-sla:*"}
BUS = {"Fn::GetAtt": ["EventBus", "Arn"]}
POOL = {"Fn::GetAtt": ["AgentPool", "Arn"]}
SENDING = [
    {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${MailDomain}"},
    {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*@${MailDomain}"},
    {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${MailConfigurationSet}"},
]

# What each function may do beyond writing its logs and traces (see the table above).
GRANTS: dict[str, list[dict[str, Any]]] = {
    "APIHandler": [
        {"Action": [*DYNAMO_WRITE, "dynamodb:DeleteItem"], "Resource": [TABLE, TABLE_INDEXES]},
        {"Action": ["s3:GetObject"], "Resource": [RAW_MAIL, ATTACHMENTS]},
        # Also what the status page's presigned POST is signed with: a customer's photo lands
        # under tickets/<id>/attachments/web/ on this role's right to put it there.
        {"Action": ["s3:PutObject"], "Resource": [ATTACHMENTS]},
        {"Action": SES_SEND, "Resource": SENDING},
        {"Action": ["states:StartExecution"], "Resource": [MACHINE]},
        {"Action": ["states:StopExecution", "states:DescribeExecution"], "Resource": [EXECUTIONS]},
        {"Action": ["events:PutEvents"], "Resource": [BUS]},
        {"Action": COGNITO_ADMIN, "Resource": [POOL]},
    ],
    "DeskAuthorizer": [
        {"Action": DYNAMO_READ, "Resource": [TABLE, TABLE_INDEXES]},
    ],
    "InboundEmail": [
        {"Action": DYNAMO_WRITE, "Resource": [TABLE, TABLE_INDEXES]},
        {"Action": ["s3:GetObject"], "Resource": [RAW_MAIL]},
        {"Action": ["s3:PutObject"], "Resource": [ATTACHMENTS]},
        {"Action": SES_SEND, "Resource": SENDING},
        {"Action": ["states:StartExecution"], "Resource": [MACHINE]},
        {"Action": ["events:PutEvents"], "Resource": [BUS]},
    ],
    "SlaCheck": [
        {"Action": DYNAMO_WRITE, "Resource": [TABLE, TABLE_INDEXES]},
        {"Action": SES_SEND, "Resource": SENDING},
        {"Action": ["states:StartExecution"], "Resource": [MACHINE]},
        # A resolved ticket stops its own timer (outbox work `timer_stop`).
        {"Action": ["states:StopExecution"], "Resource": [EXECUTIONS]},
        {"Action": ["events:PutEvents"], "Resource": [BUS]},
    ],
    "SlaSweep": [
        {"Action": DYNAMO_WRITE, "Resource": [TABLE, TABLE_INDEXES]},
        {"Action": ["s3:GetObject"], "Resource": [ATTACHMENTS]},  # a retried reply carries its files
        {"Action": SES_SEND, "Resource": SENDING},
        {"Action": ["states:StartExecution"], "Resource": [MACHINE]},
        {"Action": ["states:StopExecution", "states:DescribeExecution"], "Resource": [EXECUTIONS]},
        {"Action": ["events:PutEvents"], "Resource": [BUS]},
    ],
    "DelayScan": [
        {"Action": DYNAMO_WRITE, "Resource": [TABLE, TABLE_INDEXES]},
        {"Action": SES_SEND, "Resource": SENDING},
        {"Action": ["states:StartExecution"], "Resource": [MACHINE]},
        {"Action": ["events:PutEvents"], "Resource": [BUS]},
    ],
    "KpiAggregator": [
        {"Action": DYNAMO_WRITE, "Resource": [TABLE, TABLE_INDEXES]},
        {"Action": STREAM_READ, "Resource": [{"Fn::GetAtt": ["DeskTable", "StreamArn"]}]},
        {"Action": ["events:PutEvents"], "Resource": [BUS]},
    ],
    "SesFeedback": [
        {"Action": DYNAMO_WRITE, "Resource": [TABLE, TABLE_INDEXES]},
    ],
}
# Functions Lambda invokes asynchronously (SES, EventBridge, SNS) or from a stream: what fails for
# good lands in the function's own queue, from which `make redrive` hands it back.
DEAD_LETTERS = {"InboundEmail", "SlaSweep", "DelayScan", "SesFeedback", "KpiAggregator"}


def dead_letter_queue(function: str) -> str:
    return f"{function}DeadLetters"


def log_streams(function: str) -> dict[str, Any]:
    """The streams of the function's own log group, which the stack creates (`log_group`):
    CloudFormation names functions `<stack>-<logical id>-<suffix>`."""
    return {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/"
                       f"${{AWS::StackName}}-{function}-*:*"}


def log_group(function: str) -> dict[str, Any]:
    return {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "Metadata": {"checkov": {"skip": [{"id": "CKV_AWS_158", "comment": (
                "CloudWatch Logs encrypts every log group at rest; a customer managed key costs $1/month per region "
                "and the logs hold ids and outcomes, not message bodies.")}]}},
            "Properties": {"LogGroupName": {"Fn::Sub": f"/aws/lambda/${{{function}}}"},
                           "RetentionInDays": {"Ref": "LogRetentionDays"}}}


def role(function: str) -> dict[str, Any]:
    statements: list[dict[str, Any]] = [
        {"Sid": "OwnLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": [log_streams(function)]},
        # X-Ray has no resource-level permissions: AWS requires "*" for these two actions.
        {"Sid": "Traces", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
         "Resource": "*"},
    ]
    statements += [{"Effect": "Allow", **grant} for grant in GRANTS[function]]
    if function in DEAD_LETTERS:
        statements.append({"Sid": "DeadLetters", "Effect": "Allow", "Action": ["sqs:SendMessage"],
                           "Resource": [{"Fn::GetAtt": [dead_letter_queue(function), "Arn"]}]})
    for statement in statements:
        if isinstance(statement["Resource"], dict):
            statement["Resource"] = [statement["Resource"]]
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": f"{function}Access",
                          "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
            "Tags": [{"Key": "app", "Value": "resolution-center"}, {"Key": "function", "Value": function}],
        },
    }


def queue(function: str) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Metadata": {"checkov": {"skip": [{"id": "CKV_AWS_27", "comment": (
        "Encrypted at rest with SQS managed keys (SqsManagedSseEnabled); checkov 3.3.30 recognises KMS keys only, "
        "and a KMS key would need every sender (Lambda, the stream source) granted on it.")}]}},
        "Properties": {
        "MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True,  # 14 days to redrive
        "Tags": [{"Key": "app", "Value": "resolution-center"}, {"Key": "function", "Value": function}]}}
