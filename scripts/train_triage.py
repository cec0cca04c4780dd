"""Train the message-triage model and write chalicelib/domain/triage_model.json.gz.

    .venv/bin/python scripts/train_triage.py [--bitext PATH] [--examples PATH] [--seed 7]

Training-only dependencies (never shipped to Lambda): numpy, scipy, scikit-learn.

Data: the Bitext customer-support utterances (intents mapped to our categories) plus the
seeded email-like examples that scripts/triage_examples.py writes from the phrases in
scripts/data/triage_examples.jsonl (`--examples`). A stratified 20% split is held
out and scored; the shipped model is then refitted on everything with the same settings.
Features come from chalicelib.domain.triage_text, the very code Lambda runs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import train_test_split

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chalicelib.domain.triage import CATEGORIES, MODEL_PATH  # noqa: E402
from chalicelib.domain.triage_text import feature_norm, features, new_body_text  # noqa: E402
from scripts.triage_examples import EXAMPLES_PATH, generate, load_phrases  # noqa: E402

# shared/ sits beside the repository checkout, on developer machines and in CI alike.
DEFAULT_BITEXT = (
    ROOT.parent / "shared/data/datasets/bitext/Bitext_20000_Utterances_Customer_Support_Sample.csv"
)
REALISTIC_SET = ROOT / "tests" / "unit" / "triage_realistic.jsonl"

INTENT_CATEGORY = {
    **dict.fromkeys(["place_order", "check_payment_methods", "delivery_options"], "pre_sale"),
    **dict.fromkeys(["cancel_order", "change_order"], "order_issue"),
    **dict.fromkeys(
        ["track_order", "delivery_period", "change_shipping_address"], "shipping_problem"
    ),
    **dict.fromkeys(["get_refund", "track_refund", "check_refund_policy"], "return_refund"),
    **dict.fromkeys(
        [
            "check_invoice",
            "check_invoices",
            "get_invoice",
            "payment_issue",
            "check_cancellation_fee",
        ],
        "billing",
    ),
    **dict.fromkeys(
        [
            "create_account",
            "delete_account",
            "edit_account",
            "recover_password",
            "registration_problems",
            "switch_account",
            "set_up_shipping_address",
        ],
        "account",
    ),
    **dict.fromkeys(["complaint", "review"], "feedback"),
    **dict.fromkeys(
        ["contact_customer_service", "contact_human_agent", "newsletter_subscription"], "other"
    ),
}

# Share of each category's weight given to the written email-like examples (the rest goes
# to Bitext). Real mail looks far more like the former.
WRITTEN_SHARE = 0.8
REGULARISATION_C = 20.0
MIN_DOCUMENT_FREQUENCY = 2
# Features whose largest weight is below this barely move a decision; dropping them keeps
# the shipped file small.
PRUNE_BELOW = 0.08
WEIGHT_SCALE = 1000  # weights ship as integers in thousandths
NORM_EXPONENT = 1.0  # plain L2 normalisation; see triage_text.feature_norm
# Without intercepts a message with no known feature stays undecided instead of defaulting
# to whichever category Bitext happens to favour.
FIT_INTERCEPT = False


Row = tuple[str, str, str, str]  # subject, body, category, source


def load_bitext(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            ("", record["utterance"], INTENT_CATEGORY[record["intent"]], "bitext")
            for record in csv.DictReader(handle)
            if record["intent"] in INTENT_CATEGORY
        ]


def load_dataset(bitext: Path, seed: int, examples: Path = EXAMPLES_PATH) -> list[Row]:
    written = [(e.subject, e.body, e.category, "written") for e in generate(seed, load_phrases(examples))]
    return load_bitext(bitext) + written


def featurise(rows: list[Row]) -> list[dict[str, int]]:
    return [features(subject, new_body_text(body)) for subject, body, _, _ in rows]


def build_matrix(feature_dicts: list[dict[str, int]], vocabulary: dict[str, int]) -> csr_matrix:
    data: list[float] = []
    indices: list[int] = []
    pointers = [0]
    for found in feature_dicts:
        # Normalised over all features, known or not, exactly as triage.py does.
        norm = feature_norm(found, NORM_EXPONENT)
        for name, weight in found.items():
            column = vocabulary.get(name)
            if column is not None:
                indices.append(column)
                data.append(weight / norm)
        pointers.append(len(indices))
    return csr_matrix((data, indices, pointers), shape=(len(feature_dicts), len(vocabulary)))


def build_vocabulary(feature_dicts: list[dict[str, int]]) -> dict[str, int]:
    counts = Counter(name for found in feature_dicts for name in found)
    kept = sorted(name for name, count in counts.items() if count >= MIN_DOCUMENT_FREQUENCY)
    return {name: column for column, name in enumerate(kept)}


def sample_weights(rows: list[Row]) -> np.ndarray:
    """Every category weighs the same in total, whatever its row count."""
    group_sizes = Counter((category, source) for _, _, category, source in rows)
    sources_per_category = Counter(category for category, _ in group_sizes)
    weights = []
    for _, _, category, source in rows:
        if sources_per_category[category] == 1:
            share = 1.0
        else:
            share = WRITTEN_SHARE if source == "written" else 1.0 - WRITTEN_SHARE
        weights.append(share / group_sizes[(category, source)])
    array = np.asarray(weights)
    return array * len(rows) / array.sum()


def fit(rows: list[Row]) -> tuple[LogisticRegression, dict[str, int]]:
    feature_dicts = featurise(rows)
    vocabulary = build_vocabulary(feature_dicts)
    matrix = build_matrix(feature_dicts, vocabulary)
    labels = [CATEGORIES.index(category) for _, _, category, _ in rows]
    model = LogisticRegression(C=REGULARISATION_C, max_iter=3000, fit_intercept=FIT_INTERCEPT)
    model.fit(matrix, labels, sample_weight=sample_weights(rows))
    return model, vocabulary


def predict(model: LogisticRegression, vocabulary: dict[str, int], rows: list[Row]) -> np.ndarray:
    return model.decision_function(build_matrix(featurise(rows), vocabulary))


def fit_temperature(logits: np.ndarray, labels: list[int]) -> float:
    """The temperature that makes held-out softmax probabilities least surprised.

    Never below 1: the held-out split shares templates with training and is far easier
    than real mail, so sharpening the probabilities to suit it would overstate confidence.
    """
    best, best_loss = 1.0, math.inf
    for temperature in np.arange(1.0, 3.01, 0.05):
        scaled = logits / temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(len(labels)), labels].mean()
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


def export(model: LogisticRegression, vocabulary: dict[str, int], temperature: float) -> dict:
    coefficients = model.coef_.T  # one row of per-category weights per feature
    table = {}
    for name, column in vocabulary.items():
        row = coefficients[column]
        if np.abs(row).max() >= PRUNE_BELOW:
            table[name] = [round(float(value) * WEIGHT_SCALE) for value in row]
    return {
        "format": 1,
        "categories": list(CATEGORIES),
        "intercepts": [
            round(float(value), 4)
            for value in np.broadcast_to(model.intercept_, (len(CATEGORIES),))
        ],
        "weight_scale": WEIGHT_SCALE,
        "temperature": round(temperature, 3),
        "norm_exponent": NORM_EXPONENT,
        "features": table,
    }


def print_report(title: str, truth: list[str], predicted: list[str]) -> float:
    print(f"\n== {title} ({len(truth)} messages)")
    print(
        classification_report(truth, predicted, labels=list(CATEGORIES), digits=3, zero_division=0)
    )
    macro = f1_score(truth, predicted, labels=list(CATEGORIES), average="macro", zero_division=0)
    print(f"macro-F1: {macro:.3f}")
    return float(macro)


def realistic_report() -> None:
    # Imported late: triage.py must pick up the model file this run just wrote.
    from chalicelib.domain import triage as triage_module

    triage_module.reset_model_cache()
    records = [json.loads(line) for line in REALISTIC_SET.read_text(encoding="utf-8").splitlines()]
    results = [triage_module.triage(r["subject"], r["body"]) for r in records]
    print_report(
        "realistic hand-written set, shipped model + rules",
        [r["category"] for r in records],
        [result.category for result in results],
    )
    hits = sum(r["priority"] == result.priority for r, result in zip(records, results, strict=True))
    print(f"priority accuracy: {hits}/{len(records)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bitext", type=Path, default=DEFAULT_BITEXT)
    parser.add_argument("--examples", type=Path, default=EXAMPLES_PATH)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    rows = load_dataset(args.bitext, args.seed, args.examples)
    print("rows per category:", dict(Counter(category for _, _, category, _ in rows)))
    train_rows, held_out = train_test_split(
        rows, test_size=0.2, random_state=args.seed, stratify=[row[2] for row in rows]
    )
    model, vocabulary = fit(train_rows)
    logits = predict(model, vocabulary, held_out)
    truth = [row[2] for row in held_out]
    print_report(
        "held-out 20% split (model only)", truth, [CATEGORIES[i] for i in logits.argmax(axis=1)]
    )
    temperature = fit_temperature(logits, [CATEGORIES.index(label) for label in truth])
    print(f"temperature: {temperature:.2f}")

    final_model, final_vocabulary = fit(rows)
    exported = export(final_model, final_vocabulary, temperature)
    payload = json.dumps(exported, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    # mtime=0 keeps the file byte-identical between runs with the same seed.
    args.output.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(
        f"\nwrote {args.output} ({args.output.stat().st_size / 1024:.0f} KiB, "
        f"{len(exported['features'])} of {len(final_vocabulary)} features kept)"
    )
    if args.output == MODEL_PATH:
        realistic_report()


if __name__ == "__main__":
    main()
