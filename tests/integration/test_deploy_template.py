"""`make package` for every stage gives a template cfn-lint accepts, wired to its own resources,
with every route guarded by our authorizer (public ones by none) and the gateway answering in
our error envelope. Each stage is packaged once per test session."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scripts import package

STAGES = sorted(package.stages())
AUTHORIZER = "desk_authorizer"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


@cache
def packaged(stage: str) -> Path:
    """A copy of dist/<stage>/ right after `make package STAGE=<stage>`, built once per session (per
    test worker); a copy, because another test may package the same stage again meanwhile."""
    out = package.package(stage, reuse=True)
    copy = Path(tempfile.mkdtemp(prefix=f"packaged-{stage}-")) / stage
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns("*.zip"))
    return copy


def template_of(stage: str) -> dict[str, Any]:
    return dict(json.loads((packaged(stage) / "sam.json").read_text()))


def statements_of(template: dict[str, Any], function: str) -> list[dict[str, Any]]:
    """Every statement of the function's own role (its only permissions)."""
    role = template["Resources"][function]["Properties"]["Role"]
    assert role == {"Fn::GetAtt": [f"{function}Role", "Arn"]}, f"{function} is not on its own role"
    policies = template["Resources"][f"{function}Role"]["Properties"]["Policies"]
    return [statement for policy in policies for statement in policy["PolicyDocument"]["Statement"]]


