"""Score language detection on short messages: accuracy per language, English kept, time per call.

    .venv/bin/python scripts/score_language.py [--errors] [--against REV]

--against REV also scores chalicelib/domain/language.py as it was at git revision REV (the
"before" figures), loaded from `git show` next to the current one.

Three sets: tests/data/language_short_dev.tsv and language_short_check.tsv (hand-written chat
lines, "code<TAB>message"; the second was written after tuning on the first) and
every action and statement line of scripts/data/triage_requests_*.txt, each as written (actions
put in their language's first frame, statements with {item} filled) and again lower case
without accents or punctuation, the way many people type into a chat box.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import timeit
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.domain.language import detect_language  # noqa: E402
from scripts.triage_requests import load_requests  # noqa: E402

EMAIL_SET = ROOT / "tests" / "data" / "triage_blind_v3.jsonl"
SHORT_SETS = [ROOT / "tests" / "data" / name for name in ("language_short_dev.tsv", "language_short_check.tsv")]
_ACCENTS = str.maketrans("áàâäãéèêëíìîïóòôöõúùûüñçß", "aaaaaeeeeiiiiooooouuuuncs")
_PUNCTUATION = re.compile(r"[.,;:!?¿¡\"()]")


def short_messages(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
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


def detector_at(revision: str) -> Callable[[str], str]:
    source = subprocess.run(["git", "show", f"{revision}:chalicelib/domain/language.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("language_before", handle.name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    detector: Callable[[str], str] = module.detect_language
    return detector


def email_messages() -> list[tuple[str, str]]:
    """Subject and first 600 characters of each labelled mail, as triage.py passes them."""
    rows = []
    for line in EMAIL_SET.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            rows.append((record.get("language", "en"), record.get("subject", "") + "\n" + record["body"][:600]))
    return rows


def report(name: str, rows: list[tuple[str, str]], show_errors: bool,
           detect: Callable[[str], str] = detect_language) -> None:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    for language, text in rows:
        guess = detect(text)
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


def time_per_call(rows: list[tuple[str, str]], detect: Callable[[str], str] = detect_language) -> float:
    texts = [text for _, text in rows]
    runs = 5
    best = min(timeit.repeat(lambda: [detect(t) for t in texts], number=1, repeat=runs))
    return best / len(texts) * 1e3


def main() -> None:
    show_errors = "--errors" in sys.argv
    detectors = [("current", detect_language)]
    if "--against" in sys.argv:
        revision = sys.argv[sys.argv.index("--against") + 1]
        detectors.insert(0, (f"at {revision}", detector_at(revision)))
    requests = request_messages()
    dev = short_messages(SHORT_SETS[0])
    emails = email_messages()
    for label, detect in detectors:
        print(f"\n######## detector {label}")
        for path in SHORT_SETS:
            report(path.name, short_messages(path), show_errors, detect)
        report("triage_requests_*.txt lines", requests, show_errors, detect)
        print(f"\ntime per call: {time_per_call(dev, detect):.4f} ms (short chat lines),"
              f" {time_per_call(requests, detect):.4f} ms (request lines),"
              f" {time_per_call(emails, detect):.4f} ms (subject + 600 characters of {EMAIL_SET.name})")


if __name__ == "__main__":
    main()
