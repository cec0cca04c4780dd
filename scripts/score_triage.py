"""Score the shipped triage (model + rules) on a labelled JSONL set: never train on what it reads.

    .venv/bin/python scripts/score_triage.py [tests/data/triage_blind_v3.jsonl ...]

Each line needs "subject", "body", "category"; "priority" and "language" are scored when
present. Prints per-category precision/recall/F1, macro-F1, priority accuracy, critical recall
and language accuracy, and the share of tickets flagged needs_review with their accuracy.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.domain import triage as triage_module  # noqa: E402

BLIND_SET = ROOT / "tests" / "data" / "triage_blind_v3.jsonl"


def per_category_f1(truth: list[str], predicted: list[str]) -> dict[str, tuple[float, float, float, int]]:
    scores = {}
    for category in triage_module.CATEGORIES:
        hits = sum(t == p == category for t, p in zip(truth, predicted, strict=True))
        true_count, predicted_count = truth.count(category), predicted.count(category)
        precision = hits / predicted_count if predicted_count else 0.0
        recall = hits / true_count if true_count else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        scores[category] = (precision, recall, f1, true_count)
    return scores


def score(path: Path, show_confusions: bool = False) -> dict[str, float]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [triage_module.triage(r.get("subject", ""), r.get("body", "")) for r in records]
    truth = [r["category"] for r in records]
    predicted = [x.category for x in results]
    table = per_category_f1(truth, predicted)
    print(f"\n== {path.name}: {len(records)} messages")
    print(f"{'category':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>5}")
    for category, (precision, recall, f1, count) in table.items():
        print(f"{category:<18}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{count:>5}")
    present = [f1 for _, _, f1, count in table.values() if count]
    summary = {"macro_f1": sum(present) / len(present), "accuracy": sum(
        t == p for t, p in zip(truth, predicted, strict=True)) / len(records)}
    with_priority = [(r, x) for r, x in zip(records, results, strict=True) if r.get("priority")]
    if with_priority:
        summary["priority_accuracy"] = sum(r["priority"] == x.priority for r, x in with_priority) / len(with_priority)
        critical = [(r, x) for r, x in with_priority if r["priority"] == "critical"]
        if critical:
            summary["critical_recall"] = sum(x.priority == "critical" for _, x in critical) / len(critical)
        flagged = [x for _, x in with_priority if x.priority == "critical"]
        if flagged:
            summary["critical_precision"] = sum(r["priority"] == "critical" for r, x in with_priority
                                                if x.priority == "critical") / len(flagged)
        pairs = Counter((r["priority"], x.priority) for r, x in with_priority)
        print("priority (truth -> predicted):", dict(sorted(pairs.items())))
    with_language = [(r, x) for r, x in zip(records, results, strict=True) if r.get("language")]
    if with_language:
        summary["language_accuracy"] = sum(r["language"] == x.language for r, x in with_language) / len(with_language)
    bins: dict[int, list[tuple[float, bool]]] = {}
    for t, x in zip(truth, results, strict=True):
        bins.setdefault(min(9, int(x.confidence * 10)), []).append((x.confidence, t == x.category))
    summary["calibration_error"] = sum(
        abs(sum(c for c, _ in members) / len(members) - sum(ok for _, ok in members) / len(members))
        * len(members) / len(records) for members in bins.values())
    review = [(t, x) for t, x in zip(truth, results, strict=True) if getattr(x, "needs_review", False)]
    summary["needs_review_share"] = len(review) / len(records)
    if review:
        summary["accuracy_when_flagged"] = sum(t == x.category for t, x in review) / len(review)
    confident = [(t, x) for t, x in zip(truth, results, strict=True) if not getattr(x, "needs_review", False)]
    if confident:
        summary["accuracy_when_not_flagged"] = sum(t == x.category for t, x in confident) / len(confident)
    for field in ("language", "kind"):
        values = sorted({r.get(field) for r in records if r.get(field)})
        if values:
            print(f"accuracy by {field}:", ", ".join(
                f"{v} {sum(t == p for r, t, p in zip(records, truth, predicted, strict=True) if r.get(field) == v) / sum(r.get(field) == v for r in records):.2f}"
                for v in values))
    if show_confusions:
        print("confusions (truth -> predicted):",
              Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p).most_common(20))
    for name, value in summary.items():
        print(f"{name:>26}: {value:.3f}")
    return summary


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--model" in arguments:  # score a model file other than the shipped one
        model_path = Path(arguments.pop(arguments.index("--model") + 1))
        triage_module.reset_model_cache(triage_module._load_model(model_path))
    paths = [Path(arg) for arg in arguments if not arg.startswith("-")] or [BLIND_SET]
    for each in paths:
        score(each, show_confusions="--confusions" in arguments)
