"""Writing the knowledge base: create, edit, publish, retire, link translations, import.

Every change is a new version of the article (kept whole) and moves the catalogue's revision on,
so every container's search index notices it (see `kb_search`)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..adapters.ports import AlreadyExists
from ..domain import articles as rules
from ..domain.access import Caller
from ..domain.articles import Article, ArticleStatus, ArticleVersion
from ..domain.ids import new_item_id
from ..domain.kb_text import slugify
from ..errors import BadRequest, Conflict, NotFound
from . import kb_search
from .context import Desk
from .kb_schemas import ArticleUpdate, ImportedArticle, ImportRequest, NewArticle, valid_article_id

# Many editors at once take turns: each lost race re-reads and retries after a growing random pause.
_SAVE_ATTEMPTS = 10
_BACKOFF_SECONDS = 0.01


def load(desk: Desk, article_id: str) -> Article:
    try:
        valid_article_id(article_id)
    except ValueError:
        raise NotFound(f"there is no article {article_id!r}") from None
    found = desk.store.articles.get(article_id)
    if found is None:
        raise NotFound(f"there is no article {article_id}")
    return found


def _version(desk: Desk, before: Article | None, after: Article, actor: str) -> ArticleVersion:
    return ArticleVersion(article_id=after.id, version=after.version, at=desk.now(), actor=actor,
                          change=rules.change_name(before, after), snapshot=rules.snapshot(after))


def _group_of(desk: Desk, translation_of: str | None, language: str) -> str | None:
    if translation_of is None:
        return None
    original = load(desk, translation_of)
    if original.language == language:
        raise BadRequest(f"translation_of: {translation_of} is in {language} too; a translation is in another "
                         "language", code="validation_failed")
    return original.translation_group


def create(desk: Desk, request: NewArticle, caller: Caller) -> Article:
    """A new article (a draft unless `status` says otherwise). 409 `slug_taken` when its language
    already has an article of that slug."""
    now = desk.now()
    article_id = f"A-{new_item_id(now)}"
    group = _group_of(desk, request.translation_of, request.language) or article_id
    article = Article(id=article_id, slug=request.slug or slugify(request.title), language=request.language,
                      title=request.title, body=request.body, category=request.category, tags=request.tags,
                      translation_group=group, created_at=now, updated_at=now, updated_by=caller.principal)
    if request.status != ArticleStatus.DRAFT:
        article = rules.with_status(article, request.status, now)
    try:
        desk.store.articles.create(article, _version(desk, None, article, caller.principal))
    except AlreadyExists:
        if request.slug:
            raise Conflict(f"{request.language} already has an article named {request.slug!r}; choose another slug "
                           "or update that article", code="slug_taken") from None
        # A title seen before: keep its readable slug, made unique.
        article = article.model_copy(update={"slug": f"{article.slug}-{article_id[-6:].lower()}"})
        desk.store.articles.create(article, _version(desk, None, article, caller.principal))
    kb_search.invalidate(desk)
    return article


def update(desk: Desk, article_id: str, request: ArticleUpdate, caller: Caller) -> Article:
    """Change any of title, body, category, tags, status, translation link; a new version each time."""
    given = request.model_dump(exclude_unset=True, exclude={"expected_version", "translation_of", "status"})
    if not given and request.status is None and request.translation_of is None:
        raise BadRequest("say what to change: title, body, category, tags, status or translation_of")
    if any(given.get(name, "") is None for name in ("title", "body", "tags")):
        raise BadRequest("title, body and tags cannot be null; leave them out to keep them", code="validation_failed")

    def mutate(article: Article) -> Article:
        changed = article.model_copy(update=given)
        if request.translation_of is not None:
            changed.translation_group = _group_of(desk, request.translation_of, article.language) or article.id
        if request.status is not None and request.status != article.status:
            problem = rules.transition_error(article.status, request.status)
            if problem:
                raise Conflict(problem, code="invalid_transition")
            changed = rules.with_status(changed, request.status, desk.now())
        return changed

    return _save(desk, article_id, mutate, caller, request.expected_version)


def set_status(desk: Desk, article_id: str, status: str, caller: Caller) -> Article:
    """Publish, retire or take back to draft; asking for the status it has changes nothing."""
    def mutate(article: Article) -> Article:
        if article.status == status:
            return article
        problem = rules.transition_error(article.status, status)
        if problem:
            raise Conflict(problem, code="invalid_transition")
        return rules.with_status(article, status, desk.now())

    return _save(desk, article_id, mutate, caller, None)


def _save(desk: Desk, article_id: str, mutate: Callable[[Article], Article], caller: Caller,
          expected_version: int | None) -> Article:
    for attempt in range(_SAVE_ATTEMPTS):
        current = load(desk, article_id)
        if expected_version is not None and current.version != expected_version:
            raise Conflict(f"article {article_id} is at version {current.version}, not {expected_version}; reload it",
                           code="version_conflict")
        changed = mutate(current)
        if changed == current:
            return current  # nothing to change: a retried request is not a new version
        changed = changed.model_copy(update={"version": current.version + 1, "updated_at": desk.now(),
                                             "updated_by": caller.principal})
        try:
            desk.store.articles.save(changed, current.version, _version(desk, current, changed, caller.principal))
        except Conflict:
            if expected_version is not None:
                raise
            time.sleep(random.uniform(0, _BACKOFF_SECONDS * 2 ** min(attempt, 5)))
            continue
        kb_search.invalidate(desk)
        return changed
    raise Conflict("the article is changing too fast; nothing was changed, so retry", code="version_conflict")


def versions(desk: Desk, article_id: str) -> list[ArticleVersion]:
    load(desk, article_id)
    return desk.store.articles.versions(article_id)


def translations(desk: Desk, article: Article) -> list[Article]:
    """The article's published translations (other languages of its group)."""
    return [a for a in kb_search.catalogue(desk).articles.values()
            if a.translation_group == article.translation_group and a.id != article.id]


