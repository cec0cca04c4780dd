"""The OpenAPI 3.1 document of the whole API, built from the routes as registered (`OPERATIONS`)
and the pydantic models they validate with: what the document says is what the routes check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..domain.access import PERMISSIONS, ROLES
from .http import PATH_PARAMETERS, Operation

VERSION = "0.1.0"
_REF = "#/components/schemas/{model}"
_STATUS_TEXT = {200: "OK", 201: "created", 202: "accepted, waiting for approval"}
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "stable, for programs"},
            "message": {"type": "string", "description": "for people: what to fix"},
            "details": {"description": "per-field problems, when there are several"},
        },
    }},
}


def document(operations: Iterable[Operation]) -> dict[str, Any]:
    operations = [op for op in operations if op.documented]  # the console's pages are not the API
    models: dict[str, type[BaseModel]] = {}
    for op in operations:
        if op.body is not None:
            models[op.body.__name__] = op.body
    _, schemas = models_json_schema([(m, "validation") for m in models.values()], ref_template=_REF)
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(operations, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, _links(op, operations))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "resolution-center",
            "version": VERSION,
            "description": "Support desk API. Send an API key as `Authorization: Bearer <key>`; every error is "
                           "`{\"error\": {\"code\", \"message\"}}` with a 4xx status that names what to fix.",
        },
        "paths": paths,
        "components": {
            "schemas": {**schemas.get("$defs", {}), "Error": ERROR_SCHEMA},
            "responses": {"Error": {"description": "refused or failed; the message says why",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "an API key issued by POST /admin/api-keys"}},
        },
    }


def _links(source: Operation, operations: list[Operation]) -> dict[str, Any]:
    """OpenAPI links from an answer carrying ids to every operation those ids address."""
    gives = dict(source.gives)
    links = {}
    for target in operations:
        needed = target.path_parameters
        if target is not source and needed and set(needed) <= set(gives):
            links[target.name] = {"operationId": target.name,
                                  "parameters": {name: f"$response.body#{gives[name]}" for name in needed}}
    return links


def _operation(op: Operation, links: dict[str, Any]) -> dict[str, Any]:
    success: dict[str, Any] = {"description": _STATUS_TEXT.get(op.status, "OK"),
                               "content": {op.produces: {"schema": {"type": "object" if op.produces == "application/json"
                                                                    else "string"}}}}
    if links:
        success["links"] = links
    responses: dict[str, Any] = {str(op.status): success}
    for status in op.other_statuses:
        responses[str(status)] = {**success, "description": _STATUS_TEXT.get(status, "OK")}
    if op.produces.startswith("text/html"):  # a page for people: its errors are pages too
        responses["4XX"] = {"description": "a page saying what went wrong (a malformed path: the error envelope)",
                            "content": {"text/html": {"schema": {"type": "string"}},
                                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    else:
        responses["4XX"] = {"$ref": "#/components/responses/Error"}
    responses["5XX"] = {"$ref": "#/components/responses/Error"}
    described: dict[str, Any] = {
        "operationId": op.name,
        "summary": op.summary,
        "parameters": [*_path_parameters(op), *_query_parameters(op.query)],
        "responses": responses,
    }
    if op.public:
        described["security"] = []
        described["description"] = "Public: no key needed."
    else:
        allowed = [role for role in ROLES if role in PERMISSIONS.get(op.permission or "", frozenset())]
        described["security"] = [{"bearer": []}]
        described["description"] = f"Needs a key allowed `{op.permission}`: {', '.join(allowed)}."
        described["x-permission"] = op.permission
        described["x-roles"] = allowed
    if op.form is not None:
        described["requestBody"] = {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": op.form.model_json_schema(ref_template=_REF)}}}
    if op.body is not None:
        described["requestBody"] = {
            "required": op.body_required,
            "content": {"application/json": {"schema": {"$ref": _REF.format(model=op.body.__name__)}}},
        }
    return described


def _path_parameters(op: Operation) -> list[dict[str, Any]]:
    return [{"name": name, "in": "path", "required": True,
             "schema": PATH_PARAMETERS.get(name, {"type": "string"})} for name in op.path_parameters]


def _query_parameters(model: type[BaseModel] | None) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = model.model_json_schema(ref_template=_REF)
    required = set(schema.get("required", ()))
    found = []
    for name, prop in schema.get("properties", {}).items():
        described = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if "description" in prop:
            described["description"] = prop["description"]
        found.append(described)
    return found
