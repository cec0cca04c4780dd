"""Knowledge-base articles on the desk's table (layout in `keys.py`). Implements `ports.Articles`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from botocore.exceptions import ClientError

from ..domain.articles import Article, ArticleStats, ArticleStatus, ArticleVersion
from ..domain.clock import iso
from ..errors import Conflict, UpstreamError
from . import aws
from .dynamo import serialize_value
from .keys import (
    ARTICLE_SK,
    ARTICLE_STATS_SK,
    ARTICLE_VERSION_PREFIX,
    KB_CATALOGUE_PK,
    KB_REVISION_KEY,
    article_listing_pk,
    article_pk,
    article_slug_key,
    article_version_sk,
    kb_day_key,
    strip_keys,
)
from .ports import AlreadyExists
from .repository import Table

_STAT_NAMES = frozenset(ArticleStats.model_fields)


def _article_item(article: Article) -> dict[str, Any]:
    item: dict[str, Any] = article.model_dump(mode="json")
    item.update(PK=article_pk(article.id), SK=ARTICLE_SK, type="article",
                GSI2PK=article_listing_pk(str(article.status)), GSI2SK=f"{iso(article.updated_at)}#{article.id}")
    return item


def _catalogue_item(article: Article) -> dict[str, Any]:
    item: dict[str, Any] = article.model_dump(mode="json")
    item.update(PK=KB_CATALOGUE_PK, SK=article.id, type="catalogue")
    return item


def _version_item(version: ArticleVersion) -> dict[str, Any]:
    item: dict[str, Any] = version.model_dump(mode="json")
    item.update(PK=article_pk(version.article_id), SK=article_version_sk(version.version), type="article_version")
    return item


class DynamoArticles:
    def __init__(self, table: Table) -> None:
        self.table = table

    def catalogue_id(self) -> str:
        return f"dynamodb:{self.table.table_name}"

    def _bump(self) -> dict[str, Any]:
        pk, sk = KB_REVISION_KEY
        return {"Update": {"TableName": self.table.table_name, "Key": {"PK": {"S": pk}, "SK": {"S": sk}},
                           "UpdateExpression": "ADD revision :one",
                           "ExpressionAttributeValues": {":one": {"N": "1"}}}}

    def _catalogue(self, article: Article) -> dict[str, Any]:
        if article.status == ArticleStatus.PUBLISHED:
            return self.table.put(_catalogue_item(article))
        return {"Delete": {"TableName": self.table.table_name,
                           "Key": {"PK": {"S": KB_CATALOGUE_PK}, "SK": {"S": article.id}}}}

    def create(self, article: Article, version: ArticleVersion) -> None:
        pk, sk = article_slug_key(article.language, article.slug)
        table = self.table
        actions = [table.put_new({"PK": pk, "SK": sk, "type": "article_slug", "article_id": article.id}),
                   table.put_new(_article_item(article)), table.put(_version_item(version)),
                   self._catalogue(article), self._bump()]
        table.transact(actions, ["slug", "article", "version", "catalogue", "revision"])

    def save(self, article: Article, expected_version: int, version: ArticleVersion) -> None:
        table = self.table
        actions = [table.put_if(_article_item(article), "version", expected_version), table.put(_version_item(version)),
                   self._catalogue(article), self._bump()]
        try:
            table.transact(actions, ["article", "version", "catalogue", "revision"])
        except AlreadyExists as error:
            raise Conflict(f"article {article.id} changed since version {expected_version}; reload it",
                           code="version_conflict") from error

    def get(self, article_id: str) -> Article | None:
        item = self.table.get_item(article_pk(article_id), ARTICLE_SK)
        return Article.model_validate(strip_keys(item)) if item else None

    def by_slug(self, language: str, slug: str) -> Article | None:
        found = self.table.get_item(*article_slug_key(language, slug))
        return self.get(found["article_id"]) if found else None

    def listing(self, status: str, limit: int = 1000) -> list[Article]:
        listed = self.table.index_list(article_listing_pk(status), limit, newest_first=True)
        # The index holds keys only: the articles are read fresh, and kept if still in this status.
        found = [Article.model_validate(strip_keys(i)) for i in self.table.listed_items(listed)]
        return [a for a in found if str(a.status) == status]

    def published(self) -> list[Article]:
        items = self.table.query_all(KeyConditionExpression="PK = :pk",
                                     ExpressionAttributeValues={":pk": {"S": KB_CATALOGUE_PK}}, ConsistentRead=True)
        return [Article.model_validate(strip_keys(i)) for i in items]

    def versions(self, article_id: str) -> list[ArticleVersion]:
        return [ArticleVersion.model_validate(strip_keys(i))
                for i in self.table.partition_prefix(article_pk(article_id), ARTICLE_VERSION_PREFIX)]

    def revision(self) -> int:
        item = self.table.get_item(*KB_REVISION_KEY)
        return int(item["revision"]) if item else 0

    def stats(self, article_ids: Sequence[str]) -> dict[str, ArticleStats]:
        found = self.table.batch_get([(article_pk(a), ARTICLE_STATS_SK) for a in article_ids])
        result = {}
        for article_id in article_ids:
            item = found.get((article_pk(article_id), ARTICLE_STATS_SK)) or {}
            result[article_id] = ArticleStats.model_validate({k: int(v) for k, v in item.items() if k in _STAT_NAMES})
        return result

    def count(self, article_id: str, name: str, amount: int = 1) -> None:
        if name not in _STAT_NAMES:
            raise ValueError(f"no article counter {name!r}")
        self._add(article_pk(article_id), ARTICLE_STATS_SK, "ADD #n :amount", {"#n": name},
                  {":amount": serialize_value(amount)})

    def count_daily(self, day: str, name: str, members: Sequence[str] = ()) -> None:
        pk, sk = kb_day_key(day)
        if not members:
            self._add(pk, sk, "ADD #n :one", {"#n": name}, {":one": {"N": "1"}})
        else:  # a set: adding the same member again changes nothing
            self._add(pk, sk, "ADD #n :members", {"#n": f"{name}#set"}, {":members": {"SS": sorted(set(members))}})

    def _add(self, pk: str, sk: str, expression: str, names: dict[str, str], values: dict[str, Any]) -> None:
        try:
            self.table.client.update_item(TableName=self.table.table_name, Key={"PK": {"S": pk}, "SK": {"S": sk}},
                                          UpdateExpression=expression, ExpressionAttributeNames=names,
                                          ExpressionAttributeValues=values)
        except ClientError as error:
            raise UpstreamError(f"could not count ({aws.error_code(error)}); retry") from error

    def daily(self, days: Sequence[str]) -> dict[str, dict[str, int]]:
        keys = {kb_day_key(day): day for day in days}
        result: dict[str, dict[str, int]] = {}
        for chunk_start in range(0, len(keys), 100):
            chunk = list(keys)[chunk_start:chunk_start + 100]
            for key, item in self.table.batch_get(chunk).items():
                counts: dict[str, int] = {}
                for name, value in strip_keys(item).items():
                    if name.endswith("#set"):
                        counts[name.removesuffix("#set")] = len(value)
                    else:
                        counts[name] = int(value)
                result[keys[key]] = counts
        return result

