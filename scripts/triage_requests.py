"""Short customer requests in seven languages, built from scripts/data/triage_requests_*.txt.

Bitext (English chatbot utterances) and the email-like examples of triage_examples.py cover
much, but not the many ways one request is framed ("I need help to track order 00123",
"where can I locate my package?"), nor Italian, Portuguese and Dutch. Each data line is a
verb phrase ("action", put into a frame like "how can I {action}?") or a whole sentence
("statement"); openers and closers wrap some, noise (triage_noise) roughens many.

Every message carries the group of the line it came from ("req:<file>:<line>"): grouped
cross-validation keeps all paraphrases of one line on the same side of a split.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from scripts.triage_noise import roughen

DATA_DIR = Path(__file__).resolve().parent / "data"
REQUEST_FILES = sorted(DATA_DIR.glob("triage_requests_*.txt"))
# Messages written from each action line (each in a different frame) and each statement line.
PER_ACTION = 6
PER_STATEMENT = 5


@dataclass(frozen=True)
class Request:
    subject: str
    body: str
    category: str
    language: str
    group: str


@dataclass
class RequestPhrases:
    actions: list[tuple[str, str, str, str]] = field(default_factory=list)  # category, lang, text, group
    statements: list[tuple[str, str, str, str]] = field(default_factory=list)
    frames: dict[str, list[str]] = field(default_factory=dict)
    items: dict[str, list[str]] = field(default_factory=dict)
    openers: dict[str, list[str]] = field(default_factory=dict)
    closers: dict[str, list[str]] = field(default_factory=dict)


def load_requests(paths: list[Path] | None = None) -> RequestPhrases:
    phrases = RequestPhrases()
    for path in paths if paths is not None else REQUEST_FILES:
        header: list[str] = []
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("== "):
                header = line[3:].split()
                continue
            kind = header[0] if header else ""
            if kind in ("action", "statement"):
                category, language = header[1], header[2]
                table = phrases.actions if kind == "action" else phrases.statements
                table.append((category, language, line, f"req:{path.stem}:{number}"))
            elif kind in ("frame", "item", "opener", "closer"):
                target = {"frame": phrases.frames, "item": phrases.items, "opener": phrases.openers,
                          "closer": phrases.closers}[kind]
                target.setdefault(header[1], []).append(line)
            else:
                raise ValueError(f"{path}:{number}: line outside a known section")
    return phrases


def _order_number(rng: random.Random) -> str:
    digits = str(rng.randint(100, 9999999)).zfill(rng.choice((5, 6, 7)))
    return rng.choice([digits, "#" + digits, "no. " + digits, "ORD-" + digits])


def _fill(text: str, language: str, phrases: RequestPhrases, rng: random.Random) -> str:
    items = phrases.items.get(language) or phrases.items["en"]
    return (text.replace("{order}", _order_number(rng))
            .replace("{money}", rng.choice(["€49.90", "$120", "35 euros", "£18.50", "89,00 €"]))
            .replace("{item}", rng.choice(items)))


def _message(core: str, category: str, language: str, group: str, phrases: RequestPhrases,
             rng: random.Random) -> Request:
    core = core[0].upper() + core[1:]
    if core[-1] not in ".?!":
        core += rng.choice([".", "", "?" if core.lower().startswith(("how", "where", "can", "could")) else "."])
    core = roughen(core, rng, strength=rng.choice((0.0, 0.6, 1.0, 1.3)))
    lines = []
    if rng.random() < 0.45:
        lines.append(rng.choice(phrases.openers[language]))
    lines.append(core)
    if rng.random() < 0.4:
        lines.append(rng.choice(phrases.closers[language]))
    subject = ""
    if rng.random() < 0.25:
        words = core.split()
        subject = " ".join(words[: rng.randint(2, 5)])
    return Request(subject, "\n".join(lines), category, language, group)


def generate_requests(seed: int = 7, phrases: RequestPhrases | None = None) -> list[Request]:
    phrases = phrases if phrases is not None else load_requests()
    rng = random.Random(seed)
    out = []
    for category, language, text, group in phrases.actions:
        frames = phrases.frames[language]
        for frame in rng.sample(frames, min(PER_ACTION, len(frames))):
            core = frame.replace("{action}", _fill(text, language, phrases, rng))
            out.append(_message(core, category, language, group, phrases, rng))
    for category, language, text, group in phrases.statements:
        for _ in range(PER_STATEMENT):
            out.append(_message(_fill(text, language, phrases, rng), category, language, group, phrases, rng))
    return out
