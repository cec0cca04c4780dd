"""Scores knowledge-base search on the hand-written evaluation set (tests/data/kb_eval.jsonl):
hit@1, hit@3 and MRR, on the sample help centre alone and mixed into synthetic articles.

    python -m scripts.kb_eval [--distractors 1000] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from chalicelib.domain.kb_markdown import to_text
from chalicelib.domain.kb_search import Document, SearchIndex
from scripts import kb_corpus, kb_files

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "data" / "kb_eval.jsonl"
SAMPLES = ROOT / "devstack" / "help_centre"


def sample_documents() -> list[Document]:
    return [Document(id=f.slug, language=f.language, title=f.title, body=to_text(f.body), tags=tuple(f.tags),
                     category=f.category) for f in kb_files.read_folder(SAMPLES)]


def evaluate(index: SearchIndex, show_misses: bool = False) -> dict[str, object]:
    cases = [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    ranks: list[int | None] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        hits = [h.id for h in index.search(case["q"], case["lang"], limit=10)]
        rank = next((i + 1 for i, hit in enumerate(hits) if hit in case["expected"]), None)
        ranks.append(rank)
        by_kind[case["kind"]].append(1 / rank if rank else 0.0)
        if show_misses and rank != 1:
            print(f"  rank {rank}: {case['q']!r} ({case['lang']}) wants {case['expected']}, got {hits[:3]}")
    total = len(ranks)
    return {
        "queries": total,
        "hit@1": round(sum(1 for r in ranks if r == 1) / total, 3),
        "hit@3": round(sum(1 for r in ranks if r and r <= 3) / total, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / total, 3),
        "mrr_by_kind": {kind: round(sum(v) / len(v), 3) for kind, v in sorted(by_kind.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--distractors", type=int, default=1000)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    samples = sample_documents()
    print("samples only:", json.dumps(evaluate(SearchIndex(samples), args.show_misses)))
    mixed = samples + kb_corpus.documents(kb_corpus.synthetic(args.distractors))
    print(f"with {args.distractors} synthetic articles:",
          json.dumps(evaluate(SearchIndex(mixed), args.show_misses)))


if __name__ == "__main__":
    main()
