"""Realistic noise for triage training text: how people really type to a support desk.

Typos from neighbouring keys, dropped and doubled letters, swapped letters; all lower case or
SHOUTING; no punctuation; chat slang ("u", "pls", "thx"); accents dropped; clauses in another
order. Seeded by the caller's `random.Random`, so the same seed gives the same training set.
"""

from __future__ import annotations

import random
import re

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _row_index, _row in enumerate(_KEYBOARD_ROWS):
    for _column, _letter in enumerate(_row):
        near = _row[max(0, _column - 1) : _column] + _row[_column + 1 : _column + 2]
        for _other_index in (_row_index - 1, _row_index + 1):
            if 0 <= _other_index < len(_KEYBOARD_ROWS):
                near += _KEYBOARD_ROWS[_other_index][_column : _column + 1]
        _NEIGHBOURS[_letter] = near

_SLANG = {
    "you": "u", "your": "ur", "you're": "ur", "please": "pls", "thanks": "thx", "thank you": "ty",
    "are": "r", "because": "cuz", "i'm": "im", "don't": "dont", "can't": "cant", "want to": "wanna",
    "going to": "gonna", "got to": "gotta", "have to": "hafta", "what": "wat", "know": "kno",
    "tomorrow": "tmrw", "message": "msg", "as soon as possible": "asap", "order": "ordr",
    "right now": "rn", "to be honest": "tbh", "i don't know": "idk", "people": "ppl", "with": "w/",
    "why": "y", "okay": "ok", "really": "rly", "something": "smth", "before": "b4", "for": "4",
    "to": "2", "see": "c", "package": "pkg", "account": "acct", "information": "info",
    "is it": "is it", "where is": "wheres", "it is": "its", "do not": "dont", "did not": "didnt",
    "have not": "havent", "i am": "im", "cannot": "cant", "money": "$$", "refund": "refund",
}
_FILLERS = ("lol", "smh", "ugh", "pls help", "asap", "???", "!!", "yo", "bruh", "guys", "tbh", "idk",
            "seriously", "omg", "fr", "like")
_SLANG_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SLANG), key=len, reverse=True)) + r")\b",
                            re.IGNORECASE)
_ACCENTS = str.maketrans("áàâäãéèêëíìîïóòôöõúùûüñçÁÉÍÓÚÑÇ", "aaaaaeeeeiiiiooooouuuuncAEIOUNC")
_PUNCTUATION = re.compile(r"[.,;:!?¿¡'\"()]")


def typo(word: str, rng: random.Random) -> str:
    """One slip of the fingers in a word of four letters or more."""
    if len(word) < 4 or not word.isalpha():
        return word
    position = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:position] + word[position + 1 :]  # dropped letter
    if kind < 0.55:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if kind < 0.75:
        return word[:position] + word[position] + word[position:]  # doubled letter
    near = _NEIGHBOURS.get(word[position].lower())
    if not near:
        return word
    return word[:position] + rng.choice(near) + word[position + 1 :]


def with_typos(text: str, rng: random.Random, rate: float) -> str:
    return " ".join(typo(word, rng) if rng.random() < rate else word for word in text.split(" "))


def slang(text: str, rng: random.Random) -> str:
    return _SLANG_PATTERN.sub(lambda m: _SLANG[m.group(1).lower()] if rng.random() < 0.7 else m.group(1), text)


def fillers(text: str, rng: random.Random) -> str:
    """Chat fillers at the start or end: "yo", "lol", "pls help", "???"."""
    filler = rng.choice(_FILLERS)
    return f"{filler} {text}" if rng.random() < 0.4 else f"{text} {filler}"


def reorder_clauses(text: str, rng: random.Random) -> str:
    """"I need X, can you help?" -> "can you help? I need X": people put the ask anywhere."""
    parts = [part for part in re.split(r"(?<=[,.?!])\s+", text) if part]
    if len(parts) < 2:
        return text
    rng.shuffle(parts)
    return " ".join(parts)


def roughen(text: str, rng: random.Random, strength: float = 1.0) -> str:
    """Text as a hurried customer might type it; `strength` 0 leaves it alone."""
    if rng.random() < 0.25 * strength:
        text = reorder_clauses(text, rng)
    if rng.random() < 0.3 * strength:
        text = slang(text, rng)
        if rng.random() < 0.5:
            text = fillers(text, rng)
    if rng.random() < 0.3 * strength:
        text = text.translate(_ACCENTS)
    if rng.random() < 0.35 * strength:
        text = _PUNCTUATION.sub("", text)
    text = with_typos(text, rng, rate=rng.choice((0.0, 0.04, 0.08, 0.15)) * strength)
    casing = rng.random()
    if casing < 0.3 * strength:
        text = text.lower()
    elif casing < 0.36 * strength:
        text = text.upper()
    return text
