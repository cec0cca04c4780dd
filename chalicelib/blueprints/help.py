"""The public help centre under /help: server-rendered pages that work without JavaScript, in the
visitor's language (`?lang=` or Accept-Language), with a "Did this answer your question?" form
on every article and, from a suggestion link in an acknowledgement, "This solved it"."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote

from chalice import Blueprint, Response
from markupsafe import Markup

from ..domain.articles import Article
from ..domain.kb_markdown import to_html
from ..domain.models import CATEGORIES
from ..errors import DeskError, NotFound
from ..mail.labels import category_label
from ..services import kb, kb_search, self_service
from ..services.context import desk
from . import help_pages, paths
from .help_pages import LANGUAGE_NAMES, SECURITY_HEADERS
from .http import public_endpoint

routes = Blueprint(__name__)
HTML = "text/html; charset=utf-8"
FORM = "application/x-www-form-urlencoded"
_PAGE_CACHE = "public, max-age=60"


def _request() -> Any:
    return routes.current_request


def _param(name: str, limit: int = 200) -> str:
    value = (_request().query_params or {}).get(name) or ""
    return str(value)[:limit]


def _form() -> dict[str, str]:
    raw = _request().raw_body or b""
    try:
        parsed = parse_qs(raw.decode("utf-8", errors="replace")[:8000], keep_blank_values=True)
    except ValueError:
        parsed = {}
    return {k: v[0] for k, v in parsed.items() if v}


def _base() -> str:
    """The path the API is served under (API Gateway puts the stage first: /api/help/…)."""
    return paths.mount_path(_request(), desk().settings.public_base_url)


def _language(available: set[str], override: str | None = None) -> str:
    headers = _request().headers or {}
    return help_pages.visitor_language(override if override is not None else _param("lang", 35),
                                       headers.get("accept-language"), available)


def _page(template: str, language: str, values: dict[str, Any], status: int = 200,
          cache: str = _PAGE_CACHE) -> Response:
    found = kb_search.catalogue(desk())
    codes = sorted(set(found.languages()) | {language})
    here = values.pop("here", f"{_base()}/help")
    body = help_pages.render(template, language, {
        "base": _base(), "store_name": desk().settings.store_name, "query": values.pop("query", ""),
        "languages": [(c, LANGUAGE_NAMES.get(c, c)) for c in codes], "here": here, **values})
    return Response(body=body, status_code=status, headers={
        "Content-Type": HTML, "Content-Language": language, "Vary": "Accept-Language",
        "Cache-Control": cache, **SECURITY_HEADERS})


def _message(language: str, heading: str, lines: list[str], status: int = 200) -> Response:
    return _page("message.html.j2", language, {"heading": heading, "lines": lines}, status, cache="no-store")


def _published(article_id: str) -> Article | None:
    return kb_search.catalogue(desk()).articles.get(article_id)


def _sections(language: str) -> list[dict[str, Any]]:
    articles = kb_search.catalogue(desk()).by_language(language)
    sections = []
    for category in (*CATEGORIES, None):
        inside = [a for a in articles if (a.category or None) == category]
        if inside:
            sections.append({"category": category or "other", "label": _label(category or "other", language),
                             "articles": inside})
    return sections


def _label(category: str, language: str) -> str:
    label = category_label(category, language if language in help_pages.STRINGS else "en")
    return label[:1].upper() + label[1:]


@public_endpoint(routes, "/help", ["GET"], produces="text/html")
def help_home() -> Any:
    """The help centre's front page: search box and articles by category (public, HTML)."""
    found = kb_search.catalogue(desk())
    language = _language(set(found.languages()))
    sections = _sections(language) or _sections("en")
    return _page("home.html.j2", language, {"sections": sections})


@public_endpoint(routes, "/help/search", ["GET"], produces="text/html")
def help_search() -> Any:
    """Search results as a page: the help centre's search box submits here (public, HTML)."""
    found = kb_search.catalogue(desk())
    language = _language(set(found.languages()))
    query = _param("q", 200).strip()
    category = _param("category", 32) or None
    if category not in CATEGORIES:
        category = None
    results = kb_search.search(desk(), query, language, category, 20) if query else []
    fallback = bool(results) and results[0].article.language != language
    here = f"{_base()}/help/search?q={quote(query)}"
    return _page("search.html.j2", language, {"results": results, "fallback": fallback, "query": query, "here": here},
                 cache="no-store")