def app_routes() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(every (method, path) the app serves, the public ones), as the blueprints registered them."""
    import app as application
    from chalicelib.blueprints.http import public_routes

    every = {(method, path) for path, methods in application.app.routes.items() for method in methods}
    return every, public_routes()


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_packages_and_passes_cfn_lint(stage):
    out = packaged(stage)
    package.lint(out / "sam.json")  # raises on any cfn-lint error

    template = template_of(stage)
    resources = template["Resources"]
    for name in ("APIHandler", "InboundEmail", "SlaCheck", "SlaSweep", "DelayScan", "DeskTable", "SlaStateMachine"):
        assert name in resources, name
    assert resources["APIHandler"]["Properties"]["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "DeskTable"}
    machine = resources["SlaStateMachine"]["Properties"]
    assert machine["Definition"]["StartAt"] == "WaitForDeadline"  # the starter computes the first wake
    assert any("states:StopExecution" in s["Action"] for s in statements_of(template, "SlaCheck"))  # resolving stops the timer
    assert "DeadLetterQueue" in resources["InboundEmail"]["Properties"]
    # The delay scan runs on an EventBridge schedule, with the webhook secrets from a NoEcho parameter.
    scan = resources["DelayScan"]["Properties"]
    [schedule] = [e for e in scan["Events"].values() if e["Type"] == "Schedule"]
    assert schedule["Properties"]["Schedule"].startswith("rate(")
    assert "DeadLetterQueue" in scan
    assert template["Parameters"]["WebhookSecrets"]["NoEcho"] is True
    assert resources["APIHandler"]["Properties"]["Environment"]["Variables"]["WEBHOOK_SECRETS"] == \
        {"Ref": "WebhookSecrets"}
    # Status-page links are signed with a secret of their own, never shown by CloudFormation.
    assert template["Parameters"]["StatusLinkSecret"]["NoEcho"] is True
    assert resources["APIHandler"]["Properties"]["Environment"]["Variables"]["STATUS_LINK_SECRET"] == \
        {"Ref": "StatusLinkSecret"}
    facts = json.loads((out / "deploy.json").read_text())
    assert facts["region"] == package.region_of(stage)


@pytest.mark.parametrize("stage", STAGES)
def test_every_route_is_guarded_by_our_authorizer_and_public_routes_by_none(stage):
    template = template_of(stage)
    resources = template["Resources"]
    api = resources["RestAPI"]["Properties"]["DefinitionBody"]

    # The one security definition: a custom TOKEN authorizer, our Lambda, the Authorization header.
    assert set(api["securityDefinitions"]) == {AUTHORIZER}
    scheme = api["securityDefinitions"][AUTHORIZER]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert scheme["x-amazon-apigateway-authtype"] == "custom"
    authorizer = scheme["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "token"
    assert authorizer.get("identitySource", "method.request.header.Authorization") == \
        "method.request.header.Authorization"
    [function] = re.findall(r"\$\{(\w+)\.Arn\}", authorizer["authorizerUri"]["Fn::Sub"])
    assert resources[function]["Type"] == "AWS::Serverless::Function"
    assert resources[function]["Properties"]["Handler"] == f"chalicelib.blueprints.http.{AUTHORIZER}"
    assert resources[f"{function}InvokePermission"]["Properties"]["Principal"] == "apigateway.amazonaws.com"

    every, public = app_routes()
    assert public >= {("GET", "/health"), ("GET", "/openapi.json")}
    assert public >= KB_PUBLIC and not public & KB_GUARDED
    # Webhooks carry their sender's signature, not our key: public at the gateway, checked in the app.
    webhooks = {("POST", f"/webhooks/{p}") for p in ("shopify", "woocommerce", "easypost", "aftership")}
    assert webhooks <= public and not {route for route in public if route[1].startswith("/shipments")}
    assert {("PUT", "/shipments/{shipment_id}"), ("GET", "/shipments/{shipment_id}")} <= every - public
    assert {("GET", "/survey/{token}"), ("POST", "/survey/{token}")} <= public
    assert {("GET", "/metrics"), ("GET", "/metrics.csv")} <= every - public
    served = {(method.upper(), path) for path, item in api["paths"].items() for method in item
              if method in HTTP_METHODS}
    assert served == every
    for path, item in api["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            if (method.upper(), path) in public:
                assert not operation.get("security"), f"{method.upper()} {path} is public yet guarded"
            else:
                assert operation.get("security") == [{AUTHORIZER: []}], f"{method.upper()} {path} is not guarded"


# The knowledge base: customers search and read without a key; writing and its counts take one.
KB_PUBLIC = {("GET", "/kb/search"), ("GET", "/help"), ("GET", "/help/search"), ("GET", "/help/categories/{category}"),
             ("GET", "/help/articles/{article_id}"), ("POST", "/help/articles/{article_id}/feedback"),
             ("POST", "/help/articles/{article_id}/solved"), ("GET", "/help/assets/help.css")}
KB_GUARDED = {("POST", "/kb/articles"), ("GET", "/kb/articles"), ("GET", "/kb/articles/{article_id}"),
              ("PATCH", "/kb/articles/{article_id}"), ("POST", "/kb/articles/{article_id}/publish"),
              ("POST", "/kb/articles/{article_id}/retire"), ("GET", "/kb/articles/{article_id}/versions"),
              ("POST", "/kb/import"), ("GET", "/kb/stats"), ("GET", "/tickets/{ticket_id}/suggested-articles")}


@pytest.mark.parametrize("stage", STAGES)
def test_help_centre_forms_are_accepted_by_the_gateway_and_kb_routes_are_guarded_as_meant(stage):
    api = template_of(stage)["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    paths = api["paths"]
    for method, path in KB_PUBLIC:
        assert not paths[path][method.lower()].get("security"), f"{method} {path} must be public"
    for method, path in KB_GUARDED:
        assert paths[path][method.lower()].get("security") == [{AUTHORIZER: []}], f"{method} {path} is not guarded"
    for action in ("feedback", "solved"):  # a browser's form post, not JSON: API Gateway must let it through
        assert "application/x-www-form-urlencoded" in paths[f"/help/articles/{{article_id}}/{action}"]["post"]["consumes"]


def _gateway_responses(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["Properties"]["ResponseType"]: r["Properties"] for r in template["Resources"].values()
            if r["Type"] == "AWS::ApiGateway::GatewayResponse"}


@pytest.mark.parametrize("stage", STAGES)
def test_the_gateway_answers_in_the_envelope_and_repeats_no_request_header(stage):
    responses = _gateway_responses(template_of(stage))

    assert {"DEFAULT_4XX", "DEFAULT_5XX", "MISSING_AUTHENTICATION_TOKEN", "UNAUTHORIZED", "ACCESS_DENIED"} <= \
        set(responses)
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    assert responses["UNAUTHORIZED"]["StatusCode"] == "401"
    assert responses["ACCESS_DENIED"]["StatusCode"] == "403"
    for kind, props in responses.items():
        assert props["RestApiId"] == {"Ref": "RestAPI"}
        assert set(props["ResponseTemplates"]) == {"application/json"}, kind
        body = props["ResponseTemplates"]["application/json"]
        # No template variable at all: nothing of the request ($context.error.message carries the
        # Authorization header on a missing route, $input and method.request the rest) is echoed.
        assert "$" not in body and "method.request" not in body, kind
        error = json.loads(body)["error"]
        assert set(error) == {"code", "message"} and error["code"] and error["message"], kind
        assert not props.get("ResponseParameters"), kind


def test_the_local_gateway_answers_with_the_templates_bodies():
    """devstack reads the same definitions the deploy template carries."""
    from devstack import gateway, provision

    local = gateway.gateway_responses()
    for kind, props in _gateway_responses({"Resources": provision.resources()}).items():
        status = int(props["StatusCode"]) if "StatusCode" in props else None
        assert local[kind] == (status, props["ResponseTemplates"]["application/json"].encode())
    assert gateway.response_for("MISSING_AUTHENTICATION_TOKEN", 403)[0] == 404
    assert gateway.response_for("AUTHORIZER_FAILURE", 500) == (500, local["DEFAULT_5XX"][1])
    assert gateway.response_for("BAD_REQUEST_BODY", 400) == (400, local["DEFAULT_4XX"][1])


AGENT_GUARDED = {("GET", "/me"), ("GET", "/admin/agents"), ("POST", "/admin/agents"),
                 ("GET", "/admin/agents/{agent_email}"), ("PATCH", "/admin/agents/{agent_email}"),
                 ("GET", "/tickets"), ("POST", "/tickets/{ticket_id}/assign"), ("POST", "/tickets/{ticket_id}/take"),
                 ("GET", "/tickets/{ticket_id}/attachments"), ("GET", "/macros"), ("POST", "/admin/macros"),
                 ("PATCH", "/admin/macros/{macro_id}"), ("GET", "/tickets/{ticket_id}/macros/{macro_id}"),
                 ("POST", "/tickets/{ticket_id}/tags"), ("POST", "/tickets/{ticket_id}/merge"),
                 ("POST", "/tickets/{ticket_id}/send-down"), ("GET", "/quarantine/{quarantine_id}"),
                 ("POST", "/quarantine/{quarantine_id}/discard"), ("POST", "/tickets/{ticket_id}/qa"),
                 ("GET", "/metrics/agents"), ("GET", "/metrics/agents/{agent_email}")}


@pytest.mark.parametrize("stage", STAGES)
def test_agents_sign_in_against_the_stacks_own_user_pool(stage):
    template = template_of(stage)
    resources = template["Resources"]
    paths = resources["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    # Signing in is how an agent gets a token: public. Everything else about agents is guarded.
    assert not paths["/auth/sign-in"]["post"].get("security")
    for method, path in AGENT_GUARDED:
        assert paths[path][method.lower()].get("security") == [{AUTHORIZER: []}], f"{method} {path} is not guarded"
    pool = resources["AgentPool"]
    assert pool["Type"] == "AWS::Cognito::UserPool"
    assert pool["Properties"]["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    client = resources["AgentPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False and "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]
    groups = {r["Properties"]["GroupName"] for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert groups == {"tier1", "tier2", "tier3", "admin"}
    for name, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        env = resource["Properties"]["Environment"]["Variables"]
        assert env["COGNITO_USER_POOL_ID"] == {"Ref": "AgentPool"}, name
        assert env["COGNITO_CLIENT_ID"] == {"Ref": "AgentPoolClient"}, name
        cognito = [s for s in statements_of(template, name) if any(str(a).startswith("cognito-idp:") for a in s["Action"])]
        if name != "APIHandler":  # only the API manages agents and signs them in
            assert not cognito, name
            continue
        assert cognito and cognito[0]["Resource"] == [{"Fn::GetAtt": ["AgentPool", "Arn"]}], name
        assert "cognito-idp:AdminDisableUser" in cognito[0]["Action"]
@pytest.mark.parametrize("stage", STAGES)
def test_the_kpi_consumer_reads_the_tables_stream_and_keeps_what_it_cannot_count(stage):
    resources = template_of(stage)["Resources"]
    assert resources["DeskTable"]["Properties"]["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    consumer = resources["KpiAggregator"]["Properties"]
    assert consumer["Handler"] == "chalicelib.blueprints.feedback.kpi_aggregator"
    [source] = consumer["Events"].values()
    assert source["Type"] == "DynamoDB"
    wiring = source["Properties"]
    assert wiring["Stream"] == {"Fn::GetAtt": ["DeskTable", "StreamArn"]}
    assert wiring["BisectBatchOnFunctionError"] is True
    assert wiring["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["KpiAggregatorDeadLetters", "Arn"]}
    patterns = [json.loads(f["Pattern"]) for f in wiring["FilterCriteria"]["Filters"]]
    kinds = [p["dynamodb"]["NewImage"].get("type", p["dynamodb"]["NewImage"].get("entity"))["S"] for p in patterns]
    assert sorted(kind for found in kinds for kind in found) == ["outbox", "remedy", "ticket"]
    assert consumer["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "DeskTable"}
    assert resources["APIHandler"]["Properties"]["Environment"]["Variables"]["PUBLIC_BASE_URL"] == {"Ref": "PublicUrl"}


@pytest.mark.parametrize("stage", STAGES)
def test_the_agent_console_is_public_at_the_gateway_and_its_forms_and_pages_pass_as_text(stage):
    """A browser sends no Authorization header: the console's routes reach the app, which checks
    the session cookie itself; its form posts get through as url-encoded text and its pages,
    stylesheet and script leave as text (none is a binary media type the gateway would encode)."""
    api = template_of(stage)["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    paths = api["paths"]
    console = {path: item for path, item in paths.items() if path == "/console" or path.startswith("/console/")}
    assert {"/console", "/console/sign-in", "/console/queue", "/console/tickets/{ticket_id}",
            "/console/tickets/{ticket_id}/reply", "/console/assets/console.css"} <= set(console)
    for path, item in console.items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            assert not operation.get("security"), f"{method.upper()} {path} must reach the app without a key"
            if method == "post":
                assert "application/x-www-form-urlencoded" in operation["consumes"], path
    binary = api.get("x-amazon-apigateway-binary-media-types", [])
    for kind in ("application/x-www-form-urlencoded", "text/html", "text/css", "text/javascript", "*/*"):
        assert kind not in binary, kind
