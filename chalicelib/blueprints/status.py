"""The customer's status page (public: the signed link is the credential) and the agents' route
that revokes a ticket's links."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..domain.status_links import PHOTO_TYPES
from ..mail.pages import status_closed_page, status_page, status_style_hash
from ..services import status_page as status
from ..services.action_schemas import StatusLinkRevoke, StatusReplyForm
from ..services.context import desk
from .http import FORM, HTML, endpoint, public_endpoint
from .observability import count
from .views import ticket_view

routes = Blueprint(__name__)
_FORM_LIMIT = 200_000  # 20,000 characters of any script, url-encoded, with the photo keys and token


def _headers(upload_url: str = "") -> dict[str, str | list[str]]:
    """Nothing runs and nothing loads: the page's own stylesheet (by hash), forms to itself and to
    the storage its upload form names. The link is a secret: never sent on as a referrer, never
    cached, never framed, never indexed."""
    upload_origin = ""
    if upload_url:
        parts = urlsplit(upload_url)
        upload_origin = f" {parts.scheme}://{parts.netloc}"
    return {
        "Content-Type": HTML, "Cache-Control": "no-store", "Pragma": "no-cache", "X-Robots-Tag": "noindex",
        "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
        "Content-Security-Policy": f"default-src 'none'; script-src 'none'; style-src {status_style_hash()}; "
                                   f"form-action 'self'{upload_origin}; frame-ancestors 'none'; base-uri 'none'",
    }


def _shown(token: str, page: status.StatusPage) -> Response:
    html = status_page(page, _action(token), ",".join(PHOTO_TYPES))
    upload_url = page.upload.url if page.upload else ""
    return Response(body=html, status_code=400 if page.error else 200, headers=_headers(upload_url))


def _closed(language: str, reason: str, status_code: int) -> Response:
    html = status_closed_page(language, desk().settings.store_name, reason)
    return Response(body=html, status_code=status_code, headers=_headers())


def _all(params: Any, name: str) -> list[str]:
    """Every value of a repeated query parameter (Chalice's getlist raises for a missing one)."""
    return list(params.getlist(name)) if params and name in params else []


def _action(token: str) -> str:
    """Relative to the page's own path, so it works behind API Gateway's stage prefix."""
    return token


@public_endpoint(routes, "/status/{token}", ["GET"], produces=HTML)
def status_view(token: str) -> Any:
    """The customer's status page (public: the signed link from their mail is the credential):
    status in plain words, when we answer next, the conversation, a reply form with photo upload,
    and the survey once resolved. `photo`/`key`: photos just uploaded for the reply."""
    params = routes.current_request.query_params
    photos = [*_all(params, "photo"), *_all(params, "key")]
    try:
        page = status.show(desk(), token, photos, notice="sent" if params and params.get("sent") else "")
    except status.LinkClosed as closed:
        return _closed(closed.language, closed.reason, closed.status)
    return _shown(token, page)


@public_endpoint(routes, "/status/{token}", ["POST"], status=303, produces=HTML, consumes=(FORM,),
                 form=StatusReplyForm)
def status_reply(token: str) -> Any:
    """The customer replies from the page (an HTML form post, CSRF token bound to the link):
    recorded on the ticket like a reply by email; answered with a redirect to the page."""
    raw = routes.current_request.raw_body or b""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    try:
        form = parse_qs(text[:_FORM_LIMIT], keep_blank_values=True)
    except ValueError:
        form = {}
    try:
        page = status.reply(desk(), token, form)
    except status.LinkClosed as closed:
        return _closed(closed.language, closed.reason, closed.status)
    except status.FormRefused:
        return _closed(status.language_of(desk(), token), "refused", 403)
    if page.notice == "sent":
        count("StatusPageReplies")
        return Response(body="", status_code=303, headers={**_headers(), "Location": f"{_action(token)}?sent=1"})
    return _shown(token, page)


@endpoint(routes, "/tickets/{ticket_id}/status-link/revoke", ["POST"], "ticket.status_link",
          body=StatusLinkRevoke, body_required=False)
def revoke_status_links(caller: Caller, ticket_id: str, body: StatusLinkRevoke) -> Any:
    """Revoke every status-page link the customer was given for this ticket (a forwarded or
    leaked mail); the next mail carries a new one. The audit trail names who did it."""
    return {"ticket": ticket_view(status.revoke(desk(), ticket_id, caller, body.reason))}
