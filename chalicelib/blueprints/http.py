"""What every route shares: the API-key authorizer, role checks, JSON in, the error envelope out."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from chalice import AuthResponse, Blueprint, Response
from pydantic import BaseModel, ValidationError

from ..domain.access import Caller
from ..errors import BadRequest, DeskError, Forbidden, Unauthorized
from ..services import apikeys
from ..services.context import desk

log = logging.getLogger(__name__)
auth = Blueprint(__name__)
Model = TypeVar("Model", bound=BaseModel)


@auth.authorizer(ttl_seconds=60)
def api_key(request: Any) -> AuthResponse:
    token = (request.token or "").strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    caller = apikeys.authenticate(desk(), token)
    if caller is None:
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(
        routes=["*"],
        principal_id=caller.key_id,
        context={"role": caller.role, "key_id": caller.key_id, "label": caller.label},
    )


def error_response(error: DeskError) -> Response:
    return Response(body=error.to_body(), status_code=error.status,
                    headers={"Content-Type": "application/json"})


def validation_message(error: ValidationError) -> tuple[str, list[dict[str, Any]]]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "body"
        problems.append({"field": where, "problem": item["msg"]})
    summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
    return f"invalid request: {summary}", problems


def caller_of(blueprint: Blueprint) -> Caller:
    context = (blueprint.current_request.context or {}).get("authorizer") or {}
    if "role" not in context:
        raise Unauthorized("send your API key as 'Authorization: Bearer <key>'")
    return Caller(role=context["role"], key_id=context.get("key_id", ""), label=context.get("label", ""))


def parse_body(blueprint: Blueprint, model: type[Model]) -> Model:
    raw = blueprint.current_request.raw_body or b""
    if not raw.strip():
        raise BadRequest("the request needs a JSON body", code="missing_body")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"the body is not valid JSON: {error}", code="invalid_json") from error
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object", code="invalid_json")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        message, problems = validation_message(error)
        raise BadRequest(message, code="validation_failed", details=problems) from error


def query_int(blueprint: Blueprint, name: str, default: int, low: int, high: int) -> int:
    params: Mapping[str, str] = blueprint.current_request.query_params or {}
    if name not in params:
        return default
    try:
        value = int(params[name])
    except ValueError:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}")
    return value


def endpoint(blueprint: Blueprint, path: str, methods: list[str], permission: str,
             status: int = 200) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a route that needs an API key allowed `permission`; maps errors to the envelope."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def handler(**params: Any) -> Response:
            try:
                caller = caller_of(blueprint)
                if not caller.may(permission):
                    raise Forbidden(f"a {caller.role} key may not {permission.replace('.', ' ')}",
                                    code="wrong_role")
                body = view(caller, **params)
            except DeskError as error:
                if error.status >= 500:
                    log.exception("request failed")
                return error_response(error)
            except Exception:
                # Nothing was half-written (writes are transactions); say so in the usual envelope.
                log.exception("unexpected error")
                return error_response(DeskError("something went wrong on our side; the request can be retried"))
            if isinstance(body, Response):
                return body
            return Response(body=body, status_code=status, headers={"Content-Type": "application/json"})

        blueprint.route(path, methods=methods, authorizer=api_key)(handler)
        return view

    return decorator
