"""What `Articles` promises, on every store: one slug per language, versioned saves, a published
catalogue that follows the status, a revision that moves with every change, counters."""

from __future__ import annotations

from datetime import timedelta
from threading import Barrier, Thread

import pytest

from chalicelib.adapters.ports import AlreadyExists
from chalicelib.domain.articles import Article, ArticleVersion, snapshot, with_status
from chalicelib.errors import Conflict
from tests.contract.records import NOW


def article(article_id: str = "A-1", slug: str = "return-policy", language: str = "en",
            status: str = "draft") -> Article:
    return Article(id=article_id, slug=slug, language=language, title="Return policy", body="Within **30 days**.",
                   tags=["returns"], category="return_refund", status=status, translation_group=article_id,
                   created_at=NOW, updated_at=NOW)


def version_of(made: Article, change: str = "created") -> ArticleVersion:
    return ArticleVersion(article_id=made.id, version=made.version, at=made.updated_at, actor="admin:k",
                          change=change, snapshot=snapshot(made))


def test_an_article_is_created_once_per_slug_and_language(store):
    first = article()
    store.articles.create(first, version_of(first))

    with pytest.raises(AlreadyExists) as taken:
        store.articles.create(article("A-2"), version_of(article("A-2")))
    assert taken.value.reasons == ["slug"]
    spanish = article("A-3", language="es")
    store.articles.create(spanish, version_of(spanish))  # the same slug in another language is fine

    assert store.articles.get("A-1") == first
    assert store.articles.by_slug("en", "return-policy") == first
    assert store.articles.by_slug("es", "return-policy") == spanish
    assert store.articles.get("A-2") is None and store.articles.by_slug("fr", "return-policy") is None


def test_saves_are_versioned_and_the_catalogue_follows_the_status(store):
    draft = article()
    store.articles.create(draft, version_of(draft))
    revision = store.articles.revision()
    assert store.articles.published() == []

    published = with_status(draft, "published", NOW + timedelta(minutes=1)).model_copy(
        update={"version": 2, "updated_at": NOW + timedelta(minutes=1)})
    store.articles.save(published, 1, version_of(published, "published"))

    assert store.articles.revision() > revision
    assert store.articles.published() == [published]
    assert [a.id for a in store.articles.listing("published")] == ["A-1"]
    assert store.articles.listing("draft") == []
    with pytest.raises(Conflict):
        store.articles.save(published.model_copy(update={"title": "stale"}), 1, version_of(published, "edited"))

    retired = with_status(published, "retired", NOW + timedelta(minutes=2)).model_copy(update={"version": 3})
    store.articles.save(retired, 2, version_of(retired, "retired"))
    assert store.articles.published() == []
    assert [(v.version, v.change) for v in store.articles.versions("A-1")] == \
        [(1, "created"), (2, "published"), (3, "retired")]
    assert store.articles.versions("A-1")[0].snapshot["status"] == "draft"


def test_one_of_many_concurrent_saves_of_one_version_wins(store):
    made = article()
    store.articles.create(made, version_of(made))
    barrier, outcomes = Barrier(8), []

    def save(n: int) -> None:
        edited = made.model_copy(update={"title": f"title {n}", "version": 2})
        barrier.wait()
        try:
            store.articles.save(edited, 1, version_of(edited, "edited"))
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    threads = [Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    assert len(store.articles.versions("A-1")) == 2


def test_counters_add_up_and_daily_members_count_once(store):
    store.articles.count("A-1", "helpful_yes")
    store.articles.count("A-1", "helpful_yes")
    store.articles.count("A-1", "helpful_no")
    store.articles.count_daily("2026-12-01", "helpful_yes")
    store.articles.count_daily("2026-12-01", "self_served", ["T-1"])
    store.articles.count_daily("2026-12-01", "self_served", ["T-1", "T-2"])
    store.articles.count_daily("2026-12-01", "self_served", ["T-2"])

    stats = store.articles.stats(["A-1", "A-9"])
    assert (stats["A-1"].helpful_yes, stats["A-1"].helpful_no, stats["A-9"].helpful_yes) == (2, 1, 0)
    assert store.articles.daily(["2026-11-30", "2026-12-01"]) == {"2026-12-01": {"helpful_yes": 1, "self_served": 2}}
    with pytest.raises(ValueError):
        store.articles.count("A-1", "nonsense")
