"""Triage of an inbound customer message: category, priority, language, confidence.

A linear model (logistic regression trained offline by scripts/train_triage.py on word,
bigram and character 4-gram features) proposes the category; multilingual rules in
triage_rules then nudge it on sharp signals and decide the priority, because urgency must
not hinge on a statistical guess. Pure Python, so it runs in Lambda without numpy.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from chalicelib.domain import triage_rules as rules
from chalicelib.domain.language import detect_language
from chalicelib.domain.models import CATEGORIES as TICKET_CATEGORIES
from chalicelib.domain.models import PRIORITIES as TICKET_PRIORITIES
from chalicelib.domain.triage_text import (
    NEW_TEXT_CAP,
    SUBJECT_WEIGHT,
    feature_sets,
    new_body_text,
    normalise,
)

# One list of categories and of priorities for triage and for ticket records.
CATEGORIES = TICKET_CATEGORIES
PRIORITIES = TICKET_PRIORITIES
MODEL_PATH = Path(__file__).with_name("triage_model.json.gz")

# Logit bonuses for rule hits: large enough to overturn a hesitant model, small enough that
# a confident model that clearly read something else still wins.
_STRONG_NUDGE = 3.0
_NUDGE = 1.5
_SLIGHT_NUDGE = 0.7
_LANGUAGE_SAMPLE = 600  # a paragraph settles the language; more only costs time


@dataclass(frozen=True)
class Triage:
    category: str  # one of CATEGORIES
    priority: str  # one of PRIORITIES
    language: str  # ISO 639-1 code
    confidence: float  # 0..1, probability of the category
    reasons: tuple[str, ...] = ()  # machine-readable why, e.g. ("model", "rule:safety")


@dataclass(frozen=True)
class _Model:
    categories: tuple[str, ...]
    intercepts: tuple[float, ...]
    temperature: float
    norm_exponent: float
    weights: dict[str, tuple[float, ...]]


_model: _Model | None = None
_model_lock = threading.Lock()


def model_from_payload(raw: dict[str, Any]) -> _Model:
    """Build the scorer from the JSON document scripts/train_triage.py writes."""
    scale = float(raw["weight_scale"])
    return _Model(
        categories=tuple(raw["categories"]),
        intercepts=tuple(raw["intercepts"]),
        temperature=float(raw["temperature"]),
        norm_exponent=float(raw["norm_exponent"]),
        weights={name: tuple(v / scale for v in row) for name, row in raw["features"].items()},
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
    return _model


def reset_model_cache(model: _Model | None = None) -> None:
    """Forget the loaded model, or install one (training and experiments use this)."""
    global _model
    _model = model


def _logits(model: _Model, normalised_subject: str, normalised_text: str) -> list[float]:
    body_features, subject_features = feature_sets(normalised_subject, normalised_text)
    squares = len(body_features) + SUBJECT_WEIGHT**2 * len(subject_features)
    if not squares:
        return list(model.intercepts)
    lookup = model.weights.get
    rows = [row for row in map(lookup, body_features) if row is not None]
    subject_rows = [row for row in map(lookup, subject_features) if row is not None]
    # Subject weights are exactly 2 (SUBJECT_WEIGHT): adding each row twice is the multiply.
    rows += subject_rows * SUBJECT_WEIGHT
    if not rows:
        return list(model.intercepts)
    norm = squares ** (model.norm_exponent / 2)
    columns = zip(*rows, strict=True)  # one column of summed weights per category
    return [b + sum(column) / norm for b, column in zip(model.intercepts, columns, strict=True)]


def _softmax(logits: list[float], temperature: float) -> list[float]:
    top = max(logits)
    exps = [math.exp((value - top) / temperature) for value in logits]
    total = sum(exps)
    return [value / total for value in exps]


class _Signals:
    """What the rules see in one message; each pattern runs only if a decision asks."""

    def __init__(self, normalised: str) -> None:
        self.text = normalised

    def _found(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.text) is not None

    @cached_property
    def fraud(self) -> bool:
        return self._found(rules.FRAUD)

    @cached_property
    def takeover(self) -> bool:
        return self._found(rules.ACCOUNT_TAKEOVER)

    @cached_property
    def safety(self) -> bool:
        return rules.affirmed(rules.SAFETY, self.text)

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
    def angry(self) -> bool:
        return "!!" in self.text or self._found(rules.ANGRY)


def _nudges(signals: _Signals) -> list[tuple[str, float, str]]:
    """(category, logit bonus, reason) for each rule that points at a category."""
    nudges = []
    if signals.takeover:
        nudges.append(("account", _STRONG_NUDGE, "rule:account_takeover"))
    elif signals.fraud:
        nudges.append(("billing", _STRONG_NUDGE, "rule:fraud"))
    if signals.double_charge:
        nudges.append(("billing", _NUDGE, "rule:double_charge"))
    broken = signals.defect or signals.damage or signals.safety
    if signals.warranty and (broken or signals.repair):
        nudges.append(("warranty_claim", _STRONG_NUDGE, "rule:warranty"))
    elif broken and signals.owned_a_while:
        nudges.append(("warranty_claim", _NUDGE, "rule:failed_after_months"))
    if signals.safety or (signals.defect and not signals.warranty):
        nudges.append(("product_defect", _SLIGHT_NUDGE, "rule:defect"))
    elif signals.damage and not signals.owned_a_while:
        if signals.transit:
            nudges.append(("shipping_problem", _SLIGHT_NUDGE, "rule:damaged_in_transit"))
        else:
            nudges.append(("product_defect", _SLIGHT_NUDGE, "rule:broke_in_use"))
    if signals.wrong_or_missing:
        nudges.append(("order_issue", _SLIGHT_NUDGE, "rule:wrong_or_missing_item"))
    return nudges


def _priority(category: str, signals: _Signals) -> tuple[str, list[str]]:
    if signals.fraud or signals.takeover:
        return "critical", []
    if signals.safety and category != "pre_sale":
        return "critical", []
    if category in ("product_defect", "warranty_claim"):
        return "high", []
    # Category first, so a pattern runs only where it can matter.
    high_because = {
        "rule:damage": category not in ("pre_sale", "feedback", "other") and signals.damage,
        "rule:not_arrived": category in ("shipping_problem", "order_issue") and signals.not_arrived,
        "rule:double_charge": category in ("billing", "return_refund") and signals.double_charge,
        "rule:wrong_or_missing_item": category
        in ("order_issue", "shipping_problem", "return_refund")
        and signals.wrong_or_missing,
    }
    reasons = [reason for reason, fired in high_because.items() if fired]
    if reasons:
        return "high", reasons
    if category == "pre_sale":
        return "low", []
    if category == "feedback":
        return ("normal", ["rule:angry"]) if signals.angry else ("low", [])
    return "normal", []


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
    signals = _Signals(normalised_subject + "\n" + normalised_text)
    reasons = ["model"]
    for category, bonus, reason in _nudges(signals):
        logits[model.categories.index(category)] += bonus
        reasons.append(reason)
    probabilities = _softmax(logits, model.temperature)
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    category = model.categories[best]
    priority, priority_reasons = _priority(category, signals)
    if signals.safety and priority == "critical":
        priority_reasons.append("rule:safety")
    return Triage(
        category=category,
        priority=priority,
        language=detect_language(subject + "\n" + text[:_LANGUAGE_SAMPLE]),
        confidence=round(probabilities[best], 4),
        reasons=tuple(dict.fromkeys(reasons + priority_reasons)),
    )
