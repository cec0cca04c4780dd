"""The training phrases in scripts/data/triage_examples.jsonl: all there, and what the shipped
model was trained on.

The counts are those of the Python tables the file replaced; the digest is that of the examples
`scripts/train_triage.py` (seed 7) wrote the shipped `triage_model.json.gz` from.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from chalicelib.domain.triage import CATEGORIES
from scripts.triage_examples import EXAMPLES_PATH, generate, load_phrases

LANGUAGES = {"en", "es", "fr", "de"}
PHRASES_PER_KIND = {
    "template": 612,
    "composed": 69,
    "subject": 137,
    "slot": 688,
    "greeting": 19,
    "context": 18,
    "closing": 15,
    "signoff": 18,
    "recent": 18,
}
TEMPLATES_PER_CATEGORY = {
    "product_defect": 106,
    "shipping_problem": 70,
    "pre_sale": 69,
    "order_issue": 68,
    "billing": 57,
    "warranty_claim": 55,
    "return_refund": 55,
    "account": 47,
    "other": 45,
    "feedback": 40,
}
SHIPPED_MODEL_EXAMPLES = 5250
SHIPPED_MODEL_EXAMPLES_SHA256 = "9af9b5b4831f80d56f4613c66a4fb1f22f8b4381c1dc361f2eb4e9cb361437c1"


def _rows() -> list[dict[str, str]]:
    lines = EXAMPLES_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_the_data_file_loads() -> None:
    phrases = load_phrases()
    assert set(phrases.templates) == set(CATEGORIES)
    assert phrases.generic_subjects
    assert set(phrases.slots) >= {"device", "item", "name", "surname", "carrier", "shop"}


def test_every_category_has_templates_in_every_language() -> None:
    phrases = load_phrases()
    for category in CATEGORIES:
        assert set(phrases.templates[category]) == LANGUAGES, category
        assert phrases.subjects[category], category
        assert phrases.composed[category]["en"], category
    for table in (
        phrases.greeting,
        phrases.context,
        phrases.closing,
        phrases.signoff,
        phrases.recent,
    ):
        assert set(table) == LANGUAGES
    assert set(phrases.products) == LANGUAGES - {"en"}


def test_as_many_phrases_as_the_tables_it_replaced() -> None:
    rows = _rows()
    assert Counter(row["kind"] for row in rows) == PHRASES_PER_KIND
    templates = Counter(row["category"] for row in rows if row["kind"] == "template")
    assert templates == TEMPLATES_PER_CATEGORY
    assert {row["language"] for row in rows if row["kind"] == "template"} == LANGUAGES


def test_every_slot_a_phrase_names_has_values() -> None:
    phrases = load_phrases()
    generate(7, phrases)  # a missing slot raises KeyError while filling
    generate(1, phrases)


def test_a_bad_row_names_its_line(tmp_path) -> None:
    broken = tmp_path / "phrases.jsonl"
    broken.write_text(
        '{"kind": "template", "category": "billing", "language": "en", "text": "x"}\n'
        '{"kind": "nonsense", "text": "y"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"phrases.jsonl:2: unknown kind"):
        load_phrases(broken)


def test_the_examples_are_those_the_shipped_model_was_trained_on() -> None:
    examples = generate(7)
    digest = hashlib.sha256(
        json.dumps(
            [(e.subject, e.body, e.category, e.language) for e in examples], ensure_ascii=False
        ).encode()
    ).hexdigest()
    assert len(examples) == SHIPPED_MODEL_EXAMPLES
    assert digest == SHIPPED_MODEL_EXAMPLES_SHA256, (
        "the training examples changed: retrain (scripts/train_triage.py), ship the new model, "
        "and update this digest"
    )