@public_endpoint(routes, "/help/categories/{category}", ["GET"], produces="text/html")
def help_category(category: str) -> Any:
    """Every published article of one category in the visitor's language (public, HTML)."""
    found = kb_search.catalogue(desk())
    language = _language(set(found.languages()))
    if category not in CATEGORIES:
        strings = help_pages.strings(language)
        return _message(language, strings["not_found"], [strings["not_found_explain"]], 404)
    articles = [a for a in found.by_language(language) if (a.category or "other") == category]
    return _page("category.html.j2", language, {"label": _label(category, language), "articles": articles,
                                                 "here": f"{_base()}/help/categories/{category}"})


@public_endpoint(routes, "/help/articles/{article_id}", ["GET"], produces="text/html")
def help_article(article_id: str) -> Any:
    """One published article, with "Did this answer your question?" and, opened from a
    suggestion link (`s`), "This solved it" (public, HTML)."""
    article = _published(article_id)
    override = _param("lang", 35)
    if article is None:
        language = _language(set(kb_search.catalogue(desk()).languages()))
        strings = help_pages.strings(language)
        return _message(language, strings["not_found"], [strings["not_found_explain"]], 404)
    language = _language({article.language}, override or article.language)
    token = _param("s", 1000)
    ticket_id = self_service.opened(desk(), token, article.id) if token else None
    values = {"article": article, "html": Markup(to_html(article.body)),
              "category_label": _label(article.category or "other", language),
              "translations": kb.translations(desk(), article), "suggestion_ticket": ticket_id,
              "token": token if ticket_id else "", "voted": bool(_param("voted", 5)),
              "here": f"{_base()}/help/articles/{article.id}"}
    return _page("article.html.j2", language, values, cache="no-store" if token else _PAGE_CACHE)


@public_endpoint(routes, "/help/articles/{article_id}/feedback", ["POST"], produces="text/html", consumes=(FORM,))
def help_feedback(article_id: str) -> Any:
    """The answer to "Did this answer your question?" (a form post; back to the article after)."""
    form = _form()
    language = _language(set(kb_search.catalogue(desk()).languages()), form.get("lang", ""))
    article = _published(article_id)
    strings = help_pages.strings(language)
    if article is None:
        return _message(language, strings["not_found"], [strings["not_found_explain"]], 404)
    answer = form.get("helpful", "")
    if answer not in ("yes", "no"):
        return _message(language, strings["helpful_question"], [f"{strings['yes']} / {strings['no']}?"], 400)
    self_service.vote(desk(), article.id, answer == "yes")
    location = f"{_base()}/help/articles/{article.id}?lang={quote(language)}&voted=1#feedback"
    return Response(body="", status_code=303, headers={"Location": location, "Cache-Control": "no-store",
                                                       **SECURITY_HEADERS})


@public_endpoint(routes, "/help/articles/{article_id}/solved", ["POST"], produces="text/html", consumes=(FORM,))
def help_solved(article_id: str) -> Any:
    """"This solved it" from a suggestion link: resolves the ticket as self-served (once)."""
    form = _form()
    language = _language(set(kb_search.catalogue(desk()).languages()), form.get("lang", ""))
    strings = help_pages.strings(language)
    try:
        outcome = self_service.solved(desk(), form.get("s", ""), article_id)
    except NotFound:
        return _message(language, strings["bad_link"], [strings["bad_link_explain"]], 404)
    except DeskError as error:
        if error.status >= 500:
            raise
        return _message(language, strings["bad_link"], [strings["bad_link_explain"]], error.status)
    line = strings["solved_done" if outcome.resolved_now else "solved_already"].format(ticket=outcome.ticket.id)
    return _message(language, strings["solved_heading"], [line])


@public_endpoint(routes, "/help/assets/help.css", ["GET"], produces="text/css")
def help_stylesheet() -> Any:
    """The help centre's stylesheet (served here: no third-party assets)."""
    return Response(body=help_pages.asset("help.css"), status_code=200,
                    headers={"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600",
                             "X-Content-Type-Options": "nosniff"})


@public_endpoint(routes, "/help/assets/favicon.svg", ["GET"], produces="image/svg+xml")
def help_icon() -> Any:
    """The help centre's icon."""
    return Response(body=help_pages.asset("favicon.svg"), status_code=200,
                    headers={"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400",
                             "X-Content-Type-Options": "nosniff"})
