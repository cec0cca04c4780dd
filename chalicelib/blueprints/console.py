"""The agent console under /console: sign in and out, the queues, my tickets, finding tickets,
and the console's stylesheet and script. The ticket page is in console_ticket.py, the pages for
approvals, quarantine and admins in console_admin.py."""

from __future__ import annotations

import re
import secrets
from typing import Any

from chalice import Blueprint, Response

from ..domain.models import CATEGORIES, CHANNELS, PRIORITIES, TIERS
from ..errors import DeskError
from ..services import agents, ticket_search, tickets
from ..services.agent_schemas import SignIn, TicketsQuery
from ..services.context import desk
from . import console_views
from .console_web import (
    SIGN_IN_COOKIE,
    Page,
    asset,
    cookies_of,
    csrf_ok,
    expired_cookie,
    html_response,
    mount_path,
    page,
    public_page,
    read_form,
    redirect,
    render,
    same_origin,
    session_caller,
    session_cookie,
    sign_in_cookie,
    sign_in_csrf,
    validated,
)
from .console_web import action as console_action

routes = Blueprint(__name__)
QUEUE_LIMIT = 200  # the most a tier's queue page lists (the API's /queues/{tier} limit too)
QUEUE_STATUSES = {"new,open": "New and open", "new": "New", "open": "Open", "pending": "Pending (waiting on customer)",
                  "new,open,pending": "All waiting"}


_CONSOLE_PATH = re.compile(r"^/console/[A-Za-z0-9/_.~%?&=+-]{0,500}$")


def _next_page(raw: str) -> str:
    """Where to go after signing in: a console path only (never another site, nothing that could
    break out of the Location header)."""
    target = raw or ""
    if _CONSOLE_PATH.match(target) and "//" not in target:
        return target
    return "/console/queue"


def _sign_in_page(request: Any, status: int = 200, error: str = "", email: str = "") -> Response:
    nonce = cookies_of(request).get(SIGN_IN_COOKIE) or secrets.token_urlsafe(24)
    body = render("sign_in.html.j2", base=mount_path(request), me=None, csrf=sign_in_csrf(nonce), flash=None,
                  path="", error=error, email=email,
                  next=_next_page(str((request.query_params or {}).get("next") or "")))
    return html_response(body, status, cookies=[sign_in_cookie(request, nonce)])


@public_page(routes, "/console")
def console_home(request: Any) -> Any:
    """The agent console: its sign-in page, or the queue for an agent already signed in."""
    if session_caller(request) is not None:
        return redirect(f"{mount_path(request)}{_next_page(str((request.query_params or {}).get('next') or ''))}")
    return _sign_in_page(request)


@public_page(routes, "/console/sign-in", "POST")
def console_sign_in(request: Any) -> Any:
    """Sign an agent in with the same service as POST /auth/sign-in; the token goes in an HttpOnly cookie."""
    form = read_form(request)
    nonce = cookies_of(request).get(SIGN_IN_COOKIE, "")
    sent = form.get("csrf", "")
    # The form carries a token tied to its sign-in cookie, checked whenever it is sent. A post from
    # another site (which could only sign the victim in as the attacker) is refused by where the
    # browser says it comes from, token or not; a script signing in directly sends neither.
    forged = bool(sent) and not (nonce and csrf_ok(request, sent, sign_in_csrf(nonce)))
    if forged or not same_origin(request):
        return _sign_in_page(request, 403, "This sign-in form expired. Please try again.", form.get("email", ""))
    email = form.get("email", "").strip()[:254]
    try:
        credentials = validated(SignIn, {"email": email, "password": form.get("password", "")})
        signed = agents.sign_in(desk(), credentials.email, credentials.password)
    except DeskError as error:
        status = error.status if 400 <= error.status < 500 else 503
        message = "Wrong email or password." if error.status in (400, 401) else error.message
        return _sign_in_page(request, status, message, email)
    target = mount_path(request) + _next_page(form.get("next", ""))
    return redirect(target, [session_cookie(request, signed.token, signed.expires_in),
                             expired_cookie(request, SIGN_IN_COOKIE)])


