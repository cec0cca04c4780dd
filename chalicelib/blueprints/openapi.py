"""The OpenAPI 3.1 document of the whole API, built from the routes as registered (`OPERATIONS`)
and the pydantic models they validate with: what the document says is what the routes check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..domain.access import PERMISSIONS, ROLES
from .http import Operation

VERSION = "0.1.0"
_REF = "#/components/schemas/{model}"
PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "ticket_id": {"type": "string", "maxLength": 64,
                  "description": "ticket number such as T-0ABCDE1234, as people type it (case, O for 0)"},
    "remedy_id": {"type": "string", "maxLength": 64, "description": "remedy id such as R-01H…"},
    "tier": {"type": "string", "enum": ["1", "2", "3"], "description": "agent tier"},
    "email": {"type": "string", "maxLength": 254, "description": "the customer's email address"},
    "quarantine_id": {"type": "string", "maxLength": 128, "description": "id of a quarantined message"},
}
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
    operations = list(operations)
    models: dict[str, type[BaseModel]] = {}
    for op in operations:
        if op.body is not None:
            models[op.body.__name__] = op.body
    _, schemas = models_json_schema([(m, "validation") for m in models.values()], ref_template=_REF)
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(operations, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
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


def _operation(op: Operation) -> dict[str, Any]:
    success = {"description": _STATUS_TEXT.get(op.status, "OK"),
               "content": {op.produces: {"schema": {"type": "object"}}}}
    responses: dict[str, Any] = {str(op.status): success}
    for status in op.other_statuses:
        responses[str(status)] = {**success, "description": _STATUS_TEXT.get(status, "OK")}
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
