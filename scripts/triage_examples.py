"""Seeded generator of email-like training messages for the triage model.

Bitext gives short chatbot utterances ("how do I track my order") and has nothing for
product defects, warranty claims, damage in transit or wrong/missing items. Real mail is
longer: greetings, order numbers, a sentence of context, a sign-off. These templates fill
the missing categories and show the model every category in that email shape, in English
and (fewer) in Spanish, French and German. Same phrases and seed, same examples.

The phrases are data, in scripts/data/triage_examples.jsonl, one JSON object a line:

    {"kind": "template", "category", "language", "text"}   a hand-written core sentence
    {"kind": "composed", "category", "language", "text"}   a core sentence built from slots
    {"kind": "subject", "category"?, "text"}               a subject; with no category, any
    {"kind": "greeting" | "context" | "closing" | "signoff" | "recent", "language", "text"}
    {"kind": "slot", "slot", "language"?, "text"}          one value of a {slot}

Texts hold {slot} placeholders, filled at random: {order}, {months}, {days} and {n} are made
up; {product} is a product named in the template's language (slot "product"), {recent} a
recent moment in English and {recent_<language>} in that language; every other name is a
"slot" row (a value may hold slots itself). Order within each group matters: the same seed
picks the same lines, which is what keeps the shipped model reproducible.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

EXAMPLES_PATH = Path(__file__).resolve().parent / "data" / "triage_examples.jsonl"

COMPOSED_SHARE = 0.65  # composed templates vary more; hand-written ones read more naturally
LANGUAGE_SHARE = (("en", 0.76), ("es", 0.08), ("fr", 0.08), ("de", 0.08))
# How many email-like messages to write per category: the four categories Bitext lacks
# entirely, or lacks the key cases of, get the most.
EXAMPLES_PER_CATEGORY = {
    "product_defect": 900,
    "warranty_claim": 700,
    "order_issue": 700,
    "shipping_problem": 700,
    "return_refund": 400,
    "billing": 400,
    "account": 350,
    "pre_sale": 450,
    "feedback": 350,
    "other": 300,
}

_BY_LANGUAGE = {"greeting", "context", "closing", "signoff", "recent"}
_BY_CATEGORY_AND_LANGUAGE = {"template", "composed"}

ByLanguage = dict[str, list[str]]


@dataclass
class Phrases:
    """Every phrase of the data file, grouped the way the generator picks them."""

    templates: dict[str, ByLanguage] = field(default_factory=dict)  # category -> language -> lines
    composed: dict[str, ByLanguage] = field(default_factory=dict)
    subjects: dict[str, list[str]] = field(default_factory=dict)  # category -> subjects
    generic_subjects: list[str] = field(default_factory=list)
    greeting: ByLanguage = field(default_factory=dict)
    context: ByLanguage = field(default_factory=dict)
    closing: ByLanguage = field(default_factory=dict)
    signoff: ByLanguage = field(default_factory=dict)
    recent: ByLanguage = field(default_factory=dict)
    slots: dict[str, list[str]] = field(default_factory=dict)  # slot -> values
    products: ByLanguage = field(default_factory=dict)  # language -> products ({product})

    def add(self, row: dict[str, str]) -> None:
        kind, text = row["kind"], row["text"]
        if kind in _BY_CATEGORY_AND_LANGUAGE:
            table = self.templates if kind == "template" else self.composed
            table.setdefault(row["category"], {}).setdefault(row["language"], []).append(text)
        elif kind == "subject":
            if row.get("category"):
                self.subjects.setdefault(row["category"], []).append(text)
            else:
                self.generic_subjects.append(text)
        elif kind in _BY_LANGUAGE:
            getattr(self, kind).setdefault(row["language"], []).append(text)
        elif kind == "slot" and row["slot"] == "product":
            self.products.setdefault(row["language"], []).append(text)
        elif kind == "slot":
            self.slots.setdefault(row["slot"], []).append(text)
        else:
            raise ValueError(f"unknown kind {kind!r}")


def load_phrases(path: Path = EXAMPLES_PATH) -> Phrases:
    phrases = Phrases()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                phrases.add(json.loads(line))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: {error}") from error
    return phrases


@dataclass(frozen=True)
class Example:
    subject: str
    body: str
    category: str
    language: str
    group: str = ""  # the template the core sentence came from: grouped splits keep it whole


def _order_number(rng: random.Random) -> str:
    digits = str(rng.randint(10000, 9999999))
    return rng.choice([digits, "#" + digits, "A-" + digits[:5], f"{digits[:3]}-{digits[3:]}"])


class _Slots(dict[str, str]):
    """Template slots; each one a fresh random pick, so one template yields many messages."""

    def __init__(self, phrases: Phrases, language: str, rng: random.Random) -> None:
        super().__init__()
        self.phrases = phrases
        self.language = language
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        slots = self.phrases.slots
        if key == "order":
            return _order_number(rng)
        if key in ("months", "days", "n"):
            low, high = {"months": (7, 30), "days": (3, 21), "n": (2, 5)}[key]
            return str(rng.randint(low, high))
        if key == "product":
            return rng.choice(self.phrases.products.get(self.language, slots["device"]))
        if key == "item2":
            return rng.choice(slots["item"] + slots["device"])
        if key.startswith("recent_"):
            return rng.choice(self.phrases.recent[key[len("recent_") :]])
        if key == "recent":
            return rng.choice(self.phrases.recent["en"])
        value = rng.choice(slots[key])
        # Slot values may hold slots themselves ("{device} from order {order}").
        return value.format_map(self) if "{" in value else value


def _fill(phrases: Phrases, template: str, language: str, rng: random.Random) -> str:
    text = template.format_map(_Slots(phrases, language, rng))
    return text[0].upper() + text[1:]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:position] + word[position + 1 :]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def _roughen(text: str, rng: random.Random) -> str:
    """Chat-style noise: lower case, dropped punctuation, the odd typo."""
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.2:
        text = text.replace("?", "").replace("'", "")
    words = [_typo(word, rng) if rng.random() < 0.03 else word for word in text.split(" ")]
    return " ".join(words)


def _pick_language(rng: random.Random, available: ByLanguage) -> str:
    roll = rng.random()
    for language, share in LANGUAGE_SHARE:
        roll -= share
        if roll <= 0 and language in available:
            return language
    return "en"


def _core_sentence(phrases: Phrases, category: str, language: str, rng: random.Random) -> tuple[str, str]:
    composed = phrases.composed.get(category, {}).get(language)
    pool = composed if composed and rng.random() < COMPOSED_SHARE else phrases.templates[category][language]
    template = rng.choice(pool)
    text = _fill(phrases, template, language, rng)
    return " ".join(text.split()), template


def make_example(phrases: Phrases, category: str, rng: random.Random) -> Example:
    language = _pick_language(rng, phrases.templates[category])
    first, template = _core_sentence(phrases, category, language, rng)
    core = [first]
    if rng.random() < 0.25:
        core.append(_core_sentence(phrases, category, language, rng)[0])
    body_lines: list[str] = []
    chat_style = rng.random() < 0.3
    if not chat_style and rng.random() < 0.75:
        body_lines += [_fill(phrases, rng.choice(phrases.greeting[language]), language, rng), ""]
    sentences = core
    if not chat_style and rng.random() < 0.5:
        position = rng.randrange(len(sentences) + 1)  # drawn before the context line, as always
        sentences.insert(position, _fill(phrases, rng.choice(phrases.context[language]), language, rng))
    if not chat_style and rng.random() < 0.5:
        sentences.append(rng.choice(phrases.closing[language]))
    body_lines.append(" ".join(sentences))
    if not chat_style and rng.random() < 0.7:
        name = rng.choice(phrases.slots["name"])
        if rng.random() < 0.4:
            name += " " + rng.choice(phrases.slots["surname"])
        body_lines += ["", rng.choice(phrases.signoff[language]), name]
    body = "\n".join(body_lines)
    if chat_style:
        body = _roughen(body, rng)
    elif rng.random() < 0.1:
        name = rng.choice(phrases.slots["name"])
        body = (
            f"Name: {name}\nEmail: {name.lower()}@example.com\n"
            f"Order number: {_order_number(rng)}\nMessage: {body}"
        )
    roll = rng.random()
    if roll < 0.55:
        subject = _fill(phrases, rng.choice(phrases.subjects[category]), language, rng)
    elif roll < 0.7:
        subject = _fill(phrases, rng.choice(phrases.generic_subjects), language, rng)
    else:
        subject = ""
    return Example(subject=subject, body=body, category=category, language=language,
                   group=f"tpl:{category}:{template}")


def generate(seed: int = 7, phrases: Phrases | None = None) -> list[Example]:
    phrases = phrases if phrases is not None else load_phrases()
    rng = random.Random(seed)
    return [
        make_example(phrases, category, rng)
        for category, count in EXAMPLES_PER_CATEGORY.items()
        for _ in range(count)
    ]