@console_action(routes, "/console/sign-out", "agent.me", back=lambda _: "/console/queue")
def sign_out(page: Page) -> Any:
    """Sign out: the session cookie is dropped."""
    from .console_web import SESSION_COOKIE

    return redirect(f"{page.base}/console", [expired_cookie(page.request, SESSION_COOKIE)])


def _tier(page: Page) -> int:
    raw = page.param("tier", 2)
    tier = int(raw) if raw.isdigit() else (page.caller.tier if page.caller.tier in TIERS else 1)
    return tier


@page(routes, "/console/queue", "queue.read")
def queue(page: Page) -> Any:
    """A tier's queue: priority, then the deadline to meet next."""
    tier = _tier(page)
    status = page.param("status", 40) or "new,open"
    if status not in QUEUE_STATUSES:
        status = "new,open"
    found = tickets.tier_queue_rows(page.desk, tier, tuple(status.split(",")), QUEUE_LIMIT, page.caller)
    now = page.desk.now()
    return page.render("queue.html.j2", heading=console_views.tier_name(tier),
                       rows=[console_views.row(t, now) for t in found], tier=tier,
                       tiers=[t for t in TIERS if t <= page.caller.tier], status=status, statuses=QUEUE_STATUSES,
                       limit=QUEUE_LIMIT, section="queue")


@page(routes, "/console/mine", "queue.read")
def my_tickets(page: Page) -> Any:
    """The tickets the signed-in agent owns and has not finished."""
    query = TicketsQuery(assignee="me", status="new,open,pending", limit=100)
    found, _ = ticket_search.find(page.desk, query, page.caller)
    now = page.desk.now()
    return page.render("list.html.j2", heading="My tickets", rows=[console_views.row(t, now) for t in found],
                       more=None, filters=None, section="mine",
                       empty="Nothing is assigned to you. Take a ticket from a queue.")


_FILTERS = ("id", "order_id", "email", "status", "tier", "priority", "category", "channel", "assignee", "tag",
            "created_from", "created_to", "cursor")


@page(routes, "/console/tickets", "queue.read")
def find(page: Page) -> Any:
    """Find tickets by number, order, customer email and the other filters of GET /tickets."""
    values = {name: page.param(name, 2048 if name == "cursor" else 254) for name in _FILTERS}
    asked = {name: value for name, value in values.items() if value}
    rows: list[dict[str, Any]] = []
    more = None
    error = ""
    if asked:
        try:
            query = validated(TicketsQuery, {**asked, "limit": 50})
            found, more = ticket_search.find(page.desk, query, page.caller)
        except DeskError as refused:
            if refused.status >= 500:
                raise
            error, found = refused.message, []
        if query_is_one_ticket(asked) and len(found) == 1:
            return redirect(f"{page.base}/console/tickets/{found[0].id}")
        now = page.desk.now()
        rows = [console_views.row(t, now) for t in found]
    return page.render("list.html.j2", heading="Find tickets", rows=rows, more=more, filters=values, error=error,
                       section="find", statuses=("new", "open", "pending", "resolved", "closed"), tiers=TIERS,
                       priorities=PRIORITIES, categories=CATEGORIES, channels=CHANNELS,
                       empty="No ticket matches." if asked else "Look a ticket up by its number, an order or "
                                                                "the customer's email, or filter below.")


def query_is_one_ticket(asked: dict[str, str]) -> bool:
    return set(asked) == {"id"}


@public_page(routes, "/console/assets/console.css")
def console_stylesheet(request: Any) -> Any:
    """The console's one stylesheet."""
    return Response(body=asset("console.css"), status_code=200,
                    headers={"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300",
                             "X-Content-Type-Options": "nosniff"})


@public_page(routes, "/console/assets/console.js")
def console_script(request: Any) -> Any:
    """The console's few lines of script: live SLA countdowns (every page works without it)."""
    return Response(body=asset("console.js"), status_code=200,
                    headers={"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300",
                             "X-Content-Type-Options": "nosniff"})
