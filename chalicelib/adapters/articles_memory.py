"""Knowledge-base articles in memory: the same promises as `articles.DynamoArticles` (held by
tests/contract/test_articles.py), for service tests. Shares the memory store's lock."""

from __future__ import annotations

import copy
import threading
import uuid
from collections import defaultdict
from collections.abc import Sequence

from ..domain.articles import Article, ArticleStats, ArticleStatus, ArticleVersion
from ..errors import Conflict
from .ports import AlreadyExists

_STAT_NAMES = frozenset(ArticleStats.model_fields)


class MemoryArticles:
    def __init__(self, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._id = uuid.uuid4().hex
        self._articles: dict[str, Article] = {}
        self._slugs: dict[tuple[str, str], str] = {}
        self._versions: dict[str, list[ArticleVersion]] = defaultdict(list)
        self._revision = 0
        self._stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._daily: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._daily_sets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def catalogue_id(self) -> str:
        return f"memory:{self._id}"

    def create(self, article: Article, version: ArticleVersion) -> None:
        with self._lock:
            slug = (article.language, article.slug)
            taken = [reason for reason, held in (("slug", slug in self._slugs), ("article", article.id in self._articles))
                     if held]
            if taken:
                raise AlreadyExists(taken)
            self._slugs[slug] = article.id
            self._articles[article.id] = article.model_copy(deep=True)
            self._versions[article.id].append(version.model_copy(deep=True))
            self._revision += 1

    def save(self, article: Article, expected_version: int, version: ArticleVersion) -> None:
        with self._lock:
            current = self._articles.get(article.id)
            if current is None or current.version != expected_version:
                raise Conflict(f"article {article.id} changed since version {expected_version}; reload it",
                               code="version_conflict")
            self._articles[article.id] = article.model_copy(deep=True)
            self._versions[article.id].append(version.model_copy(deep=True))
            self._revision += 1

    def get(self, article_id: str) -> Article | None:
        with self._lock:
            found = self._articles.get(article_id)
            return found.model_copy(deep=True) if found else None

    def by_slug(self, language: str, slug: str) -> Article | None:
        with self._lock:
            article_id = self._slugs.get((language, slug))
        return self.get(article_id) if article_id else None

    def listing(self, status: str, limit: int = 1000) -> list[Article]:
        with self._lock:
            chosen = [a.model_copy(deep=True) for a in self._articles.values() if a.status == status]
        chosen.sort(key=lambda a: (a.updated_at, a.id), reverse=True)
        return chosen[:limit]

    def published(self) -> list[Article]:
        return self.listing(ArticleStatus.PUBLISHED.value, limit=10**9)

    def versions(self, article_id: str) -> list[ArticleVersion]:
        with self._lock:
            return [v.model_copy(deep=True) for v in self._versions.get(article_id, [])]

    def revision(self) -> int:
        with self._lock:
            return self._revision

    def stats(self, article_ids: Sequence[str]) -> dict[str, ArticleStats]:
        with self._lock:
            return {a: ArticleStats.model_validate(dict(self._stats.get(a, {}))) for a in article_ids}

    def count(self, article_id: str, name: str, amount: int = 1) -> None:
        if name not in _STAT_NAMES:
            raise ValueError(f"no article counter {name!r}")
        with self._lock:
            self._stats[article_id][name] += amount

    def count_daily(self, day: str, name: str, members: Sequence[str] = ()) -> None:
        with self._lock:
            if not members:
                self._daily[day][name] += 1
            else:
                self._daily_sets[day][name].update(members)

    def daily(self, days: Sequence[str]) -> dict[str, dict[str, int]]:
        with self._lock:
            result: dict[str, dict[str, int]] = {}
            for day in days:
                counts = {**self._daily.get(day, {}),
                          **{name: len(members) for name, members in self._daily_sets.get(day, {}).items()}}
                if counts:
                    result[day] = copy.deepcopy(counts)
            return result
