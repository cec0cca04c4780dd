"""Knowledge-base articles: the record, its versions, and the rules of its life.

draft → published → retired (and back: a retired article may be published again, a published one
taken back to draft). Every change of title, body, tags, category or status is a new version,
kept whole, so any earlier wording can be read again. Translations share a `translation_group`
(the id of the first article of the group).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from .models import Record


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


ARTICLE_STATUSES = tuple(status.value for status in ArticleStatus)
# What a version records: the article's words and place, not its counters.
VERSIONED_FIELDS = ("title", "body", "tags", "category", "status", "slug", "language")


class Article(Record):
    id: str
    slug: str
    language: str
    title: str
    body: str  # Markdown
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    status: ArticleStatus = ArticleStatus.DRAFT
    translation_group: str
    version: int = 1
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    retired_at: datetime | None = None
    updated_by: str = ""


class ArticleVersion(Record):
    article_id: str
    version: int
    at: datetime
    actor: str
    change: str  # created | edited | published | retired | unpublished
    snapshot: dict[str, Any]


class ArticleStats(Record):
    """What readers did with an article (counted apart from it, so votes never race an edit)."""

    helpful_yes: int = 0
    helpful_no: int = 0
    solved: int = 0


def transition_error(current: str, wanted: str) -> str | None:
    """Why `current` → `wanted` is not allowed, or None."""
    if wanted not in ARTICLE_STATUSES:
        return f"status must be one of {', '.join(ARTICLE_STATUSES)}"
    if current == ArticleStatus.RETIRED and wanted == ArticleStatus.DRAFT:
        return "a retired article can be published again, not turned back into a draft"
    return None


def change_name(before: Article | None, after: Article) -> str:
    if before is None:
        return "created"
    if before.status != after.status:
        return {ArticleStatus.PUBLISHED: "published", ArticleStatus.RETIRED: "retired"}.get(
            ArticleStatus(after.status), "unpublished")
    return "edited"


def snapshot(article: Article) -> dict[str, Any]:
    dumped = article.model_dump(mode="json")
    return {name: dumped[name] for name in VERSIONED_FIELDS}


def with_status(article: Article, status: str, now: datetime) -> Article:
    """The article in `status`, stamped with when it was published or retired."""
    updates: dict[str, Any] = {"status": status}
    if status == ArticleStatus.PUBLISHED and article.status != ArticleStatus.PUBLISHED:
        updates["published_at"] = now
        updates["retired_at"] = None
    if status == ArticleStatus.RETIRED and article.status != ArticleStatus.RETIRED:
        updates["retired_at"] = now
    return article.model_copy(update=updates)
