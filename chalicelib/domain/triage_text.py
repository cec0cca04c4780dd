"""Turn a raw customer mail into the text and features the triage model reads.

Shared by the Lambda code and by scripts/train_triage.py, so training and serving
featurise exactly alike. Everything here is linear in the (capped) input size. Quotes,
signatures, greetings and form fields are taken off by `quoted_text`, the stripper mail
intake uses too.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .quoted_text import request_text

# A 10 KB mail costs no more than a 4 KB one: quoted history and signatures sit at the end.
RAW_BODY_CAP = 4000
# What the customer wrote first carries the request; later paragraphs mostly add detail.
NEW_TEXT_CAP = 900
# The critical cues read further: about 400 words, a long complaint's every paragraph.
WHOLE_TEXT_CAP = 2500
SUBJECT_CAP = 200
SUBJECT_WEIGHT = 2  # a subject like "Wrong item" is worth two mentions in the body

_PLACEHOLDER = re.compile(r"\{\{[^}]{0,60}\}\}")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"[ \t]+")

# Accents vary by keyboard and are often dropped, so "garantía" and "garantia" should meet.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("àáâãäå", "a"),
        **dict.fromkeys("èéêë", "e"),
        **dict.fromkeys("ìíîï", "i"),
        **dict.fromkeys("òóôõöø", "o"),
        **dict.fromkeys("ùúûü", "u"),
        "ç": "c",
        "ñ": "n",
        "ý": "y",
        "ÿ": "y",
        "ß": "ss",
        "œ": "oe",
        "æ": "ae",
        "'": "",
        "’": "",
    }
)


def new_body_text(body: str) -> str:
    """The part of the body the customer just wrote: no greeting, quote or signature."""
    return request_text(body[:RAW_BODY_CAP], NEW_TEXT_CAP)


def whole_request_text(body: str, read: str) -> str:
    """All the customer just wrote (up to WHOLE_TEXT_CAP), when `read`, what new_body_text gave,
    stopped at NEW_TEXT_CAP: a fire or a fraud mentioned in a long mail's fifth paragraph
    still makes it critical, though the category is read from the first ones."""
    if len(read) < NEW_TEXT_CAP - 1:
        return read
    return request_text(body[:RAW_BODY_CAP], WHOLE_TEXT_CAP)


def normalise(text: str) -> str:
    """Lower-case, accent-folded text with links and addresses made generic.

    Digits stay (the rules read "14 months", "charged 3 times") but never become features:
    order numbers say nothing about the category.
    """
    text = text.lower()
    # The membership tests skip regex passes that almost never match.
    if "{{" in text:
        text = _PLACEHOLDER.sub(" xslot ", text)
    if "http" in text or "www." in text:
        text = _URL.sub(" xurl ", text)
    if "@" in text:
        text = _EMAIL.sub(" xemail ", text)
    return _SPACES.sub(" ", text.translate(_FOLD))


# Subword features survive typos and inflection: "recieved" still shares "<rec", "eiv",
# "ved>" with "received"; "garantia" meets "garantie". fastText-style character 2- to 5-grams
# of each word padded with "<" and ">", plus the word itself and word bigrams.
_GRAM_SIZES = (2, 3, 4, 5)
_MIN_GRAM_WORD = 3  # "my", "to": the word feature says it all
_TOKEN_CACHE_LIMIT = 50_000
_TOKEN_FEATURES: dict[str, tuple[str, ...]] = {}


def token_features(token: str) -> tuple[str, ...]:
    """The word feature and the character n-grams of one lower-case, accent-folded token."""
    cached = _TOKEN_FEATURES.get(token)
    if cached is None:
        grams = [token]
        if len(token) >= _MIN_GRAM_WORD:
            padded = "<" + token + ">"
            for size in _GRAM_SIZES:
                grams += ["~" + padded[start : start + size] for start in range(len(padded) - size + 1)]
        cached = tuple(grams)
        if len(_TOKEN_FEATURES) >= _TOKEN_CACHE_LIMIT:
            _TOKEN_FEATURES.clear()
        _TOKEN_FEATURES[token] = cached
    return cached


def tokens(normalised: str) -> list[str]:
    return _WORD.findall(normalised)


def bigrams(words: list[str]) -> list[str]:
    """Adjacent word pairs, "^" marking the start: "^ where", "where is", "is my"."""
    return list(map(" ".join, zip(["^", *words], words, strict=False)))


# Character n-grams that cross a word boundary ("k my", "ck my o"): they catch phrases across
# spellings and word splits ("track my order", "trackmy order", "track my ordr") that neither a
# word bigram nor one word's own n-grams see. Measured on three blind sets, +0.5 to +1.6 points
# of macro-F1 (issue 15). They are read per junction of two adjacent words, the last three
# letters of one and the first three of the next ("ack my"), so triage.py can cache each
# junction's summed weights as it does a word's.
_BOUNDARY_SIZES = (3, 4, 5)
_JUNCTION_SIDE = 3
_JUNCTION_GRAMS: dict[str, tuple[str, ...]] = {}


def junctions(words: list[str]) -> list[str]:
    """The distinct junctions of adjacent words: "ack my", "my ord" for "track my order"."""
    side = _JUNCTION_SIDE
    return list(dict.fromkeys(left[-side:] + " " + right[:side] for left, right in pairwise(words)))


def junction_grams(junction: str) -> tuple[str, ...]:
    """The character 3- to 5-grams of one junction with its space inside (not at either end),
    marked "#": "ack my" gives "#k m", "#ck m", "#k my", "#ack m", "#ck my"."""
    cached = _JUNCTION_GRAMS.get(junction)
    if cached is None:
        space, last = junction.index(" "), len(junction)
        cached = tuple(
            "#" + junction[start : start + size]
            for size in _BOUNDARY_SIZES
            # the space sits strictly inside: start < space < start + size - 1
            for start in range(max(0, space - size + 2), min(space - 1, last - size) + 1)
        )
        if len(_JUNCTION_GRAMS) >= _TOKEN_CACHE_LIMIT:
            _JUNCTION_GRAMS.clear()
        _JUNCTION_GRAMS[junction] = cached
    return cached


def feature_scale(total: float) -> float:
    """Divisor of a message's features: the square root of the sum of count x idf squared.

    With every idf 1 and every count 1 that is the L2 norm. The same for any message length in
    expectation, so a long mail's key phrase is not drowned, yet length alone does not inflate
    the scores. triage.py computes the same sum token by token.
    """
    return total**0.5 if total else 1.0


def features(subject: str, new_text: str) -> dict[str, int]:
    """Feature name -> count (subject features count SUBJECT_WEIGHT times), for training.

    Each distinct word, bigram and word junction counts once per part: a word repeated forty
    times (a pasted log, "lorem ipsum") says no more than once. A character n-gram shared by
    several words (or junctions) counts once per word (or junction).

    triage.py sums the same weights token by token instead of building this dictionary.
    """
    found: dict[str, int] = {}
    for part, weight in ((normalise(new_text), 1), (normalise(subject)[:SUBJECT_CAP], SUBJECT_WEIGHT)):
        words = tokens(part)
        for word in dict.fromkeys(words):
            for name in token_features(word):
                found[name] = found.get(name, 0) + weight
        for name in dict.fromkeys(bigrams(words)):
            found[name] = found.get(name, 0) + weight
        for junction in junctions(words):
            for name in junction_grams(junction):
                found[name] = found.get(name, 0) + weight
    return found
