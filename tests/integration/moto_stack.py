"""Creating the packaged stack on moto: render SAM to CloudFormation (aws-sam-translator), hand
moto's CloudFormation what it has models for (in dependency order), and make the rest with the
services' own APIs from the template's properties, references resolved to what the stack made.

Used by test_deploy_on_moto.py; what is left out and why is `NOT_ON_MOTO` there."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import boto3
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

from scripts import deploy, package

STAGE, REGION, ACCOUNT = "prod-eu-west-1", "eu-west-1", "123456789012"
STACK = deploy.STACK_NAME
PSEUDO = {"AWS::StackName": STACK, "AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
          "AWS::URLSuffix": "amazonaws.com"}
NO_VALUE = object()


def rendered(sam: dict[str, Any], code_uri: str) -> dict[str, Any]:
    """The SAM template as CloudFormation runs it: aws-sam-translator, as the transform does."""
    template = deploy.point_code_at(sam, code_uri)
    session = boto3.session.Session(region_name=REGION)
    return dict(Translator(managed_policy_map={}, sam_parser=Parser(), boto_session=session).translate(template, {}))


def code() -> bytes:
    """The stage's deployment package, packaged first when this worker is the first to need it
    (on a fresh clone nothing else may have run `make package` yet)."""
    return (package.package(STAGE, reuse=True) / "deployment.zip").read_bytes()


def references(node: Any, names: set[str]) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and value in names:
                found.add(value)
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) else str(value).split(".")[0]
                found |= {target} & names
            elif key == "Fn::Sub":
                text = value[0] if isinstance(value, list) else value
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)} & names
                found |= references(value[1], names) if isinstance(value, list) else set()
            else:
                found |= references(value, names)
    elif isinstance(node, list):
        for item in node:
            found |= references(item, names)
    return found


def in_dependency_order(resources: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation creates a resource after those it refers to; moto creates them in template
    order, so the template is handed over in that order."""
    names = set(resources)
    ordered: dict[str, Any] = {}

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in ordered:
            return
        assert name not in path, f"dependency cycle: {(*path, name)}"
        depends = resources[name].get("DependsOn", [])
        needed = references(resources[name].get("Properties", {}), names) | (
            set([depends] if isinstance(depends, str) else depends) & names)
        for other in sorted(needed - {name}):
            visit(other, (*path, name))
        ordered[name] = resources[name]

    for name in resources:
        visit(name)
    return ordered


