"""`make package STAGE=<stage>`: one CloudFormation (SAM) template per stage under dist/<stage>/.

Chalice writes the functions and the API; templates/resources.json adds the table, bucket,
bus, state machine and queues. The ASL is inlined so the template deploys as one file, and
every function's configuration points at the resources of its own stack.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# SES receives mail only in some regions; elsewhere the stack runs without email intake.
SES_RECEIVING_REGIONS = {
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "il-central-1",
}
ASYNC_FUNCTIONS = {"InboundEmail", "SlaSweep", "DelayScan"}
RESOURCE_ENVIRONMENT = {
    "TABLE_NAME": {"Ref": "DeskTable"},
    "RAW_MAIL_BUCKET": {"Ref": "MailBucket"},
    "ATTACHMENTS_BUCKET": {"Ref": "MailBucket"},
    "STATE_MACHINE_ARN": {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-sla"},
    "EVENT_BUS_NAME": {"Ref": "EventBus"},
    "REPLY_SIGNING_SECRET": {"Ref": "ReplySigningSecret"},
    "WEBHOOK_SECRETS": {"Ref": "WebhookSecrets"},
    "STATUS_LINK_SECRET": {"Ref": "StatusLinkSecret"},
    "COGNITO_USER_POOL_ID": {"Ref": "AgentPool"},
    "COGNITO_CLIENT_ID": {"Ref": "AgentPoolClient"},
    "PUBLIC_BASE_URL": {"Ref": "PublicUrl"},
}
# The stream consumer reads the table's stream: retried in halves on failure (a bad record is
# isolated), given up after a day of retries into the dead-letter queue, and handed only the
# records it counts (tickets, remedies, mail sent), not its own counters and markers.
STREAM_EVENT = {
    "Stream": {"Fn::GetAtt": ["DeskTable", "StreamArn"]},
    "BisectBatchOnFunctionError": True,
    "MaximumRetryAttempts": 100,
    "MaximumRecordAgeInSeconds": 86400,
    "DestinationConfig": {"OnFailure": {"Type": "SQS", "Destination": {"Fn::GetAtt": ["AsyncDeadLetterQueue", "Arn"]}}},
    "FilterCriteria": {"Filters": [
        {"Pattern": json.dumps({"dynamodb": {"NewImage": {"type": {"S": ["ticket"]}}}})},
        {"Pattern": json.dumps({"dynamodb": {"NewImage": {"type": {"S": ["outbox"]}, "kind": {"S": ["email"]}}}})},
        {"Pattern": json.dumps({"dynamodb": {"NewImage": {"entity": {"S": ["remedy"]}}}})},
    ]},
}


def stages() -> dict[str, Any]:
    return dict(json.loads((ROOT / ".chalice" / "config.json").read_text())["stages"])


def region_of(stage: str) -> str:
    env = stages()[stage].get("environment_variables", {})
    return str(env.get("AWS_DEPLOY_REGION", "us-east-1"))


def chalice_package(stage: str, out: Path, merge: Path | None = None) -> dict[str, Any]:
    if out.exists():
        shutil.rmtree(out)
    command = [str(Path(sys.executable).with_name("chalice")), "package", "--stage", stage]
    if merge:
        command += ["--merge-template", str(merge)]
    env = {**os.environ, "AWS_DEFAULT_REGION": region_of(stage), "AWS_REGION": region_of(stage)}
    subprocess.run([*command, str(out)], cwd=ROOT, check=True, env=env)
    return dict(json.loads((out / "sam.json").read_text()))


def merge_template(base: dict[str, Any], receiving: bool) -> dict[str, Any]:
    merged = json.loads((TEMPLATES / "resources.json").read_text())
    merged["Parameters"]["EnableEmailIntake"]["Default"] = "true" if receiving else "false"
    machine = merged["Resources"]["SlaStateMachine"]["Properties"]
    machine["Definition"] = json.loads((TEMPLATES / machine.pop("DefinitionUri")).read_text())
    machine["Name"] = {"Fn::Sub": "${AWS::StackName}-sla"}
    for name, resource in base["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            merged["Resources"][name] = {
                "Properties": {
                    "Environment": {"Variables": dict(RESOURCE_ENVIRONMENT)},
                    "Policies": [
                        {"DynamoDBCrudPolicy": {"TableName": {"Ref": "DeskTable"}}},
                        {"S3CrudPolicy": {"BucketName": {"Ref": "MailBucket"}}},
                        {"EventBridgePutEventsPolicy": {"EventBusName": {"Ref": "EventBus"}}},
                        {"StepFunctionsExecutionPolicy": {"StateMachineName": {"Fn::Sub": "${AWS::StackName}-sla"}}},
                        {"Statement": [
                            {"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*"},
                            {"Effect": "Allow", "Action": ["states:DescribeExecution"], "Resource": "*"},
                            # Admins manage agents' accounts; sign-in uses the app client.
                            {"Effect": "Allow", "Action": [
                                "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword",
                                "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminRemoveUserFromGroup",
                                "cognito-idp:AdminListGroupsForUser", "cognito-idp:AdminDisableUser",
                                "cognito-idp:AdminEnableUser", "cognito-idp:AdminUserGlobalSignOut",
                                "cognito-idp:InitiateAuth"],
                             "Resource": {"Fn::GetAtt": ["AgentPool", "Arn"]}},
                            # A resolved ticket stops its own timer (outbox work `timer_stop`).
                            {"Effect": "Allow", "Action": ["states:StopExecution"], "Resource": {"Fn::Sub":
                                "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}"
                                ":execution:${AWS::StackName}-sla:*"}},
                        ]},
                    ],
                }
            }
            events = resource["Properties"].get("Events", {})
            streams = {event: {"Properties": dict(STREAM_EVENT)} for event, spec in events.items()
                       if spec.get("Type") == "DynamoDB"}
            if streams:
                merged["Resources"][name]["Properties"]["Events"] = streams
                merged["Resources"][name]["Properties"]["Policies"][-1]["Statement"].append(
                    {"Effect": "Allow", "Action": ["sqs:SendMessage"],
                     "Resource": {"Fn::GetAtt": ["AsyncDeadLetterQueue", "Arn"]}})
            if name in ASYNC_FUNCTIONS:  # what Lambda gives up retrying is kept, not lost
                merged["Resources"][name]["Properties"]["DeadLetterQueue"] = {
                    "Type": "SQS", "TargetArn": {"Fn::GetAtt": ["AsyncDeadLetterQueue", "Arn"]}}
    return dict(merged)


def package(stage: str) -> Path:
    """One packager per stage at a time: two runs would delete each other's scratch files."""
    lock_path = ROOT / "dist" / f".{stage}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _package(stage)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _package(stage: str) -> Path:
    out = ROOT / "dist" / stage
    scratch = ROOT / "dist" / f".{stage}-base"
    base = chalice_package(stage, scratch)
    out.mkdir(parents=True, exist_ok=True)
    merge_path = ROOT / "dist" / f".{stage}-merge.json"
    region = region_of(stage)
    receiving = region in SES_RECEIVING_REGIONS
    merge_path.write_text(json.dumps(merge_template(base, receiving), indent=2))
    chalice_package(stage, out, merge_path)
    shutil.rmtree(scratch)
    merge_path.unlink()
    (out / "deploy.json").write_text(json.dumps({
        "stage": stage, "region": region, "ses_receiving": receiving,
    }, indent=2) + "\n")
    print(f"{stage}: {out / 'sam.json'} (region {region})")
    if not receiving:
        print(f"WARNING: SES does not receive email in {region}; this stack will have no email intake.")
    return out


def lint(path: Path) -> None:
    subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(path)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", nargs="?", default="dev")
    parser.add_argument("--lint-only", action="store_true", help="package every stage and cfn-lint it")
    args = parser.parse_args()
    chosen = list(stages()) if args.lint_only else [args.stage]
    for stage in chosen:
        lint(package(stage) / "sam.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
