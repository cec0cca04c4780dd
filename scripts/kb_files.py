"""Help-centre articles as Markdown files with YAML front matter (`make kb-import DIR=…`).

    ---
    title: Return policy
    language: en            # or the folder name: en/return-policy.md
    category: return_refund
    tags: [returns, refund]
    status: published       # draft (default) | published | retired
    slug: return-policy     # default: the file name
    translation_of: other-slug   # the same article in another language
    ---
    Markdown body…
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KNOWN_KEYS = {"title", "language", "category", "tags", "status", "slug", "translation_of"}


class ArticleFileError(ValueError):
    pass


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    slug: str
    title: str
    body: str
    language: str
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    status: str = "draft"
    translation_of: str | None = None

    def request(self) -> dict[str, Any]:
        """This file as one item of `POST /kb/import`."""
        wanted: dict[str, Any] = {"title": self.title, "body": self.body, "language": self.language,
                                  "tags": self.tags, "status": self.status, "slug": self.slug}
        if self.category:
            wanted["category"] = self.category
        if self.translation_of:
            wanted["translation_of_slug"] = self.translation_of
        return wanted


def parse(path: Path, text: str) -> ArticleFile:
    meta: dict[str, Any] = {}
    body = text
    if text.startswith("---"):
        try:
            _, head, body = text.split("---", 2)
        except ValueError:
            raise ArticleFileError(f"{path}: the front matter has no closing '---'") from None
        try:
            loaded = yaml.safe_load(head) or {}
        except yaml.YAMLError as error:
            raise ArticleFileError(f"{path}: the front matter is not valid YAML: {error}") from None
        if not isinstance(loaded, dict):
            raise ArticleFileError(f"{path}: the front matter must be 'key: value' lines")
        meta = loaded
    unknown = set(meta) - KNOWN_KEYS
    if unknown:
        raise ArticleFileError(f"{path}: unknown front matter keys {sorted(unknown)}; use {sorted(KNOWN_KEYS)}")
    language = str(meta.get("language") or path.parent.name)
    title = str(meta.get("title") or "").strip()
    if not title:
        raise ArticleFileError(f"{path}: give the article a title in its front matter")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    return ArticleFile(path=path, slug=str(meta.get("slug") or path.stem), title=title, body=body.strip() + "\n",
                       language=language, category=meta.get("category"), tags=[str(t) for t in tags if str(t)],
                       status=str(meta.get("status") or "draft"),
                       translation_of=str(meta["translation_of"]) if meta.get("translation_of") else None)


def read_folder(folder: Path) -> list[ArticleFile]:
    """Every *.md under `folder`, originals before the translations that point at them."""
    files = [parse(p, p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.md"))]
    if not files:
        raise ArticleFileError(f"{folder}: no .md files found")
    return sorted(files, key=lambda f: (f.translation_of is not None, str(f.path)))
