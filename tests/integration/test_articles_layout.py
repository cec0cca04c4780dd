"""Knowledge-base items keep the keys the README documents (a table written before keeps working)."""

from __future__ import annotations

from typing import Any

import boto3

from chalicelib.adapters.dynamo import deserialize_item
from chalicelib.adapters.repository import DynamoStore
from chalicelib.domain.articles import with_status
from tests.contract.records import NOW
from tests.contract.test_articles import article, version_of


def _items(table: str) -> dict[tuple[str, str], dict[str, Any]]:
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=table)
    items = [deserialize_item(raw) for page in pages for raw in page["Items"]]
    return {(i["PK"], i["SK"]): i for i in items}


def test_articles_versions_catalogue_and_counts_keep_their_keys(dynamodb_table):
    store = DynamoStore(dynamodb_table)
    draft = article("A-1", slug="returns", language="es")
    store.articles.create(draft, version_of(draft))
    published = with_status(draft, "published", NOW).model_copy(update={"version": 2})
    store.articles.save(published, 1, version_of(published, "published"))
    store.articles.count("A-1", "helpful_yes")
    store.articles.count_daily("2026-12-01", "self_served", ["T-1"])

    items = _items(dynamodb_table)
    meta = items[("ARTICLE#A-1", "META")]
    assert (meta["type"], meta["GSI2PK"], meta["status"]) == ("article", "KB#published", "published")
    assert meta["GSI2SK"].endswith("#A-1")
    assert items[("ARTICLE#A-1", "VER#000001")]["snapshot"]["status"] == "draft"
    assert items[("ARTICLE#A-1", "VER#000002")]["change"] == "published"
    assert items[("KBSLUG#es#returns", "SLUG")]["article_id"] == "A-1"
    assert items[("KB#CATALOGUE", "A-1")]["title"] == "Return policy"
    assert items[("KB#REVISION", "REVISION")]["revision"] == 2
    assert items[("ARTICLE#A-1", "STATS")]["helpful_yes"] == 1
    assert set(items[("KBDAY#2026-12-01", "COUNTS")]["self_served#set"]) == {"T-1"}  # a string set
