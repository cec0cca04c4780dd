"""Train the critical second opinion and write chalicelib/domain/triage_critical_model.json.gz.

    .venv/bin/python scripts/train_critical.py [--epochs 12]

Pure Python, no extra dependencies; the same data and seed give the same bytes.

Data (never the blind sets, tests/data/triage_blind_*):
- the critical development sets tests/data/triage_critical_dev*.jsonl (critical messages in
  other words than the cue lists know, and near misses that share words with them);
- the development mail of scripts/triage_examples.py and scripts/triage_requests.py (4,000
  messages), labelled critical where triage_critical's cues say so: ordinary traffic, so the
  model learns how rare critical is.

Logistic regression by stochastic gradient descent, critical examples weighted up. Before the
shipped fit it reports, for each development set held out in turn, recall and precision of the
model alone and of model-or-cues (what triage does) on it, and how often the model alone flags
mail the cues do not: the honest figure for phrasings no one has written a cue for yet.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chalicelib.domain import triage_critical as cues  # noqa: E402
from chalicelib.domain import triage_critical_model as learned  # noqa: E402
from chalicelib.domain.triage_text import new_body_text, normalise, whole_request_text  # noqa: E402
from scripts.triage_examples import generate  # noqa: E402
from scripts.triage_requests import generate_requests  # noqa: E402

DEV_SETS = sorted((ROOT / "tests" / "data").glob("triage_critical_dev*.jsonl"))
SEED = 7
CORPUS_SIZE = 4000
POSITIVE_WEIGHT = 3.0
LEARNING_RATE = 0.5
L2 = 1e-4
KEEP_ABOVE = 0.02  # smaller weights change no decision on the development data: not shipped
# Features in more than this share of ordinary mail ("and", "the", "<th") say how a message is
# written, not what happened; left in, they made long narrative mail look critical.
COMMON_SHARE = 0.05
WEIGHT_SCALE = 10_000

Example = tuple[str, bool]  # normalised subject + text, critical


def prepared(subject: str, body: str) -> str:
    text = new_body_text(body)
    return normalise(subject) + "\n" + normalise(whole_request_text(body, text))


def cues_say(text: str) -> bool:
    return cues.fraud_reported(text) or cues.takeover_reported(text) or cues.danger_reported(text)


def load_dev_set(path: Path) -> list[Example]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(prepared(r["subject"], r["body"]), bool(r["critical"])) for r in records]


def load_corpus() -> list[Example]:
    mail = [(e.subject, e.body) for e in generate()] + [(r.subject, r.body) for r in generate_requests()]
    random.Random(SEED).shuffle(mail)
    texts = [prepared(subject, body) for subject, body in mail[:CORPUS_SIZE]]
    return [(text, cues_say(text)) for text in texts]


def vector(text: str, common: frozenset[str] = frozenset()) -> dict[str, float]:
    names = learned.message_features(text)
    scale = math.sqrt(len(names)) if names else 1.0
    return {name: count / scale for name, count in Counter(names).items() if name not in common}


def common_features(corpus: list[Example]) -> frozenset[str]:
    seen: Counter[str] = Counter()
    for text, _ in corpus:
        seen.update(set(learned.message_features(text)))
    return frozenset(name for name, count in seen.items() if count > COMMON_SHARE * len(corpus))


def fit(examples: list[Example], epochs: int, common: frozenset[str] = frozenset()) -> tuple[dict[str, float], float]:
    rows = [(vector(text, common), label) for text, label in examples]
    weights: dict[str, float] = {}
    intercept = 0.0
    order = random.Random(SEED)
    for _ in range(epochs):
        order.shuffle(rows)
        for features, label in rows:
            score = intercept + sum(weights.get(name, 0.0) * value for name, value in features.items())
            probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
            gradient = (probability - label) * (POSITIVE_WEIGHT if label else 1.0)
            for name, value in features.items():
                weight = weights.get(name, 0.0)
                weights[name] = weight - LEARNING_RATE * (gradient * value + L2 * weight)
            intercept -= LEARNING_RATE * gradient
    return weights, intercept


def shipped(weights: dict[str, float], intercept: float) -> learned.CriticalModel:
    kept = {name: round(value * WEIGHT_SCALE) / WEIGHT_SCALE for name, value in weights.items()
            if abs(value) >= KEEP_ABOVE}
    return learned.CriticalModel(kept, intercept)


def recall_precision(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    hits = sum(truth and said for truth, said in pairs)
    truths, saids = sum(truth for truth, _ in pairs), sum(said for _, said in pairs)
    return (hits / truths if truths else 0.0), (hits / saids if saids else 0.0)


def held_out_report(sets: dict[str, list[Example]], corpus: list[Example], epochs: int) -> None:
    """Each development set held out in turn: the model alone and model-or-cues, by threshold."""
    thresholds = (0.6, 0.7, 0.8, 0.9)
    print(f"{'held out':<28}{'cues R/P':>12}" + "".join(f"{'either@' + str(t):>13}" for t in thresholds)
          + f"{'alone@' + str(learned.THRESHOLD):>13}")
    for name, held in sets.items():
        training = [example for other, rows in sets.items() if other != name for example in rows] + corpus
        model = shipped(*fit(training, epochs, common_features(corpus)))
        probabilities = [model.probability(text) for text, _ in held]
        cue = [cues_say(text) for text, _ in held]
        truth = [label for _, label in held]
        row = f"{name:<28}" + "{:>7.2f}/{:<4.2f}".format(*recall_precision(list(zip(truth, cue, strict=True))))
        for threshold in thresholds:
            either = [p >= threshold or c for p, c in zip(probabilities, cue, strict=True)]
            row += "{:>8.2f}/{:<4.2f}".format(*recall_precision(list(zip(truth, either, strict=True))))
        alone = [p >= learned.THRESHOLD for p in probabilities]
        row += "{:>8.2f}/{:<4.2f}".format(*recall_precision(list(zip(truth, alone, strict=True))))
        print(row)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--no-report", action="store_true", help="skip the held-out report")
    args = parser.parse_args(argv)
    sets = {path.name: load_dev_set(path) for path in DEV_SETS}
    corpus = load_corpus()
    print(f"{sum(map(len, sets.values()))} development messages, {len(corpus)} mail "
          f"({sum(label for _, label in corpus)} critical by the cues)")
    if not args.no_report:
        held_out_report(sets, corpus, args.epochs)
    weights, intercept = fit([example for rows in sets.values() for example in rows] + corpus, args.epochs,
                             common_features(corpus))
    model = shipped(weights, intercept)
    payload = {
        "intercept": intercept,
        "weight_scale": WEIGHT_SCALE,
        "features": {name: round(value * WEIGHT_SCALE) for name, value in sorted(model.weights.items())},
    }
    data = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    learned.MODEL_PATH.write_bytes(gzip.compress(data, mtime=0))
    extra = sum(model.probability(text) >= learned.THRESHOLD and not label for text, label in corpus)
    print(f"wrote {learned.MODEL_PATH.name}: {len(model.weights)} features, "
          f"{learned.MODEL_PATH.stat().st_size / 1024:.0f} KiB; flags {extra} of {len(corpus)} mail the cues do not")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
