"""Turn a raw customer mail into the text and features the triage model reads.

Shared by the Lambda code and by scripts/train_triage.py, so training and serving
featurise exactly alike. Everything here is linear in the (capped) input size. Quotes,
signatures, greetings and form fields are taken off by `quoted_text`, the stripper mail
intake uses too.
"""

from __future__ import annotations

import re

from .quoted_text import request_text

# A 10 KB mail costs no more than a 4 KB one: quoted history and signatures sit at the end.
RAW_BODY_CAP = 4000
# What the customer wrote first carries the request; later paragraphs mostly add detail.
NEW_TEXT_CAP = 900
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


# Per-token features (the word and its character 4-grams), memoised: support mail reuses a
# small vocabulary, so most tokens are seen before and cost one dict lookup.
_TOKEN_FEATURES: dict[str, tuple[str, ...]] = {}
_TOKEN_CACHE_LIMIT = 50_000


def _token_features(token: str) -> tuple[str, ...]:
    cached = _TOKEN_FEATURES.get(token)
    if cached is None:
        grams = [token]
        if len(token) > 3:
            # Character 4-grams absorb typos ("recieved") and inflections ("garantie").
            padded = "<" + token + ">"
            grams += ["~" + padded[start : start + 4] for start in range(len(padded) - 3)]
        cached = tuple(grams)
        if len(_TOKEN_FEATURES) >= _TOKEN_CACHE_LIMIT:
            _TOKEN_FEATURES.clear()
        _TOKEN_FEATURES[token] = cached
    return cached


def _part_features(normalised: str) -> set[str]:
    tokens = _WORD.findall(normalised)
    found: set[str] = set()
    for token in tokens:
        found.update(_token_features(token))
    found.update(map(" ".join, zip(["^", *tokens], tokens, strict=False)))  # bigrams, "^" = start
    return found


def feature_sets(normalised_subject: str, normalised_text: str) -> tuple[set[str], set[str]]:
    """(features of the body only, features of the subject): the latter weigh double."""
    subject_features = _part_features(normalised_subject[:SUBJECT_CAP])
    body_features = _part_features(normalised_text)
    body_features.difference_update(subject_features)
    return body_features, subject_features


def feature_norm(found: dict[str, int], exponent: float) -> float:
    """Divisor of a message's feature vector: its L2 norm raised to `exponent`.

    Training divides by this; triage.py computes the same from its feature sets.

    1.0 is plain L2 normalisation, 0.0 none. In between, a long mail's key phrase is not
    drowned by its many neutral words, yet length alone does not inflate the scores.
    """
    squares = sum(weight * weight for weight in found.values())
    return squares ** (exponent / 2) if squares else 1.0


def features(subject: str, new_text: str) -> dict[str, int]:
    """Feature name -> weight, for training; triage.py uses `feature_sets` directly."""
    body_features, subject_features = feature_sets(normalise(subject), normalise(new_text))
    found = dict.fromkeys(body_features, 1)
    found.update(dict.fromkeys(subject_features, SUBJECT_WEIGHT))
    return found
