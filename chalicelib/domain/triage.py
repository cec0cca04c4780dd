"""Triage of an inbound customer message: category, priority, language, confidence.

A linear model (a linear SVM trained offline by scripts/train_triage.py on TF-IDF-weighted
words, word bigrams, character 2- to 5-grams of each word, which survive typos, and character
3- to 5-grams across word boundaries) proposes the category; a softmax of its scores at a
temperature, mixed with a small uniform share, both fitted on grouped cross-validation that
holds out whole batches of hand-written requests,
makes the confidence a probability calibrated for phrasings never seen in training; below
REVIEW_BELOW the ticket is flagged `needs_review`. Rules add what data cannot be trusted
with: fraud, chargeback, account-takeover and safety cues (triage_critical), which decide a
critical priority, and urgency, calm or chasing in the customer's own words (triage_rules).
Weak rule cues only tip a model that is itself unsure. Pure Python, so it runs in Lambda
without numpy; the model loads once per container, on first use.
"""

from __future__ import annotations

import gc
import gzip
import json
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from chalicelib.domain import triage_critical as critical
from chalicelib.domain import triage_critical_model as critical_model
from chalicelib.domain import triage_priority as cues
from chalicelib.domain import triage_rules as rules
from chalicelib.domain.language import detect_language
from chalicelib.domain.models import CATEGORIES as TICKET_CATEGORIES
from chalicelib.domain.models import PRIORITIES as TICKET_PRIORITIES
from chalicelib.domain.triage_patterns import Cues
from chalicelib.domain.triage_text import (
    NEW_TEXT_CAP,
    SUBJECT_CAP,
    SUBJECT_WEIGHT,
    bigrams,
    feature_scale,
    junction_grams,
    junctions,
    new_body_text,
    normalise,
    token_features,
    tokens,
    whole_request_text,
)

# One list of categories and of priorities for triage and for ticket records.
CATEGORIES = TICKET_CATEGORIES
PRIORITIES = TICKET_PRIORITIES
MODEL_PATH = Path(__file__).with_name("triage_model.json.gz")

# Below this calibrated probability a person should check the category: the ticket is
# flagged `needs_review`. On requests held out a batch at a time (scripts/train_triage.py prints
# the table) the model is right about half the time below 0.6 (0.47; 0.88 above), and about
# one such message in five falls below it (one in eleven on the blind set v3).
REVIEW_BELOW = 0.6
# Logit bonuses for rule hits. Fraud and takeover are sharp cues and always count; weak cues
# (a defect word, "damaged", "wrong item") only tip a model that is below REVIEW_BELOW itself.
_STRONG_NUDGE = 2.0
_WEAK_NUDGE = 0.8
_WAITED_FOR = ("shipping_problem", "return_refund", "warranty_claim", "order_issue", "billing")
_LANGUAGE_SAMPLE = 600  # a paragraph settles the language; more only costs time


@dataclass(frozen=True)
class Triage:
    category: str  # one of CATEGORIES
    priority: str  # one of PRIORITIES
    language: str  # ISO 639-1 code
    confidence: float  # 0..1, probability of the category
    reasons: tuple[str, ...] = ()  # machine-readable why, e.g. ("model", "rule:safety")
    needs_review: bool = False  # confidence below REVIEW_BELOW: a person should check


_TOKEN_CACHE_LIMIT = 50_000


