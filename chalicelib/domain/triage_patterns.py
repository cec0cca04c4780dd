"""Build the cue patterns of triage: one flat regex alternation per cue list.

A cue list is hundreds of alternatives, tried at every word start. Python's regex engine
skips an alternative after one character comparison when it begins with a plain letter, but
not when it begins with `\\b` or a group, and it tries them one by one. So each list is split
into its top-level alternatives, the leading `\\b` each carries (redundant: the whole pattern
starts at a word boundary) is dropped, and those starting with the same letter are grouped
under it: the same matches, several times faster on the long multilingual lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD_START = "\\b"
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_QUANTIFIERS = frozenset("*+?{")
_EXPANSION_LIMIT = 40
_PREFIX = r"\b(?=[a-z0-9])"


def top_level_alternatives(pattern: str) -> Iterator[str]:
    """`pattern` split at each `|` outside parentheses and character classes."""
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":  # "[]...]": a literal "]" first
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            yield pattern[start:index]
            start = index + 1
        index += 1
    yield pattern[start:]


def _closing(pattern: str, opening: int) -> int:
    """Index of the ")" closing the "(" at `opening`."""
    depth, index, in_class = 0, opening, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise ValueError(f"unbalanced pattern: {pattern}")


def _distributed(alternative: str, limit: int = _EXPANSION_LIMIT) -> list[str]:
    """"(?:a|b)c" as ["ac", "bc"] and "(?:a|b)?c" as ["ac", "bc", "c"], so that each starts with
    a letter; left whole when it would grow past `limit` pieces."""
    if alternative.startswith(_WORD_START):
        alternative = alternative[len(_WORD_START) :]
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _closing(alternative, 0)
    inner, after = alternative[3:end], alternative[end + 1 :]
    optional = after.startswith("?")
    if optional:
        after = after[1:]
    if after[:1] in _QUANTIFIERS:  # "(?:ab)*", "(?:ab)??": not a plain choice
        return [alternative]
    pieces = [piece + after for piece in top_level_alternatives(inner)] + ([after] if optional else [])
    if "" in pieces:
        return [alternative]
    expanded = [part for piece in pieces for part in _distributed(piece, limit)]
    return expanded if len(expanded) <= limit else [alternative]


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of `patterns`, each from a word boundary."""
    # Alternatives that start with a plain letter are grouped under it ("f(?:ire|lames?|...)"):
    # the engine compares a few dozen first letters instead of every alternative.
    by_letter: dict[str, list[str]] = {}
    others: list[str] = []
    for pattern in patterns:
        for alternative in (part for piece in top_level_alternatives(pattern) for part in _distributed(piece)):
            if len(alternative) > 1 and alternative[0] in _PLAIN and alternative[1] not in _QUANTIFIERS:
                by_letter.setdefault(alternative[0], []).append(alternative[1:])
            else:
                others.append(alternative)
    branches = [letter + "(?:" + "|".join(rests) + ")" for letter, rests in by_letter.items()] + others
    # Every alternative starts at a word boundary; saying so up front, with a letter
    # lookahead, lets the regex engine skip most positions cheaply.
    return re.compile(_PREFIX + "(?:" + "|".join(branches) + ")")


def gate(*compiled: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern that matches wherever any of `compiled` (built by any_of) does: a single scan
    that says whether the slower checks built on them are worth running."""
    return any_of(pattern.pattern[len(_PREFIX) :] for pattern in compiled)
