"""What every route shares: the list of operations (public or guarded by our authorizer), the
API-key authorizer, role checks, JSON in, the error envelope out.

Every route is registered through `endpoint` (needs a key allowed a permission) or
`public_endpoint` (no key). Both record the route in `OPERATIONS` with what it accepts (body
model, query model, path parameters), what it answers and who may call it: the OpenAPI document
is built from that list, and the deploy-template test reads it to know which routes must be
guarded by `desk_authorizer` and which by nothing.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from chalice import AuthResponse, Blueprint, Response
from pydantic import BaseModel, ValidationError

from ..domain.access import Caller
from ..domain.tokens import looks_like_jwt
from ..errors import BadRequest, DeskError, Forbidden, NotFound, Unauthorized
from ..services import agents, apikeys
from ..services.context import desk
from .observability import flush, logger

auth = Blueprint(__name__)
Model = TypeVar("Model", bound=BaseModel)
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
HTML = "text/html; charset=utf-8"
MAX_JSON_DEPTH = 32  # no request model nests deeper than a few levels


@dataclass(frozen=True)
class Operation:
    """One method on one path, as registered: the single source for OpenAPI and the template test."""

    method: str
    path: str
    name: str
    summary: str
    permission: str | None  # None: a public route, no key and no authorizer
    status: int  # the usual success status
    other_statuses: tuple[int, ...] = ()  # e.g. 200 for an idempotent replay, 202 when held
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    produces: str = JSON
    consumes: tuple[str, ...] = (JSON,)  # a browser's form posts application/x-www-form-urlencoded
    gives: tuple[tuple[str, str], ...] = ()  # (path parameter, JSON pointer in the answer): ids it returns
    form: type[BaseModel] | None = None  # an HTML form's fields (urlencoded), read by the view itself
    documented: bool = True  # False: a page of the agent console, not part of the API's document

    @property
    def public(self) -> bool:
        return self.permission is None

    @property
    def path_parameters(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{([^}]+)}", self.path))


OPERATIONS: list[Operation] = []
_ITEM_ID = "[0-9A-HJKMNP-TV-Z]{26}"  # domain.ids.new_item_id
# What each path parameter may look like (JSON Schema, published in OpenAPI). A value that cannot
# be one is answered 404 before any lookup: a key DynamoDB would refuse never reaches it.
PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "ticket_id": {"type": "string", "maxLength": 64, "examples": ["T-0ABCDE1234"],
                  "description": "ticket number such as T-0ABCDE1234, as people type it (case, O for 0)"},
    "remedy_id": {"type": "string", "pattern": f"^R-{_ITEM_ID}$", "description": "remedy id (R-…)"},
    "quarantine_id": {"type": "string", "pattern": f"^Q-{_ITEM_ID}$", "description": "quarantined message id (Q-…)"},
    "tier": {"type": "string", "enum": ["1", "2", "3"], "description": "agent tier"},
    "email": {"type": "string", "format": "email", "maxLength": 254, "description": "the customer's email address"},
    "macro_id": {"type": "string", "pattern": f"^M-{_ITEM_ID}$", "description": "saved reply id (M-…)"},
    "agent_email": {"type": "string", "format": "email", "maxLength": 254, "description": "the agent's email address"},
    "article_id": {"type": "string", "pattern": f"^A-{_ITEM_ID}$", "description": "knowledge-base article id (A-…)"},
    "category": {"type": "string", "pattern": "^[a-z_]{1,32}$", "description": "article category, e.g. return_refund"},
    "shipment_id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$",
                    "description": "the storefront's own id for the shipment (letters, digits, . _ : -)"},
}


def _check_path(params: Mapping[str, Any]) -> None:
    for name, value in params.items():
        spec = PATH_PARAMETERS.get(name, {})
        too_long = len(value) > spec.get("maxLength", 1024)
        if too_long or ("pattern" in spec and not re.match(spec["pattern"], value)):
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise NotFound(f"there is no {name.replace('_id', '').replace('_', ' ')} {shown!r}")


def public_routes() -> set[tuple[str, str]]:
    """(method, path) of every route that needs no key."""
    return {(op.method, op.path) for op in OPERATIONS if op.public}


@auth.authorizer(ttl_seconds=60)
def desk_authorizer(request: Any) -> AuthResponse:
    """API Gateway's custom (TOKEN) authorizer: `Authorization: Bearer <token>` → who and role.
    The token is an agent's sign-in token (a JWT of the user pool, checked against its JWKS and the
    agent's record) or an API key (storefronts and integrations)."""
    token = (request.token or "").strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    current = desk()
    caller = agents.authenticate_token(current, token) if looks_like_jwt(token) else \
        apikeys.authenticate(current, token)
    if caller is None:
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(
        routes=["*"],
        principal_id=caller.email or caller.key_id,
        context={"role": caller.role, "key_id": caller.key_id, "label": caller.label,
                 "email": caller.email, "name": caller.name},
    )


