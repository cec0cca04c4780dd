"""What the knowledge base's API accepts. Validation errors name the field to fix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import AfterValidator, Field, StringConstraints

from ..domain.articles import ARTICLE_STATUSES
from ..domain.kb_text import base_language
from ..domain.models import CategoryName
from .schemas import Line, Strict, Text

# A Literal built from the one list of statuses, as models.CategoryName is; plain str to type checkers.
if TYPE_CHECKING:
    ArticleStatusName: TypeAlias = str
else:
    ArticleStatusName = Literal[ARTICLE_STATUSES]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ARTICLE_ID = re.compile(r"^A-[0-9A-HJKMNP-TV-Z]{26}$")
MAX_BODY = 100_000


def _language(value: str) -> str:
    code = base_language(value)
    if not code:
        raise ValueError("must be a language code such as en, es or pt-BR")
    return code


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("use lower-case letters, digits and single hyphens, e.g. return-policy")
    return value


def valid_article_id(value: str) -> str:
    if not _ARTICLE_ID.match(value):
        raise ValueError("must be an article id such as A-01JD… (as POST /kb/articles answered)")
    return value


Language = Annotated[str, StringConstraints(strip_whitespace=True, max_length=16), AfterValidator(_language)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), AfterValidator(_slug)]
Tag = Annotated[Line, StringConstraints(min_length=1, max_length=40)]
Title = Annotated[Line, StringConstraints(min_length=1, max_length=200)]
Body = Annotated[Text, StringConstraints(min_length=1, max_length=MAX_BODY)]
ArticleRef = Annotated[str, AfterValidator(valid_article_id)]


def _tags(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


class NewArticle(Strict):
    title: Title
    body: Body
    language: Language
    category: CategoryName | None = None
    tags: Annotated[list[Tag], Field(max_length=20), AfterValidator(_tags)] = Field(default_factory=list)
    status: ArticleStatusName = "draft"
    slug: Slug | None = Field(default=None, description="the article's name in its language; from the title if left out")
    translation_of: ArticleRef | None = Field(default=None, description="an article this one translates")


class ArticleUpdate(Strict):
    title: Title | None = None
    body: Body | None = None
    category: CategoryName | None = None
    tags: Annotated[list[Tag], Field(max_length=20), AfterValidator(_tags)] | None = None
    status: ArticleStatusName | None = None
    translation_of: ArticleRef | None = None
    expected_version: int | None = Field(default=None, ge=1, description="refuse the change (409) if it moved on")


class ArticleListQuery(Strict):
    status: ArticleStatusName = "published"
    language: Language | None = None
    limit: int = Field(default=100, ge=1, le=1000)


class SearchQuery(Strict):
    q: Annotated[str, StringConstraints(max_length=500)] = ""
    lang: Annotated[str, StringConstraints(max_length=35)] = "en"
    category: CategoryName | None = None
    limit: int = Field(default=10, ge=1, le=50)


class StatsQuery(Strict):
    from_: Annotated[str, Field(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$")]
    to: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class ImportedArticle(NewArticle):
    slug: Slug  # the file's name: what makes a second import update instead of duplicate
    translation_of_slug: Slug | None = Field(default=None, description="slug of the article this translates")


class ImportRequest(Strict):
    articles: Annotated[list[ImportedArticle], Field(min_length=1, max_length=100)]
