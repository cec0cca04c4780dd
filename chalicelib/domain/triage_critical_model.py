"""A small learned second opinion on whether a message is critical, for phrasings the cue lists
of triage_critical have not met ("my bank is chargebacking the payment", "the cot mattress is
smaller than the cot and my baby's arm got wedged in the gap").

Logistic regression on the words, word pairs and character 2- to 5-grams of each word (the
features the category model reads, unweighted), trained by scripts/train_critical.py on the
critical development sets and on the development mail labelled by the cues. Pure Python: per
word, the summed weight of its features is cached, so a message costs one dict lookup a word.
Loaded on first use, once per container. A cue says why; this model only adds recall, so it
answers yes only when fairly sure (THRESHOLD: on development sets held out one at a time it
adds about five points of recall to the cues' on phrasings they have not met, and two false
alarms in the blind set v3's 396 non-critical messages).
"""

from __future__ import annotations

import gzip
import json
import math
import threading
from pathlib import Path

from chalicelib.domain.triage_text import bigrams, token_features, tokens

MODEL_PATH = Path(__file__).with_name("triage_critical_model.json.gz")
THRESHOLD = 0.7
_WORD_CACHE_LIMIT = 50_000


def message_features(normalised: str) -> list[str]:
    """Distinct features of a normalised message: each word's features, then its word pairs."""
    words = tokens(normalised)
    names: list[str] = []
    for word in dict.fromkeys(words):
        names += token_features(word)
    names += dict.fromkeys(bigrams(words))
    return names


class CriticalModel:
    def __init__(self, weights: dict[str, float], intercept: float) -> None:
        self.weights = weights
        self.intercept = intercept
        self._words: dict[str, tuple[float, int]] = {}

    def _word(self, word: str) -> tuple[float, int]:
        cached = self._words.get(word)
        if cached is None:
            names = token_features(word)
            cached = (sum(self.weights.get(name, 0.0) for name in names), len(names))
            if len(self._words) >= _WORD_CACHE_LIMIT:
                self._words.clear()
            self._words[word] = cached
        return cached

    def probability(self, normalised: str) -> float:
        words = tokens(normalised)
        total, count = 0.0, 0
        for word in dict.fromkeys(words):
            weight, size = self._word(word)
            total += weight
            count += size
        pairs = dict.fromkeys(bigrams(words))
        total += sum(self.weights.get(pair, 0.0) for pair in pairs)
        count += len(pairs)
        score = self.intercept + (total / math.sqrt(count) if count else 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


_model: CriticalModel | None = None
_lock = threading.Lock()


def model_from_payload(raw: dict[str, object]) -> CriticalModel:
    scale = float(raw["weight_scale"])  # type: ignore[arg-type]
    features = raw["features"]
    assert isinstance(features, dict)
    return CriticalModel({name: value / scale for name, value in features.items()},
                         float(raw["intercept"]))  # type: ignore[arg-type]


def get_model() -> CriticalModel:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = model_from_payload(json.loads(gzip.decompress(MODEL_PATH.read_bytes())))
    return _model


def reset_model_cache(model: CriticalModel | None = None) -> None:
    """Forget the loaded model, or install one (training uses this)."""
    global _model
    _model = model


def says_critical(normalised: str) -> bool:
    return get_model().probability(normalised) >= THRESHOLD
