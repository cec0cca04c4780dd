"""Article bodies: Markdown in, safe HTML and plain text out.

markdown-it-py (CommonMark) with raw HTML switched off: whatever an author (or an imported file)
writes, `<script>` and `onerror=` come out as text. Links keep only http(s), mailto and relative
targets, images only https and relative ones; external links get rel="nofollow noopener
noreferrer". The text form feeds search and plain-text mail.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

_SAFE_LINK = re.compile(r"^(?:https?://|mailto:|/(?!/)|#|\.{0,2}/?[\w\-.~%]+(?:[/?#]|$))", re.IGNORECASE)
_SAFE_IMAGE = re.compile(r"^(?:https://|/(?!/))", re.IGNORECASE)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_BLOCK_BREAKS = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close", "tr_close",
                 "code_block", "fence", "hr"}


def _validate_link(url: str) -> bool:
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in {"http", "https", "mailto"}:
        return False
    return bool(_SAFE_LINK.match(url.strip()))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = _validate_link  # type: ignore[method-assign]

    def link_open(renderer: RendererHTML, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if href.lower().startswith(("http://", "https://")):
            token.attrSet("rel", "nofollow noopener noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    def image(renderer: RendererHTML, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        if not _SAFE_IMAGE.match(str(token.attrGet("src") or "")):
            return renderer.renderInlineAsText(token.children or [], options, env)
        token.attrSet("loading", "lazy")
        return renderer.image(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", image)
    return md


def to_html(markdown: str) -> str:
    """Safe HTML for the help centre and HTML mail: no raw HTML, no script URLs."""
    return str(_parser().render(markdown))


@lru_cache(maxsize=4096)
def to_text(markdown: str) -> str:
    """The words a reader sees, one block a line: for search, summaries and plain-text mail.
    Cached: a container rebuilding its index after one article changed re-reads the others."""
    lines: list[str] = []
    current: list[str] = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            current.append("".join(child.content if child.type in {"text", "code_inline", "image"} else " "
                                   for child in token.children or []
                                   if child.type in {"text", "code_inline", "image", "softbreak", "hardbreak"}))
        elif token.type in {"code_block", "fence"}:
            current.append(token.content.strip())
        if token.type in _BLOCK_BREAKS and current:
            line = " ".join("".join(current).split())
            if line:
                lines.append(line)
            current = []
        elif token.type in {"th_close", "td_close"}:
            current.append(" ")
    if current:
        lines.append(" ".join("".join(current).split()))
    return "\n".join(line for line in lines if line)


def summary(markdown: str, limit: int = 180) -> str:
    """The start of the article's text, cut at a word, for result lists."""
    text = " ".join(to_text(markdown).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut} …"
