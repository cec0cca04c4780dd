"""Create the desk's AWS resources on the emulator from templates/resources.json, the same
definitions `make package` merges into the deploy template."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "resources.json"
STATE_MACHINE_DIR = ROOT / "templates"
APP_NAME = "resolution-center"


def stage_environment(stage: str = "dev") -> dict[str, str]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config["stages"][stage].get("environment_variables", {}))
    return env


def resources() -> dict[str, Any]:
    return dict(json.loads(TEMPLATE.read_text())["Resources"])


def table_definition(table_name: str) -> dict[str, Any]:
    props = resources()["DeskTable"]["Properties"]
    return {
        "TableName": table_name,
        "BillingMode": props["BillingMode"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "GlobalSecondaryIndexes": props["GlobalSecondaryIndexes"],
        "StreamSpecification": {"StreamEnabled": True, **props["StreamSpecification"]},
    }


def state_machine_definition(table_name: str, sla_check_arn: str) -> str:
    props = resources()["SlaStateMachine"]["Properties"]
    text = (STATE_MACHINE_DIR / props["DefinitionUri"]).read_text()
    substitutions = {"TableName": table_name, "SlaCheckArn": sla_check_arn}
    for key in props["DefinitionSubstitutions"]:
        text = text.replace("${" + key + "}", substitutions[key])
    return text


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def provision(env: dict[str, str]) -> dict[str, str]:
    """Create everything the stage's environment names; returns the names and ARNs made."""
    region = os.environ.get("AWS_REGION", "us-east-1")
    table_name = env["TABLE_NAME"]
    dynamodb = boto3.client("dynamodb", region_name=region)
    dynamodb.create_table(**table_definition(table_name))
    dynamodb.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification=resources()["DeskTable"]["Properties"]["TimeToLiveSpecification"],
    )

    s3 = boto3.client("s3", region_name=region)
    for bucket in {env["RAW_MAIL_BUCKET"], env.get("ATTACHMENTS_BUCKET", env["RAW_MAIL_BUCKET"])}:
        s3.create_bucket(Bucket=bucket)

    boto3.client("events", region_name=region).create_event_bus(Name=env["EVENT_BUS_NAME"])

    iam = boto3.client("iam", region_name=region)
    role_arn = iam.create_role(
        RoleName=f"{APP_NAME}-local",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]

    lam = boto3.client("lambda", region_name=region)
    sla_check = lam.create_function(
        FunctionName=f"{APP_NAME}-dev-sla_check",
        Runtime="python3.11",
        Role=role_arn,
        Handler="app.sla_check",
        Code={"ZipFile": _empty_zip()},
    )["FunctionArn"]

    machine_name = env["STATE_MACHINE_ARN"].rsplit(":", 1)[-1]
    sfn = boto3.client("stepfunctions", region_name=region)
    machine_arn = sfn.create_state_machine(
        name=machine_name,
        definition=state_machine_definition(table_name, sla_check),
        roleArn=role_arn,
        type="STANDARD",
    )["stateMachineArn"]

    pool_id, client_id = provision_agent_pool(region)
    # Made fresh on each start (moto mints new ids): the app reads where from the environment.
    os.environ.update({"COGNITO_USER_POOL_ID": pool_id, "COGNITO_CLIENT_ID": client_id})
    env.update({"COGNITO_USER_POOL_ID": pool_id, "COGNITO_CLIENT_ID": client_id})

    sesv2 = boto3.client("sesv2", region_name=region)
    support = env["SUPPORT_ADDRESS"]
    sesv2.create_email_identity(EmailIdentity=support.rsplit("@", 1)[1])
    sesv2.create_email_identity(EmailIdentity=support)
    return {"table": table_name, "state_machine_arn": machine_arn, "sla_check_arn": sla_check,
            "user_pool_id": pool_id, "user_pool_client_id": client_id}


def provision_agent_pool(region: str) -> tuple[str, str]:
    """The agents' user pool, its app client and its groups, as the deploy template defines them."""
    defined = resources()
    pool = defined["AgentPool"]["Properties"]
    cognito = boto3.client("cognito-idp", region_name=region)
    pool_id = cognito.create_user_pool(
        PoolName=f"{APP_NAME}-agents", UsernameAttributes=pool["UsernameAttributes"],
        AutoVerifiedAttributes=pool["AutoVerifiedAttributes"], Policies=pool["Policies"],
        AdminCreateUserConfig=pool["AdminCreateUserConfig"],
    )["UserPool"]["Id"]
    client = defined["AgentPoolClient"]["Properties"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName=client["ClientName"], GenerateSecret=client["GenerateSecret"],
        ExplicitAuthFlows=client["ExplicitAuthFlows"], IdTokenValidity=client["IdTokenValidity"],
        TokenValidityUnits=client["TokenValidityUnits"],
    )["UserPoolClient"]["ClientId"]
    for resource in defined.values():
        if resource["Type"] == "AWS::Cognito::UserPoolGroup":
            props = resource["Properties"]
            cognito.create_group(UserPoolId=pool_id, GroupName=props["GroupName"], Description=props["Description"])
    return pool_id, client_id
