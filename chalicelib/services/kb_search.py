"""Searching the knowledge base, and suggesting articles for a ticket.

The index lives in the Lambda container: built from the table's published catalogue (one
consistent query) the first time it is needed, then reused. Every article change moves the
catalogue's revision on; a container looks at the revision at most every `REVISION_CHECK_SECONDS`
and rebuilds when it moved (a change made by this very container is seen at once). Why not an
index object in S3: a second copy to keep in step on every publish, and a build at 1,000
articles is quicker than fetching and unpickling one would be worth (README, "Knowledge base").
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..domain.articles import Article
from ..domain.kb_markdown import summary, to_text
from ..domain.kb_search import Document, Hit, SearchIndex
from ..domain.kb_text import base_language
from .context import Desk

REVISION_CHECK_SECONDS = 5.0
_MAX_CATALOGUES = 8  # one per table (or memory store) a process has searched


@dataclass
class Catalogue:
    revision: int
    articles: dict[str, Article]
    index: SearchIndex
    build_seconds: float
    checked_at: float = field(default_factory=time.monotonic)

    def by_language(self, language: str) -> list[Article]:
        return sorted((a for a in self.articles.values() if a.language == language), key=lambda a: a.title.casefold())

    def languages(self) -> list[str]:
        return sorted({a.language for a in self.articles.values()})


@dataclass(frozen=True)
class Result:
    article: Article
    score: float
    summary: str


_catalogues: dict[str, Catalogue] = {}
_lock = threading.Lock()


def build(articles: list[Article]) -> tuple[SearchIndex, float]:
    started = time.perf_counter()
    index = SearchIndex(Document(id=a.id, language=a.language, title=a.title, body=to_text(a.body),
                                 tags=tuple(a.tags), category=a.category) for a in articles)
    return index, time.perf_counter() - started


def catalogue(desk: Desk) -> Catalogue:
    """The published articles and their index, fresh to within `REVISION_CHECK_SECONDS`."""
    articles = desk.store.articles
    key = articles.catalogue_id()
    current = _catalogues.get(key)
    now = time.monotonic()
    if current is not None and now - current.checked_at < REVISION_CHECK_SECONDS:
        return current
    with _lock:  # one build at a time; the others wait for it rather than build the same thing
        current = _catalogues.get(key)
        if current is not None and time.monotonic() - current.checked_at < REVISION_CHECK_SECONDS:
            return current
        revision = articles.revision()
        if current is not None and current.revision == revision:
            current.checked_at = time.monotonic()
            return current
        # The revision is read first: a change landing during the build moves it again.
        published = articles.published()
        index, seconds = build(published)
        fresh = Catalogue(revision, {a.id: a for a in published}, index, seconds)
        if len(_catalogues) >= _MAX_CATALOGUES and key not in _catalogues:
            _catalogues.pop(next(iter(_catalogues)))
        _catalogues[key] = fresh
        return fresh


def invalidate(desk: Desk) -> None:
    """This container changed the catalogue: look at the revision on the next search."""
    _catalogues.pop(desk.store.articles.catalogue_id(), None)


def search(desk: Desk, query: str, language: str, category: str | None = None, limit: int = 10) -> list[Result]:
    """Published articles for `query`, best first, in `language` or else in English."""
    if not query.strip():
        return []
    found = catalogue(desk)
    return _results(found, found.index.search(query, base_language(language) or "en", category, limit))


def suggest(desk: Desk, text: str, language: str, category: str | None, limit: int = 3) -> list[Result]:
    """Up to `limit` published articles that may answer a customer's message."""
    found = catalogue(desk)
    return _results(found, found.index.suggest(text, base_language(language) or "en", category, limit))


def _results(found: Catalogue, hits: list[Hit]) -> list[Result]:
    return [Result(found.articles[h.id], h.score, summary(found.articles[h.id].body))
            for h in hits if h.id in found.articles]
