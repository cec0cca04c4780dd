"""`make deploy`: every regional stage, each to its own region, from one command.

    make deploy                                  # every prod-* stage in .chalice/config.json
    make deploy STAGES="prod-eu-west-1"          # just one
    REPLY_SIGNING_SECRET=… INBOUND_RECIPIENTS=support@shop.example OPERATOR_EMAIL=ops@shop.example make deploy

For each stage: package it (the same template `make package` writes), upload the code and the
template to an artifacts bucket in that region, and create or update the CloudFormation stack
through a change set. Data stays in its region: nothing is shared between stacks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import sys
from typing import Any

import boto3
from botocore.exceptions import ClientError

from scripts import package

STACK_NAME = "resolution-center"
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]


def artifacts_bucket(s3: Any, account: str, region: str) -> str:
    """One private bucket per account and region for code and templates (created once)."""
    name = f"{STACK_NAME}-artifacts-{account}-{region}"
    try:
        s3.head_bucket(Bucket=name)
        return name
    except ClientError:
        pass
    kwargs: dict[str, Any] = {"Bucket": name}
    if region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(**kwargs)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    return name


def point_code_at(template: dict[str, Any], code_uri: str) -> dict[str, Any]:
    """Chalice writes CodeUri ./deployment.zip; a deployed template needs the uploaded copy."""
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = code_uri
    return template


def parameters(existing: bool, previous: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The stack's parameters; `previous`: the names the deployed stack already has (a parameter
    added since cannot be told to keep a previous value it never had)."""
    secret = os.environ.get("REPLY_SIGNING_SECRET")
    signing: dict[str, Any]
    if secret:
        signing = {"ParameterKey": "ReplySigningSecret", "ParameterValue": secret}
    elif existing:
        signing = {"ParameterKey": "ReplySigningSecret", "UsePreviousValue": True}
    else:  # first deploy: a fresh secret that CloudFormation keeps (NoEcho)
        signing = {"ParameterKey": "ReplySigningSecret", "ParameterValue": secrets.token_urlsafe(32)}
    found: list[dict[str, Any]] = [signing]
    if os.environ.get("PUBLIC_BASE_URL"):  # where survey and help links point; kept from the last deploy
        found.append({"ParameterKey": "PublicUrl", "ParameterValue": os.environ["PUBLIC_BASE_URL"]})
    elif existing:
        found.append({"ParameterKey": "PublicUrl", "UsePreviousValue": True})
    if os.environ.get("OPERATOR_EMAIL"):  # alarms go there (confirm the subscription mail); kept otherwise
        found.append({"ParameterKey": "OperatorEmail", "ParameterValue": os.environ["OPERATOR_EMAIL"]})
    elif existing:
        found.append({"ParameterKey": "OperatorEmail", "UsePreviousValue": True})
    if os.environ.get("INBOUND_RECIPIENTS"):
        found.append({"ParameterKey": "InboundRecipients", "ParameterValue": os.environ["INBOUND_RECIPIENTS"]})
    if os.environ.get("WEBHOOK_SECRETS"):  # JSON {"shopify": …}; kept across deploys otherwise
        found.append({"ParameterKey": "WebhookSecrets", "ParameterValue": os.environ["WEBHOOK_SECRETS"]})
    elif existing:
        found.append({"ParameterKey": "WebhookSecrets", "UsePreviousValue": True})
    # Signs customers' status-page links. A stack made before it existed keeps the default ("":
    # a key derived from the reply signing secret), so the links already mailed keep working.
    if os.environ.get("STATUS_LINK_SECRET"):
        found.append({"ParameterKey": "StatusLinkSecret", "ParameterValue": os.environ["STATUS_LINK_SECRET"]})
    elif existing and "StatusLinkSecret" in previous:
        found.append({"ParameterKey": "StatusLinkSecret", "UsePreviousValue": True})
    elif not existing:
        found.append({"ParameterKey": "StatusLinkSecret", "ParameterValue": secrets.token_urlsafe(32)})
    return found