def substitute(node: Any, values: dict[str, Any]) -> Any:
    """Refs, GetAtts and ${…} in Subs to a stand-in become the stand-in's id or ARN."""
    if isinstance(node, dict):
        if set(node) == {"Ref"} and node["Ref"] in values:
            return values[node["Ref"]]
        if set(node) == {"Fn::GetAtt"} and ".".join(node["Fn::GetAtt"]) in values:
            return values[".".join(node["Fn::GetAtt"])]
        if set(node) == {"Fn::Sub"} and isinstance(node["Fn::Sub"], str):
            return {"Fn::Sub": re.sub(r"\$\{([^}!]+)\}", lambda m: values.get(m.group(1), m.group(0)), node["Fn::Sub"])}
        return {key: substitute(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [substitute(item, values) for item in node]
    return node


class Resolver:
    """The values CloudFormation would put in a resource's properties, from what the stack made."""

    def __init__(self, template: dict[str, Any], made: dict[str, str], parameters: dict[str, str],
                 stand_ins: dict[str, str]) -> None:
        self.template = template
        defaults = {k: str(v["Default"]) for k, v in template.get("Parameters", {}).items() if "Default" in v}
        self.values: dict[str, Any] = {**defaults, **parameters, **PSEUDO, **made, **stand_ins}
        for name, resource in template["Resources"].items():
            physical = made.get(name, "")
            kind = resource["Type"]
            if kind == "AWS::Lambda::Function":
                self.values[f"{name}.Arn"] = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{physical}"
            elif kind == "AWS::S3::Bucket":
                self.values[f"{name}.Arn"] = f"arn:aws:s3:::{physical}"
            elif kind == "AWS::SQS::Queue":
                queue = physical.rsplit("/", 1)[-1]
                self.values |= {f"{name}.QueueName": queue, f"{name}.Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}"}

    def condition(self, name: str) -> bool:
        return bool(self(self.template["Conditions"][name]))

    def __call__(self, node: Any) -> Any:
        if isinstance(node, list):
            return [v for v in (self(item) for item in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if set(node) == {"Ref"}:
            return NO_VALUE if node["Ref"] == "AWS::NoValue" else self.values[node["Ref"]]
        if set(node) == {"Fn::GetAtt"}:
            return self.values[".".join(node["Fn::GetAtt"])]
        if set(node) == {"Fn::Sub"}:
            text, extra = (node["Fn::Sub"], {}) if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"]
            local = {**self.values, **{k: self(v) for k, v in extra.items()}}
            return re.sub(r"\$\{([^}!]+)\}", lambda m: str(local[m.group(1)]), text)
        if set(node) == {"Fn::If"}:
            name, yes, no = node["Fn::If"]
            return self(yes if self.condition(name) else no)
        if set(node) == {"Fn::Equals"}:
            left, right = (self(v) for v in node["Fn::Equals"])
            return left == right
        if set(node) == {"Fn::Not"}:
            return not self(node["Fn::Not"][0])
        if set(node) == {"Fn::Join"}:
            separator, items = node["Fn::Join"]
            parts = self(items)
            return separator.join(str(p) for p in (parts if isinstance(parts, list) else parts.split(",")))
        return {k: v for k, v in ((k, self(v)) for k, v in node.items()) if v is not NO_VALUE}


def _alarm(clients: Any, name: str, p: dict[str, Any]) -> str:
    clients("cloudwatch").put_metric_alarm(AlarmName=name, **{**p, "Threshold": float(p["Threshold"])})
    return name


def _bucket_policy(clients: Any, name: str, p: dict[str, Any]) -> str:
    clients("s3").put_bucket_policy(Bucket=p["Bucket"], Policy=json.dumps(p["PolicyDocument"]))
    return name


def _topic_policy(clients: Any, name: str, p: dict[str, Any]) -> str:
    for topic in p["Topics"]:
        clients("sns").set_topic_attributes(TopicArn=topic, AttributeName="Policy",
                                            AttributeValue=json.dumps(p["PolicyDocument"]))
    return name


def _subscription(clients: Any, name: str, p: dict[str, Any]) -> str:
    return str(clients("sns").subscribe(TopicArn=p["TopicArn"], Protocol=p["Protocol"],
                                        Endpoint=p["Endpoint"])["SubscriptionArn"])


def _group(clients: Any, name: str, p: dict[str, Any]) -> str:
    clients("cognito-idp").create_group(**p)
    return str(p["GroupName"])


def _rule_set(clients: Any, name: str, p: dict[str, Any]) -> str:
    clients("ses").create_receipt_rule_set(RuleSetName=p["RuleSetName"])
    return str(p["RuleSetName"])


def _rule(clients: Any, name: str, p: dict[str, Any]) -> str:
    clients("ses").create_receipt_rule(RuleSetName=p["RuleSetName"], Rule=p["Rule"])
    return str(p["Rule"]["Name"])


def _event_destination(clients: Any, name: str, p: dict[str, Any]) -> str:
    destination = dict(p["EventDestination"])
    destination["SNSDestination"] = destination.pop("SnsDestination")  # the API's spelling
    clients("ses").create_configuration_set_event_destination(
        ConfigurationSetName=p["ConfigurationSetName"], EventDestination=destination)
    return str(destination["Name"])


# What moto's CloudFormation cannot make but its service APIs can, made from the same properties.
BY_API: dict[str, Callable[[Any, str, dict[str, Any]], str]] = {
    "AWS::CloudWatch::Alarm": _alarm, "AWS::S3::BucketPolicy": _bucket_policy, "AWS::SNS::TopicPolicy": _topic_policy,
    "AWS::SNS::Subscription": _subscription, "AWS::Cognito::UserPoolGroup": _group,
    "AWS::SES::ReceiptRuleSet": _rule_set, "AWS::SES::ReceiptRule": _rule,
    "AWS::SES::ConfigurationSetEventDestination": _event_destination,
}


def stand_ins(session: Any) -> dict[str, str]:
    """What the functions' environment and roles refer to among the types moto's CloudFormation
    cannot make, made by API first (their properties hold nothing the stack makes)."""
    idp = session.client("cognito-idp")
    pool = idp.create_user_pool(PoolName=f"{STACK}-agents", UsernameAttributes=["email"])["UserPool"]
    app_client = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="console",
                                             ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]
    session.client("ses").create_configuration_set(ConfigurationSet={"Name": f"{STACK}-mail"})
    return {"AgentPool": pool["Id"], "AgentPool.Arn": pool["Arn"], "AgentPoolClient": app_client["ClientId"],
            "MailConfigurationSet": f"{STACK}-mail"}


def make_by_api(session: Any, template: dict[str, Any], removed: dict[str, Any], resolve: Resolver) -> dict[str, str]:
    """Each removed resource of a type in BY_API, in dependency order, its condition honoured."""
    made: dict[str, str] = {}
    for name, resource in in_dependency_order(removed).items():
        if resource["Type"] not in BY_API:
            continue
        if "Condition" in resource and not resolve.condition(resource["Condition"]):
            continue
        made[name] = BY_API[resource["Type"]](session.client, name, resolve(resource.get("Properties", {})))
        resolve.values[name] = made[name]
    return made
