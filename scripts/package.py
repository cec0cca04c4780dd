"""`make package STAGE=<stage>`: one CloudFormation (SAM) template per stage under dist/<stage>/.

Chalice writes the functions and the API; templates/resources.json adds the table, bucket,
bus, state machine and queues. The ASL is inlined so the template deploys as one file, and
every function's configuration points at the resources of its own stack.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from scripts import stack_access, stack_watch

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# SES receives mail only in some regions; elsewhere the stack runs without email intake.
SES_RECEIVING_REGIONS = {
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "il-central-1",
}
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
    "SES_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"},
}
# checkov's Lambda checks the desk answers differently, for every function:
LAMBDA_SKIPS = [
    {"id": "CKV_AWS_117", "comment": "No VPC: the functions reach only AWS APIs (DynamoDB, S3, SES, Step Functions, "
                                     "EventBridge, Cognito) over TLS; a VPC would add NAT or endpoint costs and nothing to guard."},
    {"id": "CKV_AWS_115", "comment": "No reserved concurrency: it would cap the API and mail intake at a fixed figure and "
                                     "take that share from the account; throttling is API Gateway's (stage limits)."},
    {"id": "CKV_AWS_173", "comment": "Environment variables are encrypted at rest with Lambda's AWS managed key; the two "
                                     "secrets among them come from NoEcho parameters. A customer managed key costs $1/month "
                                     "per region and guards against nobody who can read the function's configuration."},
]
API_SKIPS = [
    {"id": "CKV_AWS_76", "comment": "Access logging needs the region's API Gateway account role "
                                    "(AWS::ApiGateway::Account), a setting shared by every API in the account and "
                                    "region: the operator guide says how to turn it on; the handler logs every "
                                    "request itself."},
    {"id": "CKV_AWS_120", "comment": "No cache: answers depend on the caller (authorised per request) and on the "
                                     "ticket's latest state; a cache would show stale tickets and costs from "
                                     "$14/month."},
]
SYNCHRONOUS_SKIP = {"id": "CKV_AWS_116", "comment": "Invoked synchronously (API Gateway, its authorizer, the state "
                                                   "machine's task with its own retries): the caller sees the failure, "
                                                   "so a dead-letter queue would never receive anything."}

STREAM_SKIP = {"id": "CKV_AWS_116", "comment": "A stream consumer's failures go to its event source's on-failure "
                                              "destination (its own dead-letter queue, see stream_event); a "
                                              "function DeadLetterQueue applies to asynchronous invocations only."}


def stream_event(function: str) -> dict[str, Any]:
    """The stream consumer reads the table's stream: retried in halves on failure (a bad record is
    isolated), given up after a day of retries into its dead-letter queue, and handed only the
    records it counts (tickets, remedies, mail sent), not its own counters and markers."""
    return {
        "Stream": {"Fn::GetAtt": ["DeskTable", "StreamArn"]},
        "BisectBatchOnFunctionError": True,
        "MaximumRetryAttempts": 100,
        "MaximumRecordAgeInSeconds": 86400,
        "DestinationConfig": {"OnFailure": {"Type": "SQS", "Destination": {
            "Fn::GetAtt": [stack_access.dead_letter_queue(function), "Arn"]}}},
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


def mail_domain_of(stage: str) -> str:
    """The domain of the stage's support address: the SES identity the desk sends from."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    address = {**config.get("environment_variables", {}),
               **stages()[stage].get("environment_variables", {})}.get("SUPPORT_ADDRESS", "support@example.com")
    return str(address).rpartition("@")[2].lower()


def chalice_package(stage: str, out: Path, merge: Path | None = None) -> dict[str, Any]:
    if out.exists():
        shutil.rmtree(out)
    command = [str(Path(sys.executable).with_name("chalice")), "package", "--stage", stage]
    if merge:
        command += ["--merge-template", str(merge)]
    env = {**os.environ, "AWS_DEFAULT_REGION": region_of(stage), "AWS_REGION": region_of(stage)}
    subprocess.run([*command, str(out)], cwd=ROOT, check=True, env=env)
    return dict(json.loads((out / "sam.json").read_text()))