def prepare(stage: str, session: Any = None) -> dict[str, Any]:
    """Package, upload code and template in the stage's region, and create the change set."""
    out = package.package(stage)
    region = package.region_of(stage)
    session = session or boto3.session.Session(region_name=region)
    account = session.client("sts").get_caller_identity()["Account"]
    s3, cfn = session.client("s3"), session.client("cloudformation")
    bucket = artifacts_bucket(s3, account, region)

    code = (out / "deployment.zip").read_bytes()
    code_key = f"{stage}/code-{hashlib.sha256(code).hexdigest()[:16]}.zip"
    s3.put_object(Bucket=bucket, Key=code_key, Body=code)
    template = point_code_at(json.loads((out / "sam.json").read_text()), f"s3://{bucket}/{code_key}")
    body = json.dumps(template).encode()
    digest = hashlib.sha256(body).hexdigest()[:16]
    template_key = f"{stage}/template-{digest}.json"
    s3.put_object(Bucket=bucket, Key=template_key, Body=body)  # templates over 51 KB must come from S3

    existing = _stack_exists(cfn)
    change_set = cfn.create_change_set(
        StackName=STACK_NAME, ChangeSetName=f"deploy-{digest}", ChangeSetType="UPDATE" if existing else "CREATE",
        TemplateURL=f"https://{bucket}.s3.{region}.amazonaws.com/{template_key}",
        Capabilities=CAPABILITIES, Parameters=parameters(existing, _parameter_names(cfn) if existing else frozenset()),
        Tags=[{"Key": "app", "Value": STACK_NAME}, {"Key": "stage", "Value": stage}],
    )
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=change_set["Id"],
                                                      WaiterConfig={"Delay": 5, "MaxAttempts": 120})
    facts = json.loads((out / "deploy.json").read_text())
    return {"stage": stage, "region": region, "change_set": change_set["Id"], "stack": change_set["StackId"],
            "existing": existing, "bucket": bucket, "code_key": code_key, "template_key": template_key,
            "ses_receiving": facts["ses_receiving"]}


def apply(prepared: dict[str, Any], session: Any = None) -> dict[str, Any]:
    """Execute the change set and wait for the stack. moto cannot run the SAM transform of a
    change set: tests/integration/test_deploy_on_moto.py renders the same template with
    aws-sam-translator and creates it on moto's CloudFormation instead."""
    cfn = (session or boto3.session.Session(region_name=prepared["region"])).client("cloudformation")
    cfn.execute_change_set(ChangeSetName=prepared["change_set"])
    waiter = "stack_update_complete" if prepared["existing"] else "stack_create_complete"
    cfn.get_waiter(waiter).wait(StackName=STACK_NAME, WaiterConfig={"Delay": 10, "MaxAttempts": 180})
    stack = cfn.describe_stacks(StackName=STACK_NAME)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    return {**prepared, "status": stack["StackStatus"], "outputs": outputs}


def _parameter_names(cfn: Any) -> frozenset[str]:
    stacks = cfn.describe_stacks(StackName=STACK_NAME)["Stacks"]
    return frozenset(p["ParameterKey"] for p in (stacks[0].get("Parameters") or []) if stacks)


def _stack_exists(cfn: Any) -> bool:
    try:
        stacks = cfn.describe_stacks(StackName=STACK_NAME)["Stacks"]
    except ClientError:
        return False
    return bool(stacks) and stacks[0]["StackStatus"] != "REVIEW_IN_PROGRESS"


def regional_stages() -> list[str]:
    return [name for name in package.stages() if name.startswith("prod-")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stages", nargs="*", help="stages to deploy (default: every prod-* stage)")
    chosen = parser.parse_args().stages or regional_stages()
    for stage in chosen:
        result = apply(prepare(stage))
        print(json.dumps(result, indent=2))
        if result["ses_receiving"] and "InboundRuleSet" in result["outputs"]:
            print(f"{stage}: activate email intake once (one active rule set per region):\n"
                  f"  aws ses set-active-receipt-rule-set --region {result['region']} "
                  f"--rule-set-name {result['outputs']['InboundRuleSet']}")
        elif not result["ses_receiving"]:
            print(f"{stage}: SES does not receive email in {result['region']}: this stack has no email intake.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
