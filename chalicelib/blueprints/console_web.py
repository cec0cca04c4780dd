"""What every page of the agent console shares: the session (an agent's sign-in token in an
HttpOnly cookie, turned into a `Caller` exactly as the API's authorizer does), CSRF tokens bound to
that session, the security headers, Jinja2 rendering (every value escaped), flash messages, and
`page`/`action`, which register a console route.

The console's routes are public at the gateway (a browser sends no `Authorization` header): each
one checks the session itself, then the same permission (`Caller.may`) the API route doing the same
thing needs, then calls the same service, which applies the same rules."""

from __future__ import annotations

import base64
import hashlib
import hmac
import inspect
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from chalice import Blueprint, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel, ValidationError

from ..domain.access import Caller
from ..domain.tokens import looks_like_jwt
from ..errors import BadRequest, DeskError
from ..services import agents
from ..services.context import Desk, desk
from . import paths
from .http import FORM, HTML, public_endpoint, validation_message
from .observability import logger

TEMPLATES = Path(__file__).resolve().parent.parent / "console_templates"
SESSION_COOKIE = "rc_console"
SIGN_IN_COOKIE = "rc_console_signin"  # anchors the sign-in form's CSRF token before there is a session
FLASH_COOKIE = "rc_console_flash"
_FORM_LIMIT = 200_000  # a long reply, url-encoded, with room to spare
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
Model = TypeVar("Model", bound=BaseModel)

# Nothing from another origin; scripts and styles only from our own files (no inline ones); forms
# post only back here; never framed. Links to other sites carry no referrer (attachment links are
# signed URLs); our own posts keep their Origin (under `no-referrer` a browser sends "null").
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",  # pages hold customers' data: never kept by a browser or a proxy
}


@dataclass
class Page:
    """One console request: who asks, what they sent, and how to answer."""

    request: Any
    caller: Caller
    token: str
    form: dict[str, str] = field(default_factory=dict)
    flash: dict[str, str] | None = None

    @property
    def desk(self) -> Desk:
        return desk()

    @property
    def base(self) -> str:
        return mount_path(self.request)

    @property
    def csrf(self) -> str:
        return csrf_token(self.token)

    def param(self, name: str, limit: int = 200) -> str:
        return str((self.request.query_params or {}).get(name) or "")[:limit].strip()

    def render(self, template: str, http_status: int = 200, **values: Any) -> Response:
        body = render(template, base=self.base, me=self.caller, csrf=self.csrf, flash=self.flash,
                      path=self.request.context.get("path", ""), **values)
        return html_response(body, http_status, clear_flash=self.flash is not None, base=self.base)

    def redirect(self, location: str, message: str = "", kind: str = "ok") -> Response:
        """POST-redirect-GET: back to a console page, with a one-time message."""
        cookies = [flash_cookie(self.request, kind, message)] if message else []
        return redirect(self.base + location, cookies)


def mount_path(request: Any) -> str:
    return paths.mount_path(request, desk().settings.public_base_url)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["q"] = lambda value: quote(str(value), safe="")
    environment.globals["urlencode"] = lambda values: urlencode({k: v for k, v in values.items() if v})
    return environment


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def html_response(body: str, status: int = 200, cookies: list[str] | None = None, clear_flash: bool = False,
                  base: str = "") -> Response:
    headers: dict[str, Any] = {"Content-Type": HTML, **SECURITY_HEADERS}
    set_cookies = list(cookies or [])
    if clear_flash:
        set_cookies.append(_cookie(FLASH_COOKIE, "", base, secure=False, max_age=0))
    if set_cookies:
        headers["Set-Cookie"] = set_cookies
    return Response(body=body, status_code=status, headers=headers)


def redirect(location: str, cookies: list[str] | None = None) -> Response:
    headers: dict[str, Any] = {"Location": location, **SECURITY_HEADERS}
    if cookies:
        headers["Set-Cookie"] = cookies
    return Response(body="", status_code=303, headers=headers)


# Cookies ----------------------------------------------------------------------------------------

