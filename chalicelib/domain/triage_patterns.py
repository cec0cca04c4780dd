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
import threading
from collections.abc import Iterable, Iterator

_WORD_START = "\\b"
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_QUANTIFIERS = frozenset("*+?{")
_PREFIX = r"\b(?=[a-z0-9])"


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(index, depth) of each "(", ")" and "|" from `start` that is not escaped or inside a
    character class; depth counts the groups open before it."""
    depth, index, in_class = 0, start, False
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
        elif char == ")":
            depth -= 1
            yield index, depth
        elif char in "(|":
            yield index, depth
            depth += char == "("
        index += 1


def top_level_alternatives(pattern: str) -> Iterator[str]:
    """`pattern` split at each `|` outside parentheses and character classes."""
    start = 0
    for index, depth in _structure(pattern):
        if depth == 0 and pattern[index] == "|":
            yield pattern[start:index]
            start = index + 1
    yield pattern[start:]


def _closing(pattern: str, opening: int) -> int:
    """Index of the ")" closing the "(" at `opening`."""
    for index, depth in _structure(pattern, opening):
        if depth == 0 and pattern[index] == ")":
            return index
    raise ValueError(f"unbalanced pattern: {pattern}")


def _distributed(alternative: str) -> list[str]:
    """"(?:ab|ac|d)e" as ["a(?:b|c)e", "de"]: a group the alternative starts with is opened, its
    choices grouped by first letter, so that each resulting alternative starts with a letter
    (and a long tail is repeated once per letter, not once per choice)."""
    if alternative.startswith(_WORD_START):
        alternative = alternative[len(_WORD_START) :]
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _closing(alternative, 0)
    inner, after = alternative[3:end], alternative[end + 1 :]
    optional = after.startswith("?")
    if optional:
        after = after[1:]
    pieces = list(top_level_alternatives(inner))
    if after[:1] in _QUANTIFIERS or "" in pieces or (optional and not after):
        return [alternative]  # "(?:ab)*", "(?:a|)", "(?:ab)?" alone: not a plain choice
    by_letter: dict[str, list[str]] = {}
    result: list[str] = []
    for piece in pieces:
        if piece.startswith(_WORD_START):
            piece = piece[len(_WORD_START) :]
        if piece[:1] in _PLAIN and piece[1:2] not in _QUANTIFIERS:
            by_letter.setdefault(piece[0], []).append(piece[1:])
        else:
            result += _distributed(piece + after)
    for letter, rests in by_letter.items():
        result.append(letter + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")") + after)
    if optional:
        result += _distributed(after)
    return result


class Cues:
    """A cue list's pattern, compiled on first use: the lists are long enough that compiling
    them all costs a cold start about 0.2 s, which Lambdas that never triage should not pay
    (the triage model loads lazily for the same reason)."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def _regex(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            with _COMPILING:
                compiled = self._compiled = self._compiled or re.compile(self.pattern)
        return compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._regex().finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self._regex().search(text)


_COMPILING = threading.Lock()


def any_of(patterns: Iterable[str]) -> Cues:
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
    return Cues(_PREFIX + "(?:" + "|".join(branches) + ")")


def gate(*compiled: Cues) -> Cues:
    """One pattern that matches wherever any of `compiled` (built by any_of) does: a single scan
    that says whether the slower checks built on them are worth running."""
    return any_of(pattern.pattern[len(_PREFIX) :] for pattern in compiled)