@dataclass(frozen=True)
class Imported:
    article: Article
    action: str  # created | updated | unchanged


def import_articles(desk: Desk, request: ImportRequest, caller: Caller) -> list[Imported]:
    """Create or update each article by its slug and language, in order (originals before the
    translations that name them)."""
    return [import_article(desk, item, caller) for item in request.articles]


def import_article(desk: Desk, item: ImportedArticle, caller: Caller) -> Imported:
    """Create or update the article of this slug and language from a file's contents (front
    matter fields), linking it to the article of `translation_of_slug` in another language."""
    translation_of_slug = item.translation_of_slug
    request = NewArticle.model_validate(item.model_dump(exclude={"translation_of_slug"}))
    slug = item.slug
    if translation_of_slug:
        original = next((a for a in _all_by_slug(desk, translation_of_slug) if a.language != request.language), None)
        if original is None:
            raise BadRequest(f"translation_of: no article named {translation_of_slug!r} in another language; import "
                             "the original first", code="validation_failed")
        request = request.model_copy(update={"translation_of": original.id})
    existing = desk.store.articles.by_slug(request.language, slug)
    if existing is None:
        return Imported(create(desk, request.model_copy(update={"slug": slug}), caller), "created")
    changes = ArticleUpdate(title=request.title, body=request.body, category=request.category, tags=request.tags,
                            status=request.status, translation_of=request.translation_of)
    updated = _save(desk, existing.id, lambda a: _apply_import(desk, a, changes), caller, None)
    return Imported(updated, "unchanged" if updated.version == existing.version else "updated")


def _apply_import(desk: Desk, article: Article, changes: ArticleUpdate) -> Article:
    changed = article.model_copy(update={"title": changes.title, "body": changes.body, "category": changes.category,
                                         "tags": changes.tags})
    if changes.translation_of:
        changed.translation_group = _group_of(desk, changes.translation_of, article.language) or article.id
    if changes.status and changes.status != article.status and not rules.transition_error(article.status,
                                                                                          changes.status):
        changed = rules.with_status(changed, changes.status, desk.now())
    return changed


def _all_by_slug(desk: Desk, slug: str) -> list[Article]:
    found = [desk.store.articles.by_slug(language, slug) for language in _languages(desk)]
    return [a for a in found if a is not None]


def _languages(desk: Desk) -> list[str]:
    from ..domain.kb_text import STEMMERS

    return list(STEMMERS)
