"""Score language detection on short messages: accuracy per language, English kept, time per call.

    .venv/bin/python scripts/score_language.py [--errors]

Two sets: tests/data/language_short_dev.tsv (hand-written chat lines, "code<TAB>message") and
every action and statement line of scripts/data/triage_requests_*.txt, each as written (actions
put in their language's first frame, statements with {item} filled) and again lower case
without accents or punctuation, the way many people type into a chat box.
"""

from __future__ import annotations

import re
import sys
import timeit
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.domain.language import detect_language  # noqa: E402
from scripts.triage_requests import load_requests  # noqa: E402

DEV_SET = ROOT / "tests" / "data" / "language_short_dev.tsv"
_ACCENTS = str.maketrans("áàâäãéèêëíìîïóòôöõúùûüñçß", "aaaaaeeeeiiiiooooouuuuncs")
_PUNCTUATION = re.compile(r"[.,;:!?¿¡\"()]")


def dev_messages() -> list[tuple[str, str]]:
    rows = []
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, text = line.split("\t", 1)
            rows.append((language, text))
    return rows


def plain(text: str) -> str:
    return _PUNCTUATION.sub("", text.lower().translate(_ACCENTS))


def request_messages() -> list[tuple[str, str]]:
    phrases = load_requests()
    rows = []
    for kind, table in (("action", phrases.actions), ("statement", phrases.statements)):
        for _category, language, text, _group in table:
            item = (phrases.items.get(language) or phrases.items["en"])[0]
            text = text.replace("{item}", item).replace("{order}", "00123").replace("{money}", "€49.90")
            if kind == "action":
                text = phrases.frames[language][0].replace("{action}", text)
            rows.append((language, text))
            rows.append((language, plain(text)))
    return rows


def report(name: str, rows: list[tuple[str, str]], show_errors: bool) -> None:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    for language, text in rows:
        guess = detect_language(text)
        totals[language] += 1
        if guess == language:
            hits[language] += 1
        else:
            confusions[language][guess] += 1
            errors.append((language, guess, text))
    print(f"\n== {name}: {len(rows)} messages, accuracy {sum(hits.values()) / len(rows):.3f}")
    for language in sorted(totals):
        wrong = ", ".join(f"{g} {n}" for g, n in confusions[language].most_common())
        print(f"  {language}: {hits[language] / totals[language]:.3f}  ({hits[language]}/{totals[language]})"
              f"{'  misses -> ' + wrong if wrong else ''}")
    english = totals.get("en", 0)
    if english:
        print(f"  English read as another language: {english - hits['en']}/{english}"
              f" ({(english - hits['en']) / english:.1%})")
    if show_errors:
        for language, guess, text in errors:
            print(f"    {language}->{guess}: {text}")


def time_per_call(rows: list[tuple[str, str]]) -> float:
    texts = [text for _, text in rows]
    runs = 5
    best = min(timeit.repeat(lambda: [detect_language(t) for t in texts], number=1, repeat=runs))
    return best / len(texts) * 1e3


def main() -> None:
    show_errors = "--errors" in sys.argv
    dev, requests = dev_messages(), request_messages()
    report("language_short_dev.tsv", dev, show_errors)
    report("triage_requests_*.txt lines", requests, show_errors)
    print(f"\ntime per call: {time_per_call(dev):.4f} ms (short chat lines),"
          f" {time_per_call(requests):.4f} ms (request lines)")


if __name__ == "__main__":
    main()
