"""The local API gateway answers what API Gateway answers, with the bodies the deploy template's
gateway responses define (templates/resources.json): our error envelope, never an echo of a
request header.

Chalice's local gateway (used by `chalice local`, the local stack and `chalice.test.Client`)
answers an unknown path with 403 and a message that repeats the caller's Authorization
header, a missing or refused key in its own format, and lets an authorizer failure escape as
an exception. Here each of those becomes the gateway response of the same type:

| case | response type | status |
| --- | --- | --- |
| no route matches the path | MISSING_AUTHENTICATION_TOKEN | as the template says (404) |
| no Authorization header | UNAUTHORIZED | 401 |
| the authorizer refused the key | ACCESS_DENIED | 403 |
| the authorizer failed | DEFAULT_5XX | 500 |

Chalice's local HTTP server also knows only the usual methods; any other (TRACE, …) reaches
the app here too, which answers 405 in the envelope instead of the server's HTML 501.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

from . import provision

log = logging.getLogger(__name__)
OTHER_METHODS = ("TRACE", "CONNECT", "PROPFIND", "QUERY")


@lru_cache(maxsize=1)
def gateway_responses() -> dict[str, tuple[int | None, bytes]]:
    """ResponseType → (status or None to keep the original, body), from templates/resources.json."""
    found: dict[str, tuple[int | None, bytes]] = {}
    for resource in provision.resources().values():
        if resource["Type"] == "AWS::ApiGateway::GatewayResponse":
            props = resource["Properties"]
            status = int(props["StatusCode"]) if "StatusCode" in props else None
            found[props["ResponseType"]] = (status, props["ResponseTemplates"]["application/json"].encode())
    return found


def response_for(response_type: str, default_status: int) -> tuple[int, bytes]:
    """What the deployed gateway answers for `response_type`, falling back as API Gateway does
    to DEFAULT_4XX or DEFAULT_5XX."""
    responses = gateway_responses()
    fallback = "DEFAULT_5XX" if default_status >= 500 else "DEFAULT_4XX"
    status, body = responses.get(response_type) or responses.get(fallback) or (None, b"")
    if not body:
        body = json.dumps({"error": {"code": "gateway_error", "message": "the request was refused"}}).encode()
    return status or default_status, body


def apply_gateway_responses() -> None:
    """Make chalice's local gateway answer like the deployed one (idempotent)."""
    from chalice import local

    if getattr(local.LocalGateway.handle_request, "enveloped", False):
        return

    class GatewayResponse(local.LocalGatewayException):
        def __init__(self, response_type: str, default_status: int, headers: dict[str, str]) -> None:
            self.CODE, body = response_for(response_type, default_status)
            super().__init__({**headers, "Content-Type": "application/json",
                              "x-amzn-ErrorType": response_type}, body)

    handle_request = local.LocalGateway.handle_request

    def enveloped(self: Any, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Any:
        request_id = {"x-amzn-RequestId": self._generate_lambda_context().aws_request_id}
        try:
            self.event_converter._route_matcher.match_route(path)
        except ValueError:
            raise GatewayResponse("MISSING_AUTHENTICATION_TOKEN", 403, request_id) from None
        try:
            return handle_request(self, method, path, headers, body)
        except local.NotAuthorizedError:
            raise GatewayResponse("UNAUTHORIZED", 401, request_id) from None
        except local.ForbiddenError:
            raise GatewayResponse("ACCESS_DENIED", 403, request_id) from None
        except local.LocalGatewayException:
            raise GatewayResponse("AUTHORIZER_CONFIGURATION_ERROR", 500, request_id) from None
        except Exception:
            log.exception("the authorizer or the handler failed")
            raise GatewayResponse("AUTHORIZER_FAILURE", 500, request_id) from None

    enveloped.enveloped = True  # type: ignore[attr-defined]
    local.LocalGateway.handle_request = enveloped  # type: ignore[method-assign]
    for method in OTHER_METHODS:
        setattr(local.ChaliceRequestHandler, f"do_{method}", local.ChaliceRequestHandler._generic_handle)
