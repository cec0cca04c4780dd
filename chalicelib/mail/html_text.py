"""Readable text out of HTML mail bodies, with quoted replies kept recognisable."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar

MAX_HTML_CHARS = 2 * 1024 * 1024

_WHITESPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:\-]{1,40})""", re.I)


def declared_charset(html: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of an HTML body declares, if any."""
    sniffed = _META_CHARSET.search(html[:4096])
    return sniffed.group(1).decode("ascii") if sniffed else None


class _HtmlToText(HTMLParser):
    """Readable text from HTML; blockquotes become '> ' lines so quoted replies can be split."""

    _SKIP: ClassVar[frozenset[str]] = frozenset(
        {"script", "style", "title", "noscript", "template", "svg", "object"}
    )
    _BLOCK: ClassVar[frozenset[str]] = frozenset({
        "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "dl",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "form", "fieldset", "hr", "center",
        "dt", "dd", "figure", "main", "nav", "aside",
    })  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.in_head = False
        self.quote_depth = 0
        self.pre_depth = 0

    def _break(self, blank_line: bool = False) -> None:
        line = "".join(self.current).strip()
        if line:
            self.lines.append(("> " * self.quote_depth) + line)
        if blank_line and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "body"):
            # Tracked apart from the skip counter: an unclosed <head> must not hide the body.
            self.in_head = tag == "head"
        elif tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "br":
            self._break()
        elif tag == "li":
            self._break()
            self.current.append("- ")
        elif tag == "blockquote":
            self._break(blank_line=True)
            self.quote_depth += 1
        elif tag in ("td", "th"):
            self.current.append(" ")
        elif tag == "pre":
            self._break()
            self.pre_depth += 1
        elif tag in self._BLOCK:
            self._break(blank_line=tag == "p")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "blockquote":
            self._break(blank_line=True)
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self._break()
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in self._BLOCK or tag == "li":
            self._break(blank_line=tag == "p")

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.in_head:
            return
        if self.pre_depth:
            first, *rest = data.split("\n")
            self.current.append(first)
            for line in rest:
                self._break()
                self.current.append(line)
            return
        self.current.append(_WHITESPACE.sub(" ", data.replace("\xa0", " ")))

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines).strip()


def html_to_text(html: str) -> str:
    converter = _HtmlToText()
    try:
        converter.feed(html[:MAX_HTML_CHARS])
        converter.close()
    except Exception:  # HTMLParser can trip on hostile markup; keep what we have
        pass
    return converter.text()