@dataclass
class _Model:
    categories: tuple[str, ...]
    intercepts: tuple[float, ...]
    temperature: float
    weight_scale: float
    weights: dict[str, tuple[int, ...]]
    # Probability spread evenly over the categories: the chance, measured on phrasings training
    # never saw, that the model is plainly wrong however sure its scores look.
    uniform_share: float = 0.0
    # Squared inverse document frequency of every known feature, and of unknown ones: a rare
    # n-gram weighs more in the message's norm. Without them (older models) every feature is 1.
    idf2: dict[str, float] = field(default_factory=dict)
    unknown_idf2: float = 1.0
    # Whether the model was trained with character n-grams across word boundaries (format 4).
    boundary_grams: bool = False
    # token -> (summed weights of its word and character n-gram features or None, their idf2 sum)
    _tokens: dict[str, tuple[tuple[int, ...] | None, float]] = field(default_factory=dict)
    _junctions: dict[str, tuple[tuple[int, ...] | None, float]] = field(default_factory=dict)

    def token(self, word: str) -> tuple[tuple[int, ...] | None, float]:
        """Support mail reuses a small vocabulary: most words cost one dict lookup."""
        return self._summed(self._tokens, word, token_features)

    def junction(self, junction: str) -> tuple[tuple[int, ...] | None, float]:
        """The same for the character n-grams across one junction of two words ("ack my")."""
        return self._summed(self._junctions, junction, junction_grams)

    def _summed(self, cache: dict[str, tuple[tuple[int, ...] | None, float]], key: str,
                names_of: Callable[[str], tuple[str, ...]]) -> tuple[tuple[int, ...] | None, float]:
        cached = cache.get(key)
        if cached is None:
            names = names_of(key)
            rows = [row for row in map(self.weights.get, names) if row is not None]
            summed = tuple(map(sum, zip(*rows, strict=True))) if rows else None
            idf2, unknown = self.idf2.get, self.unknown_idf2
            cached = (summed, sum(idf2(name, unknown) for name in names))
            if len(cache) >= _TOKEN_CACHE_LIMIT:
                cache.clear()
            cache[key] = cached
        return cached


_model: _Model | None = None
_model_lock = threading.Lock()


def model_from_payload(raw: dict[str, Any]) -> _Model:
    """Build the scorer from the JSON document scripts/train_triage.py writes."""
    return _Model(
        categories=tuple(raw["categories"]),
        intercepts=tuple(raw["intercepts"]),
        temperature=float(raw["temperature"]),
        uniform_share=float(raw.get("uniform_share", 0.0)),
        # Integer weights as shipped (a cold start converts nothing); the sum is scaled once.
        weight_scale=float(raw["weight_scale"]),
        weights={name: tuple(row) for name, row in raw["features"].items()},
        idf2={name: value * value for name, value in raw.get("idf", {}).items()},
        unknown_idf2=float(raw.get("unknown_idf", 1.0)) ** 2,
        boundary_grams=bool(raw.get("boundary_grams", False)),
    )


def _load_model(path: Path = MODEL_PATH) -> _Model:
    return model_from_payload(json.loads(gzip.decompress(path.read_bytes())))


def _get_model() -> _Model:
    # Loaded on first use, not at import: cold starts that never triage pay nothing.
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = _load_model()
                # The model is tens of thousands of tuples that live as long as the container:
                # out of the collector's sight, or every full collection walks them (10-30 ms).
                gc.freeze()
    return _model


def reset_model_cache(model: _Model | None = None) -> None:
    """Forget the loaded model, or install one (training and experiments use this)."""
    global _model
    _model = model


def _logits(model: _Model, normalised_subject: str, normalised_text: str) -> list[float]:
    rows: list[tuple[int, ...]] = []
    total = 0.0
    lookup, idf2, unknown = model.weights.get, model.idf2.get, model.unknown_idf2
    for part, weight in ((normalised_text, 1), (normalised_subject[:SUBJECT_CAP], SUBJECT_WEIGHT)):
        words = tokens(part)
        for word in dict.fromkeys(words):  # distinct words and bigrams, as in training
            summed, count = model.token(word)
            total += count * weight
            if summed is not None:
                rows += [summed] * weight  # weight 1 or 2: repeating the row is the multiply
        for name in dict.fromkeys(bigrams(words)):
            total += weight * idf2(name, unknown)
            row = lookup(name)
            if row is not None:
                rows += [row] * weight
        for junction in junctions(words) if model.boundary_grams else ():
            summed, count = model.junction(junction)
            total += count * weight
            if summed is not None:
                rows += [summed] * weight
    if not rows:
        return list(model.intercepts)
    scale = feature_scale(total) * model.weight_scale
    columns = zip(*rows, strict=True)  # one column of summed weights per category
    return [b + sum(column) / scale for b, column in zip(model.intercepts, columns, strict=True)]