def error_response(error: DeskError, headers: Mapping[str, str] | None = None) -> Response:
    return Response(body=error.to_body(), status_code=error.status,
                    headers={"Content-Type": JSON, **(headers or {})})


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
    return Caller(role=context["role"], key_id=context.get("key_id", ""), label=context.get("label", ""),
                  email=context.get("email", ""), name=context.get("name", ""))


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json(raw: bytes | str) -> Any:
    """Parse a request body: numbers stay exact (Decimal), NaN/Infinity and deep nesting are refused."""
    try:
        data = json.loads(raw, parse_float=Decimal, parse_constant=_no_constants)
    except RecursionError:
        raise BadRequest(f"the body nests deeper than {MAX_JSON_DEPTH} levels", code="invalid_json") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"the body is not valid JSON: {error}", code="invalid_json") from error
    if _depth(data) > MAX_JSON_DEPTH:
        raise BadRequest(f"the body nests deeper than {MAX_JSON_DEPTH} levels", code="invalid_json")
    return data


def _depth(value: Any) -> int:
    deepest, level = 0, [value]
    while level:
        deepest += 1
        if deepest > MAX_JSON_DEPTH:
            return deepest
        children: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                children.extend(item.values())
            elif isinstance(item, list):
                children.extend(item)
        level = [c for c in children if isinstance(c, dict | list)]
    return deepest


def parse_body(blueprint: Blueprint, model: type[Model]) -> Model:
    raw = blueprint.current_request.raw_body or b""
    if not raw.strip():
        raise BadRequest("the request needs a JSON body", code="missing_body")
    data = load_json(raw)
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object", code="invalid_json")
    return validated(model, data)


def validated(model: type[Model], data: Mapping[str, Any]) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        message, problems = validation_message(error)
        raise BadRequest(message, code="validation_failed", details=problems) from error


def parse_query(blueprint: Blueprint, model: type[Model]) -> Model:
    params: Mapping[str, str] = blueprint.current_request.query_params or {}
    return validated(model, dict(params))


def _register(blueprint: Blueprint, operation: Operation, view: Callable[..., Any]) -> None:
    """Wrap `view` so that errors answer in the envelope; keep what the view needs in one place."""
    wants = set(inspect.signature(view).parameters)

    @functools.wraps(view)
    def handler(**params: Any) -> Response:
        try:
            if operation.permission is not None:
                caller = caller_of(blueprint)
                if not caller.may(operation.permission):
                    raise Forbidden(f"a {caller.role} key may not {operation.permission.replace('.', ' ')}",
                                    code="wrong_role")
                params["caller"] = caller
            _check_path({name: params[name] for name in operation.path_parameters if name in params})
            if operation.query is not None:
                params["query"] = parse_query(blueprint, operation.query)
            if operation.body is not None:
                present = (blueprint.current_request.raw_body or b"").strip()
                if present or operation.body_required:
                    params["body"] = parse_body(blueprint, operation.body)
                else:
                    params["body"] = operation.body()
            result = view(**{k: v for k, v in params.items() if k in wants})
        except DeskError as error:
            if error.status >= 500:
                logger.exception("request failed")
            return error_response(error)
        except Exception:
            # Nothing was half-written (writes are transactions); say so in the usual envelope.
            logger.exception("unexpected error")
            return error_response(DeskError("something went wrong on our side; the request can be retried"))
        if isinstance(result, Response):
            return result
        return Response(body=result, status_code=operation.status, headers={"Content-Type": operation.produces})

    OPERATIONS.append(operation)
    if operation.public:
        blueprint.route(operation.path, methods=[operation.method], content_types=list(operation.consumes))(handler)
    else:
        blueprint.route(operation.path, methods=[operation.method], authorizer=desk_authorizer)(handler)


