"""Critical recall and precision of triage on a set labelled critical / not critical.

    .venv/bin/python scripts/score_critical.py [tests/data/triage_critical_dev.jsonl ...]

Each line needs "subject", "body" and either "critical" (true/false) or "priority". Prints
recall and precision per language and lists every miss and false alarm, so a cue list can
be judged on messages it was not written from.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.domain.triage import triage  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "triage_critical_dev.jsonl"


def is_critical(record: dict) -> bool:
    if "critical" in record:
        return bool(record["critical"])
    return record.get("priority") == "critical"


def score(path: Path) -> dict[str, float]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_language: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # hits, truth, flagged
    misses, false_alarms = [], []
    for record in records:
        truth = is_critical(record)
        flagged = triage(record.get("subject", ""), record.get("body", "")).priority == "critical"
        for key in ("all", record.get("language", "?")):
            counts = by_language[key]
            counts[0] += int(truth and flagged)
            counts[1] += int(truth)
            counts[2] += int(flagged)
        text = f"{record.get('id', '?')} [{record.get('language', '?')}] {record.get('subject', '')} | {record.get('body', '')}"
        if truth and not flagged:
            misses.append(text)
        elif flagged and not truth:
            false_alarms.append(text)
    print(f"\n== {path.name}: {len(records)} messages")
    print(f"{'language':<10}{'recall':>8}{'precision':>11}{'critical':>10}")
    for language, (hit_count, truth_count, flagged_count) in sorted(by_language.items()):
        recall = hit_count / truth_count if truth_count else float("nan")
        precision = hit_count / flagged_count if flagged_count else float("nan")
        print(f"{language:<10}{recall:>8.3f}{precision:>11.3f}{truth_count:>10}")
    for title, rows in (("missed", misses), ("false alarms", false_alarms)):
        print(f"\n{title} ({len(rows)}):")
        for row in rows:
            print("  " + row.replace("\n", " ")[:220])
    hit_count, truth_count, flagged_count = by_language["all"]
    return {"recall": hit_count / truth_count if truth_count else 0.0,
            "precision": hit_count / flagged_count if flagged_count else 0.0}


def main(argv: list[str]) -> int:
    for name in argv or [str(DEV_SET)]:
        print(score(Path(name)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