def _softmax(logits: list[float], temperature: float, uniform_share: float = 0.0) -> list[float]:
    top = max(logits)
    exps = [math.exp((value - top) / temperature) for value in logits]
    total = sum(exps)
    floor = uniform_share / len(logits)
    return [(1 - uniform_share) * value / total + floor for value in exps]


class _Signals:
    """What the rules see in one message; each pattern runs only if a decision asks."""

    def __init__(self, normalised: str, whole: str | None = None) -> None:
        self.text = normalised
        # The critical cues read all the customer wrote, not just what the model reads.
        self.whole = normalised if whole is None else whole

    def _found(self, pattern: Cues) -> bool:
        return pattern.search(self.text) is not None

    @cached_property
    def _harmless(self) -> list[tuple[int, int]]:
        return critical.harmless_spans(self.whole)

    @cached_property
    def fraud(self) -> bool:
        return critical.fraud_reported(self.whole, self._harmless)

    @cached_property
    def takeover(self) -> bool:
        return critical.takeover_reported(self.whole, self._harmless)

    @cached_property
    def safety(self) -> bool:
        return critical.danger_reported(self.whole, self._harmless)

    @cached_property
    def learned_critical(self) -> bool:
        return critical_model.says_critical(self.whole)

    @cached_property
    def warranty(self) -> bool:
        return self._found(rules.WARRANTY)

    @cached_property
    def defect(self) -> bool:
        return self._found(rules.DEFECT)

    @cached_property
    def damage(self) -> bool:
        return rules.affirmed(rules.DAMAGE, self.text)

    @cached_property
    def transit(self) -> bool:
        return self._found(rules.TRANSIT)

    @cached_property
    def owned_a_while(self) -> bool:
        return self._found(rules.OWNED_FOR_A_WHILE)

    @cached_property
    def repair(self) -> bool:
        return self._found(rules.REPAIR)

    @cached_property
    def not_arrived(self) -> bool:
        return self._found(rules.NOT_ARRIVED)

    @cached_property
    def double_charge(self) -> bool:
        return self._found(rules.DOUBLE_CHARGE)

    @cached_property
    def wrong_or_missing(self) -> bool:
        return self._found(rules.WRONG_OR_MISSING_ITEM)

    @cached_property
    def urgent(self) -> bool:
        not_deadlines = [match.span() for match in cues.NOT_A_DEADLINE.finditer(self.text)]
        return rules.affirmed(cues.URGENT, self.text, harmless=not_deadlines)

    @cached_property
    def calm(self) -> bool:
        return self._found(cues.CALM)

    @cached_property
    def chasing(self) -> bool:
        return self._found(cues.CHASING)

    @cached_property
    def bulk(self) -> bool:
        return self._found(cues.BULK)

    @cached_property
    def waiting_long(self) -> bool:
        return self._found(cues.WAITING_LONG)

    @cached_property
    def only_praise(self) -> bool:
        return self._found(cues.PRAISE) and not self._found(cues.COMPLAINT)


def _strong_nudges(signals: _Signals) -> list[tuple[str, float, str]]:
    """(category, logit bonus, reason) for cues sharp enough to count against the model."""
    if signals.takeover:
        return [("account", _STRONG_NUDGE, "rule:account_takeover")]
    if signals.fraud:
        return [("billing", _STRONG_NUDGE, "rule:fraud")]
    return []