def endpoint(blueprint: Blueprint, path: str, methods: list[str], permission: str, status: int = 200, *,
             body: type[BaseModel] | None = None, body_required: bool = True,
             query: type[BaseModel] | None = None, other_statuses: tuple[int, ...] = (),
             gives: dict[str, str] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route that needs an API key allowed `permission` (checked by `desk_authorizer`, then here).
    The view is called with `caller`, the path parameters, and `body`/`query` when given models.
    `gives` names the ids the answer carries ({"ticket_id": "/ticket/id"}): OpenAPI links from it."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        for method in methods:
            _register(blueprint, Operation(
                method=method, path=path, name=view.__name__, summary=_summary(view), permission=permission,
                status=status, other_statuses=other_statuses, body=body, body_required=body_required,
                query=query, gives=tuple((gives or {}).items())), view)
        return view

    return decorator


def public_endpoint(blueprint: Blueprint, path: str, methods: list[str], status: int = 200, *,
                    query: type[BaseModel] | None = None, body: type[BaseModel] | None = None,
                    produces: str = JSON, consumes: tuple[str, ...] = (JSON,),
                    form: type[BaseModel] | None = None,
                    documented: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route anyone may call: no key, no authorizer. Keep these few and say why they are public.
    `form`: the fields of an HTML form the view reads itself, for the OpenAPI document.
    `documented=False`: a page for people (the agent console), left out of the API's document."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        for method in methods:
            _register(blueprint, Operation(
                method=method, path=path, name=view.__name__, summary=_summary(view), permission=None,
                status=status, body=body, query=query, produces=produces, consumes=consumes, form=form,
                documented=documented), view)
        return view

    return decorator


def _summary(view: Callable[..., Any]) -> str:
    doc = inspect.getdoc(view) or view.__name__.replace("_", " ")
    return doc.strip().splitlines()[0]


_CHALICE_ERRORS = {
    405: ("method_not_allowed", "{method} is not allowed on {path}; use {allowed}"),
    415: ("unsupported_media_type", "send the body as JSON with 'Content-Type: application/json'"),
    400: ("bad_request", "the request could not be read"),
    500: ("internal_error", "something went wrong on our side; the request can be retried"),
}


@auth.middleware("http")
def observe(request: Any, get_response: Callable[[Any], Response]) -> Response:
    """Every request's logs carry its route and a correlation id (the ticket when the path names
    one); the business metrics it added are written when it ends."""
    context = getattr(request, "context", None) or {}
    ticket_id = (getattr(request, "uri_params", None) or {}).get("ticket_id")
    logger.set_correlation_id(ticket_id or context.get("requestId"))
    logger.append_keys(route=f"{getattr(request, 'method', '')} {context.get('resourcePath', '')}")
    try:
        return get_response(request)
    finally:
        flush()
        logger.remove_keys(["route"])


@auth.middleware("http")
def envelope_framework_errors(request: Any, get_response: Callable[[Any], Response]) -> Response:
    """Chalice answers a wrong method (405) or Content-Type (415) itself, in its own format
    ({"Code", "Message"}); say the same in our envelope. Mentions no request header."""
    response = get_response(request)
    body = response.body
    if not (isinstance(body, dict) and "Code" in body and "error" not in body):
        return response
    code, template = _CHALICE_ERRORS.get(response.status_code, ("bad_request", "the request was refused"))
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
    allowed = headers.get("Allow", "")
    resource = (getattr(request, "context", None) or {}).get("resourcePath", "this path")
    message = template.format(method=getattr(request, "method", "this method"), path=resource,
                              allowed=allowed or "another method")
    return Response(body={"error": {"code": code, "message": message}}, status_code=response.status_code,
                    headers={**headers, "Content-Type": JSON})