def cookies_of(request: Any) -> dict[str, str]:
    raw = (request.headers or {}).get("cookie") or ""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw[:8192])
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def is_loopback(request: Any) -> bool:
    """Served on this machine over plain HTTP (`make run`): the one case a cookie may lack Secure."""
    host = str((request.headers or {}).get("host") or "")
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return name.lower() in _LOOPBACK


def _cookie(name: str, value: str, base: str, *, secure: bool, max_age: int, same_site: str = "Lax") -> str:
    parts = [f"{name}={value}", f"Path={base or ''}/console", "HttpOnly", f"SameSite={same_site}",
             f"Max-Age={max_age}"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def session_cookie(request: Any, token: str, max_age: int) -> str:
    # Lax, not Strict: an agent following a ticket link from a mail arrives signed in; every change
    # is a POST, which Lax never sends cross-site, and carries the CSRF token besides.
    return _cookie(SESSION_COOKIE, token, mount_path(request), secure=not is_loopback(request), max_age=max_age)


def expired_cookie(request: Any, name: str) -> str:
    return _cookie(name, "", mount_path(request), secure=not is_loopback(request), max_age=0)


def sign_in_cookie(request: Any, nonce: str) -> str:
    return _cookie(SIGN_IN_COOKIE, nonce, mount_path(request), secure=not is_loopback(request), max_age=3600,
                   same_site="Strict")


def flash_cookie(request: Any, kind: str, message: str) -> str:
    return _cookie(FLASH_COOKIE, _sealed({"kind": kind, "text": message[:500]}, "flash"), mount_path(request),
                   secure=not is_loopback(request), max_age=120)


def read_flash(request: Any) -> dict[str, str] | None:
    raw = cookies_of(request).get(FLASH_COOKIE)
    opened = _unsealed(raw, "flash") if raw else None
    return opened if isinstance(opened, dict) else None


# Signing ----------------------------------------------------------------------------------------

def _key(purpose: str) -> bytes:
    secret = desk().settings.reply_signing_secret.encode()
    return hmac.new(secret, f"console:{purpose}".encode(), hashlib.sha256).digest()


def _mac(purpose: str, value: str) -> str:
    digest = hmac.new(_key(purpose), value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _sealed(value: Any, purpose: str) -> str:
    text = base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{text}.{_mac(purpose, text)}"


def _unsealed(raw: str, purpose: str) -> Any:
    text, _, mac = raw.partition(".")
    if not mac or not hmac.compare_digest(mac, _mac(purpose, text)):
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except ValueError:
        return None


def csrf_token(session_token: str) -> str:
    """Bound to the session: a token from someone else's session (or none) does not pass."""
    return _mac("csrf", hashlib.sha256(session_token.encode()).hexdigest())


def sign_in_csrf(nonce: str) -> str:
    return _mac("sign-in", nonce)


def same_origin(request: Any) -> bool:
    """A browser says where a POST comes from; a cross-site one is refused whatever it carries."""
    headers = request.headers or {}
    site = headers.get("sec-fetch-site")
    if site and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc.lower() == str(headers.get("host") or "").lower()
    return origin != "null"


def csrf_ok(request: Any, sent: str, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent, expected) and same_origin(request)


# Sessions and forms -----------------------------------------------------------------------------

def session_caller(request: Any) -> tuple[Caller, str] | None:
    """The signed-in agent, checked as the API's authorizer checks a bearer token: the pool's
    signature and expiry, then the agent's record (a deactivated agent's session stops working)."""
    token = cookies_of(request).get(SESSION_COOKIE, "")
    if not token or not looks_like_jwt(token):
        return None
    caller = agents.authenticate_token(desk(), token)
    return (caller, token) if caller is not None else None


def read_form(request: Any) -> dict[str, str]:
    raw = request.raw_body or b""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    try:
        parsed = parse_qs(text[:_FORM_LIMIT], keep_blank_values=True)
    except ValueError:
        return {}
    return {name: values[0] for name, values in parsed.items() if values}


def validated(model: type[Model], data: Mapping[str, Any]) -> Model:
    """A form's fields through the model the API validates the same request with."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        message, _ = validation_message(error)
        raise BadRequest(message.replace("invalid request: ", "please check: "), code="validation_failed") from error


def error_page(page_base: str, status: int, heading: str, message: str, caller: Caller | None = None) -> Response:
    body = render("message.html.j2", base=page_base, me=caller, csrf="", flash=None, path="", heading=heading,
                  message=message)
    return html_response(body, status)


def _sign_in_redirect(request: Any) -> Response:
    base = mount_path(request)
    path = str((request.context or {}).get("path") or "")
    wanted = path[len(base):] if path.startswith(base) else ""
    query = request.query_params or {}
    if query and request.method == "GET":
        wanted += "?" + urlencode(dict(query))
    target = f"{base}/console" + (f"?next={quote(wanted, safe='')}" if wanted.startswith("/console/") else "")
    return redirect(target, [expired_cookie(request, SESSION_COOKIE)])


_STATUS_HEADINGS = {400: "Please check the form", 403: "Not allowed", 404: "Not found", 409: "Changed meanwhile",
                    422: "Cannot do that", 429: "Too many requests"}


def _console_route(blueprint: Blueprint, path: str, method: str, permission: str | None,
                   back: Callable[[dict[str, str]], str] | None, view: Callable[..., Any]) -> None:
    names = re.findall(r"{([^}]+)}", path)

    def handler(**params: str) -> Any:
        request = blueprint.current_request
        base = mount_path(request)
        signed = session_caller(request)
        if signed is None:
            return _sign_in_redirect(request)
        caller, token = signed
        page = Page(request, caller, token, read_form(request) if method == "POST" else {},
                    read_flash(request) if method == "GET" else None)
        if method == "POST" and not csrf_ok(request, page.form.get("csrf", ""), page.csrf):
            return error_page(base, 403, "This form has expired",
                              "The page was open too long or came from elsewhere. Go back, reload it and try again.",
                              caller)
        if permission is not None and not caller.may(permission):
            return error_page(base, 403, "Not allowed", f"Your role ({caller.role}) may not "
                              f"{permission.replace('.', ' ').replace('_', ' ')}.", caller)
        try:
            return view(page, **params)
        except DeskError as error:
            if error.status >= 500:
                logger.exception("console request failed")
            if method == "POST" and back is not None and error.status < 500:
                return page.redirect(back(params), error.message, "error")
            heading = _STATUS_HEADINGS.get(error.status, "Something went wrong")
            return error_page(base, error.status if error.status >= 400 else 500, heading, error.message, caller)

    handler.__name__ = f"console_{view.__name__}"
    handler.__doc__ = view.__doc__
    handler.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in names])
    consumes = (FORM,) if method == "POST" else ("application/json",)
    public_endpoint(blueprint, path, [method], produces=HTML, consumes=consumes, documented=False)(handler)


def page(blueprint: Blueprint, path: str, permission: str | None = None) -> Callable[[Callable[..., Any]], Any]:
    """A console page (GET) for a signed-in agent allowed `permission`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        _console_route(blueprint, path, "GET", permission, None, view)
        return view

    return decorator


def action(blueprint: Blueprint, path: str, permission: str,
           back: Callable[[dict[str, str]], str]) -> Callable[[Callable[..., Any]], Any]:
    """A console form post (CSRF-checked) allowed `permission`; a refusal goes `back` with its message."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        _console_route(blueprint, path, "POST", permission, back, view)
        return view

    return decorator


def public_page(blueprint: Blueprint, path: str, method: str = "GET") -> Callable[[Callable[..., Any]], Any]:
    """A console route that needs no session (sign-in, the stylesheet, the script)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        def handler() -> Any:
            return view(blueprint.current_request)

        handler.__name__ = f"console_{view.__name__}"
        handler.__doc__ = view.__doc__
        consumes = (FORM,) if method == "POST" else ("application/json",)
        public_endpoint(blueprint, path, [method], produces=HTML, consumes=consumes, documented=False)(handler)
        return view

    return decorator