def _weak_nudges(signals: _Signals) -> list[tuple[str, float, str]]:
    """Cues that only tip an unsure model: the words alone are common in other requests too."""
    nudges = []
    if signals.double_charge:
        nudges.append(("billing", _WEAK_NUDGE, "rule:double_charge"))
    broken = signals.defect or signals.damage or signals.safety
    if signals.warranty and (broken or signals.repair):
        nudges.append(("warranty_claim", _WEAK_NUDGE, "rule:warranty"))
    elif broken and signals.owned_a_while:
        nudges.append(("warranty_claim", _WEAK_NUDGE, "rule:failed_after_months"))
    elif signals.damage and signals.transit:
        nudges.append(("shipping_problem", _WEAK_NUDGE, "rule:damaged_in_transit"))
    elif signals.safety or signals.defect:
        nudges.append(("product_defect", _WEAK_NUDGE, "rule:defect"))
    if signals.wrong_or_missing:
        nudges.append(("order_issue", _WEAK_NUDGE, "rule:wrong_or_missing_item"))
    elif signals.not_arrived:
        nudges.append(("shipping_problem", _WEAK_NUDGE, "rule:not_arrived"))
    return nudges


def _priority(category: str, signals: _Signals) -> tuple[str, list[str]]:
    """Critical cues first, then the customer's own urgency or calm, then the category."""
    if signals.fraud or signals.takeover:
        return "critical", []
    # Whatever the category: a model wrong about a fire must not make it wait. Questions
    # before buying ("does it switch off if it overheats?") are not reports (rules.affirmed).
    if signals.safety:
        return "critical", ["rule:safety"]
    # Critical in words no cue knows yet: the learned second opinion, only when fairly sure.
    if signals.learned_critical:
        return "critical", ["model:critical"]
    if signals.calm:
        return "low", ["rule:calm"]
    if signals.urgent:
        return "high", ["rule:urgent"]
    # A customer chasing for the second or third time has already waited too long. A double
    # charge or a late parcel alone is normal: what the desk does next does not change by
    # jumping the queue (issue 15: nearly every ticket came out high).
    if category not in ("pre_sale", "other") and signals.chasing:
        return "high", ["rule:chasing"]
    # Weeks without the parcel, the refund or the repair: the desk has already let them down.
    if category in _WAITED_FOR and signals.waiting_long:
        return "high", ["rule:waiting_long"]
    # Someone thinking of buying can wait a little, unless it is a business asking for a quote
    # on quantity. Anything else about an order, a payment or the service (praise and
    # complaints too) goes in the normal queue.
    if category == "pre_sale":
        return ("normal", ["rule:bulk_enquiry"]) if signals.bulk else ("low", [])
    # Thanks and praise ask nothing of the desk; a complaint or a suggestion is worked on.
    if category == "feedback" and signals.only_praise:
        return "low", ["rule:praise"]
    return "normal", []


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def triage(subject: str, body: str) -> Triage:
    """Classify one inbound message. Quoted history and signatures are ignored."""
    subject = subject or ""
    text = new_body_text(body or "")
    if not text:
        # Nothing new above the quote (a bare forward): the quote is all we have.
        text = (body or "").replace("\n>", "\n")[:NEW_TEXT_CAP]
    model = _get_model()
    normalised_subject, normalised_text = normalise(subject), normalise(text)
    logits = _logits(model, normalised_subject, normalised_text)
    whole = whole_request_text(body or "", text)
    signals = _Signals(normalised_subject + "\n" + normalised_text,
                       None if whole is text else normalised_subject + "\n" + normalise(whole))
    reasons = ["model"]
    nudges = _strong_nudges(signals)
    if max(_softmax(logits, model.temperature, model.uniform_share)) < REVIEW_BELOW:
        nudges += _weak_nudges(signals)
    for category, bonus, reason in nudges:
        logits[model.categories.index(category)] += bonus * model.temperature
        reasons.append(reason)
    probabilities = _softmax(logits, model.temperature, model.uniform_share)
    best = _argmax(probabilities)
    category = model.categories[best]
    priority, priority_reasons = _priority(category, signals)
    return Triage(
        category=category,
        priority=priority,
        language=detect_language(subject + "\n" + text[:_LANGUAGE_SAMPLE]),
        confidence=round(probabilities[best], 4),
        reasons=tuple(dict.fromkeys(reasons + priority_reasons)),
        needs_review=probabilities[best] < REVIEW_BELOW,
    )