def merge_template(base: dict[str, Any], receiving: bool, mail_domain: str) -> dict[str, Any]:
    merged = json.loads((TEMPLATES / "resources.json").read_text())
    merged["Parameters"]["EnableEmailIntake"]["Default"] = "true" if receiving else "false"
    merged["Parameters"]["MailDomain"]["Default"] = mail_domain
    machine = merged["Resources"]["SlaStateMachine"]["Properties"]
    machine["Definition"] = json.loads((TEMPLATES / machine.pop("DefinitionUri")).read_text())
    machine["Name"] = {"Fn::Sub": "${AWS::StackName}-sla"}
    functions = [name for name, r in base["Resources"].items() if r["Type"] == "AWS::Serverless::Function"]
    unknown = set(functions) ^ set(stack_access.GRANTS)
    if unknown:  # a new entry point needs its own policy (scripts/stack_access.py) before it ships
        raise SystemExit(f"functions without a policy, or policies without a function: {sorted(unknown)}")
    for name in functions:
        resources = merged["Resources"]
        resources[f"{name}Role"] = stack_access.role(name)
        resources[f"{name}Logs"] = stack_access.log_group(name)
        properties: dict[str, Any] = {
            "Environment": {"Variables": dict(RESOURCE_ENVIRONMENT)},
            "Role": {"Fn::GetAtt": [f"{name}Role", "Arn"]},
        }
        events = base["Resources"][name]["Properties"].get("Events", {})
        streams = {event: {"Properties": stream_event(name)} for event, spec in events.items()
                   if spec.get("Type") == "DynamoDB"}
        if streams:
            properties["Events"] = streams
        if name in stack_access.DEAD_LETTERS:
            resources[stack_access.dead_letter_queue(name)] = stack_access.queue(name)
            if not streams:  # what Lambda gives up retrying is kept, not lost
                properties["DeadLetterQueue"] = {
                    "Type": "SQS", "TargetArn": {"Fn::GetAtt": [stack_access.dead_letter_queue(name), "Arn"]}}
        why_no_dead_letter_queue = [STREAM_SKIP] if streams else [] if name in stack_access.DEAD_LETTERS \
            else [SYNCHRONOUS_SKIP]
        resources[name] = {"Properties": properties,
                           "Metadata": {"checkov": {"skip": [*LAMBDA_SKIPS, *why_no_dead_letter_queue]}}}
    merged["Resources"]["RestAPI"] = {"Properties": {"TracingEnabled": True}, "Metadata": {"checkov": {"skip": API_SKIPS}}}
    merged["Resources"].update(stack_watch.alarms())
    merged["Resources"]["Dashboard"] = stack_watch.dashboard()
    return dict(merged)


def finish(template: dict[str, Any]) -> dict[str, Any]:
    """What a merge cannot do. Chalice names an SNS topic by its name in this account (a merge
    would mix that with our Ref): the subscription is to the stack's own topic. And Chalice always
    writes its DefaultRole (logs, X-Ray and any stream on "*"); every function has its own role
    instead, so it goes."""
    resources = template["Resources"]
    for resource in resources.values():
        for event in resource.get("Properties", {}).get("Events", {}).values():
            if resource["Type"] == "AWS::Serverless::Function" and event["Type"] == "SNS":
                event["Properties"]["Topic"] = {"Ref": "MailFeedbackTopic"}
    users = [name for name, r in resources.items()
             if r.get("Properties", {}).get("Role") == {"Fn::GetAtt": ["DefaultRole", "Arn"]}]
    if users:
        raise SystemExit(f"still on Chalice's DefaultRole: {users}")
    resources.pop("DefaultRole", None)
    return template


def inputs_digest() -> str:
    """Everything a package is made from: the code Chalice ships, the merge templates, the
    packaging scripts, the stage configuration and the pinned requirements."""
    digest = hashlib.sha256()
    files = [ROOT / "app.py", ROOT / "requirements.txt", ROOT / ".chalice" / "config.json",
             *sorted((ROOT / "chalicelib").rglob("*")), *sorted(TEMPLATES.rglob("*")),
             *sorted((ROOT / "scripts").glob("package.py")), *sorted((ROOT / "scripts").glob("stack_*.py"))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package(stage: str, reuse: bool = False) -> Path:
    """One packager per stage at a time: two runs would delete each other's scratch files.
    `reuse`: keep dist/<stage>/ when it was packaged from the same inputs (the tests package
    each stage once for every test module and worker)."""
    lock_path = ROOT / "dist" / f".{stage}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            stamp = ROOT / "dist" / stage / "inputs.sha256"
            digest = inputs_digest()
            if reuse and stamp.exists() and stamp.read_text() == digest:
                return stamp.parent
            out = _package(stage)
            stamp.write_text(digest)
            return out
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
    merge_path.write_text(json.dumps(merge_template(base, receiving, mail_domain_of(stage)), indent=2))
    final = finish(chalice_package(stage, out, merge_path))
    (out / "sam.json").write_text(json.dumps(final, indent=2) + "\n")
    shutil.rmtree(scratch)
    merge_path.unlink()
    (out / "deploy.json").write_text(json.dumps({
        "stage": stage, "region": region, "ses_receiving": receiving,
    }, indent=2) + "\n")
    print(f"{stage}: {out / 'sam.json'} (region {region})")
    if not receiving:
        print(f"WARNING: SES does not receive email in {region}; this stack will have no email intake.")
    return out


CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def checkov_environment() -> dict[str, str]:
    """checkov offline: no guideline download, no version check (it runs in CI without egress)."""
    return {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
            "ENABLE_OPENAI": "False", "CKV_IGNORE_HIDDEN_DIRECTORIES": "true"}


def checkov(path: Path) -> None:
    """Every check passes or is skipped in the template with its reason (Metadata.checkov.skip)."""
    subprocess.run([str(CHECKOV), "-f", str(path), "--framework", "cloudformation", "--quiet", "--compact",
                    "--skip-download"], check=True, env=checkov_environment())


def lint(path: Path) -> None:
    subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(path)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", nargs="?", default="dev")
    parser.add_argument("--lint-only", action="store_true", help="package every stage and cfn-lint it")
    parser.add_argument("--checkov", action="store_true", help="also run checkov (make checkov)")
    args = parser.parse_args()
    chosen = list(stages()) if args.lint_only else [args.stage]
    for stage in chosen:
        out = package(stage)
        lint(out / "sam.json")
        if args.checkov:
            checkov(out / "sam.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
