"""`make deploy` on moto: artifacts uploaded in the stage's own region, a change set per region.

moto creates the change set but cannot execute a SAM template, so executing it (`apply`) is
left to a real account; what CloudFormation would build is covered by cfn-lint instead."""

from __future__ import annotations

import json

import boto3
import pytest

from scripts import deploy


@pytest.mark.parametrize("stage", deploy.regional_stages())
def test_a_regional_stage_deploys_to_its_own_region(aws, stage):
    region = deploy.package.region_of(stage)

    result = deploy.prepare(stage, boto3.session.Session(region_name=region))

    assert result["region"] == region and not result["existing"]
    assert f":{region}:" in result["stack"] and f":{region}:" in result["change_set"]
    change_set = boto3.client("cloudformation", region_name=region).describe_change_set(ChangeSetName=result["change_set"])
    assert {p["ParameterKey"] for p in change_set["Parameters"]} >= {"ReplySigningSecret"}
    s3 = boto3.client("s3", region_name=region)
    bucket = f"resolution-center-artifacts-123456789012-{region}"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    code = [k for k in keys if k.startswith(f"{stage}/code-")]
    template_key = next(k for k in keys if k.startswith(f"{stage}/template-"))
    template = json.loads(s3.get_object(Bucket=bucket, Key=template_key)["Body"].read())
    assert template["Resources"]["APIHandler"]["Properties"]["CodeUri"] == f"s3://{bucket}/{code[0]}"


def test_a_second_deploy_updates_and_keeps_the_signing_secret(aws, monkeypatch):
    monkeypatch.delenv("REPLY_SIGNING_SECRET", raising=False)
    assert deploy.parameters(existing=True)[0] == {"ParameterKey": "ReplySigningSecret", "UsePreviousValue": True}
    first = deploy.parameters(existing=False)[0]["ParameterValue"]
    assert len(first) >= 32 and first != deploy.parameters(existing=False)[0]["ParameterValue"]


def test_the_status_link_secret_is_made_once_and_kept_even_for_a_stack_older_than_it(monkeypatch):
    monkeypatch.delenv("STATUS_LINK_SECRET", raising=False)

    def status(found):
        return [p for p in found if p["ParameterKey"] == "StatusLinkSecret"]

    [made] = status(deploy.parameters(existing=False))
    assert len(made["ParameterValue"]) >= 32
    assert status(deploy.parameters(existing=True, previous=frozenset({"StatusLinkSecret"}))) == [
        {"ParameterKey": "StatusLinkSecret", "UsePreviousValue": True}]
    assert status(deploy.parameters(existing=True)) == []  # the template's default: derived, stable
