"""Knowledge-base routes: articles for admins, public search, suggestions for agents."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..domain.access import Caller
from ..domain.articles import Article
from ..domain.kb_markdown import to_html
from ..services import kb, kb_search, self_service
from ..services.context import desk
from ..services.kb_schemas import (
    ArticleListQuery,
    ArticleUpdate,
    ImportRequest,
    NewArticle,
    SearchQuery,
    StatsQuery,
)
from .http import endpoint, public_endpoint

routes = Blueprint(__name__)


def article_url(article_id: str) -> str:
    return f"{desk().settings.public_base_url.rstrip('/')}{self_service.article_path(article_id)}"


def article_view(article: Article, full: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = article.model_dump(mode="json")
    body["url"] = article_url(article.id)
    if full:
        body["html"] = to_html(article.body)
    return body


@endpoint(routes, "/kb/articles", ["POST"], "kb.manage", status=201, body=NewArticle,
          gives={"article_id": "/article/id"})
def create_article(caller: Caller, body: NewArticle) -> Any:
    """Write an article (a draft unless `status` is "published"); Markdown body, rendered safely."""
    article = kb.create(desk(), body, caller)
    return Response(body={"article": article_view(article)}, status_code=201,
                    headers={"Content-Type": "application/json", "Location": f"/kb/articles/{article.id}"})


@endpoint(routes, "/kb/import", ["POST"], "kb.manage", body=ImportRequest)
def import_articles(caller: Caller, body: ImportRequest) -> Any:
    """Create or update up to 100 articles by slug and language (what `make kb-import` sends)."""
    done = kb.import_articles(desk(), body, caller)
    return {"imported": [{"id": d.article.id, "slug": d.article.slug, "language": d.article.language,
                          "status": d.article.status, "action": d.action} for d in done]}


@endpoint(routes, "/kb/articles", ["GET"], "kb.manage", query=ArticleListQuery)
def list_articles(query: ArticleListQuery) -> Any:
    """Articles in one status (drafts included), the latest changed first."""
    found = desk().store.articles.listing(query.status, query.limit)
    if query.language:
        found = [a for a in found if a.language == query.language]
    return {"articles": [article_view(a, full=False) for a in found]}


@endpoint(routes, "/kb/articles/{article_id}", ["GET"], "kb.manage")
def read_article(article_id: str) -> Any:
    """One article in any status, with its readers' counts and its published translations."""
    current = desk()
    article = kb.load(current, article_id)
    stats = current.store.articles.stats([article.id])[article.id]
    return {"article": {**article_view(article), "stats": stats.model_dump(),
                        "translations": [{"id": t.id, "language": t.language, "title": t.title}
                                         for t in kb.translations(current, article)]}}


@endpoint(routes, "/kb/articles/{article_id}", ["PATCH"], "kb.manage", body=ArticleUpdate)
def update_article(caller: Caller, article_id: str, body: ArticleUpdate) -> Any:
    """Change title, body, category, tags, status or the translation link: a new version."""
    return {"article": article_view(kb.update(desk(), article_id, body, caller))}


@endpoint(routes, "/kb/articles/{article_id}/publish", ["POST"], "kb.manage")
def publish_article(caller: Caller, article_id: str) -> Any:
    """Publish: searchable and in the help centre (within seconds in every container)."""
    return {"article": article_view(kb.set_status(desk(), article_id, "published", caller))}


@endpoint(routes, "/kb/articles/{article_id}/retire", ["POST"], "kb.manage")
def retire_article(caller: Caller, article_id: str) -> Any:
    """Retire: out of search and the help centre; kept with its history."""
    return {"article": article_view(kb.set_status(desk(), article_id, "retired", caller))}


@endpoint(routes, "/kb/articles/{article_id}/versions", ["GET"], "kb.manage")
def article_versions(article_id: str) -> Any:
    """Every version of the article, oldest first, each whole."""
    return {"versions": [v.model_dump(mode="json") for v in kb.versions(desk(), article_id)]}


@public_endpoint(routes, "/kb/search", ["GET"], query=SearchQuery)
def search_articles(query: SearchQuery) -> Any:
    """Search published articles (public: the storefront's own help widget calls it without a key)."""
    results = kb_search.search(desk(), query.q, query.lang, query.category, query.limit)
    return {"results": [{"id": r.article.id, "title": r.article.title, "url": article_url(r.article.id),
                         "score": r.score, "language": r.article.language, "category": r.article.category,
                         "slug": r.article.slug, "summary": r.summary} for r in results]}


@endpoint(routes, "/kb/stats", ["GET"], "kb.manage", query=StatsQuery)
def kb_stats(query: StatsQuery) -> Any:
    """Suggestions sent and opened, tickets self-served (deflected), helpful votes, per day."""
    return {"stats": self_service.stats(desk(), query.from_, query.to)}


@endpoint(routes, "/tickets/{ticket_id}/suggested-articles", ["GET"], "kb.suggest")
def suggested_articles(caller: Caller, ticket_id: str) -> Any:
    """Published articles that may answer this ticket, to paste into a reply."""
    _, found = self_service.for_agents(desk(), ticket_id, caller)
    return {"articles": [{"id": s.article_id, "title": s.title, "url": s.url, "score": s.score,
                          "summary": s.summary} for s in found]}
