"""Guess the language of a customer message from its function words and letters.

Function words ("the", "und", "que"...) and the words customers use in support chat
("stornieren", "encomenda", "annuleren") are frequent and nearly exclusive to one language, so
counting them beats a trained model for support mail and costs microseconds. Words shared by
several languages split their vote, and a few letters (ñ, ß, ã) that belong to one language
only add a bonus. A one-line chat message often has one or two known words at most, so when
the known words do not settle it, each unknown word votes too: by its letter triplets, scored
against hand-written text per language (language_words.py), and by its ending. Anything we
cannot tell apart falls back to English, which is what the desk's agents read by default.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import cache

from chalicelib.domain.language_words import FUNCTION_WORDS, MORE_SAMPLE_TEXT, SAMPLE_TEXT, SUPPORT_WORDS

DEFAULT_LANGUAGE = "en"

# Too few words to vote: "ok", "thanks!", an order number.
_MIN_FUNCTION_WORDS = 1
_MIN_SCORE = 1.2  # one function word alone ("Hola") is not enough; one and an ending is
# Three words or more and none of them English: the shared words and letters are enough.
_MIN_SCORE_NOTHING_ENGLISH = 0.8
_MAX_CHARS = 2000  # the first couple of paragraphs say as much as the whole mail

# Letters that appear in one candidate language only; worth about one function word.
_DISTINCT_LETTERS: dict[str, str] = {"ñ¿¡": "es", "ß": "de", "ãõ": "pt", "œ": "fr"}
# Word endings typical of one language ("-zione", "-ção", "-ijk"): half a vote each, so short
# requests with few function words ("Voglio acquistare diversi articoli") still get a language.
_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("ing", "tion", "ould", "ed"),
    "es": ("ción", "cion", "mos", "ado", "ada", "aría", "dad"),
    "fr": ("eau", "eaux", "ez", "ais", "ait", "ique", "ée", "ées", "ère"),
    "de": ("ung", "lich", "keit", "heit", "chen", "sch", "en"),
    "it": ("zione", "zioni", "are", "ere", "ire", "tti", "ggi", "cchi", "ato", "ata", "ità"),
    "pt": ("ção", "ções", "cao", "ões", "ão", "ar", "ado", "ada", "nha", "lho", "dade", "ou"),
    "nl": ("ijk", "lijk", "heid", "ij", "aan", "oor", "eer", "gen", "en"),
}
_ENDING_VOTE = 0.35
_TRIGRAM_VOTE = 0.6  # an unknown word's letters are worth about half a known word
_LONG_WORD = 6
_LONG_WORD_VOTE = 1.25
# Word votes this far ahead settle the language: the letters of the other words are not read.
_SETTLED_MARGIN = 2.5
# Letters are read for this many unknown words at most: a chat line has fewer, and a long mail
# that words have not settled is not settled by its hundredth word's letters either.
_MAX_LETTER_WORDS = 24
_SMOOTHING = 0.3  # added to each triplet count: a triplet one sample lacks is rare, not impossible
_TEMPERATURE = 1.5  # softens naive Bayes, which is overconfident on long words

_WORD = re.compile(r"[a-zà-öø-ÿœß']+")
_ACCENTS = str.maketrans("áàâäãéèêëíìîïóòôöõúùûüçñ", "aaaaaeeeeiiiiooooouuuucn")


def _plain(word: str) -> str:
    return word.translate(_ACCENTS)


def _build_votes() -> dict[str, dict[str, float]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for table in (FUNCTION_WORDS, SUPPORT_WORDS):
        for language, words in table.items():
            for word in words.split():
                owners[word].add(language)
                owners[_plain(word)].add(language)
    return {word: {lang: _vote(word, langs) for lang in langs} for word, langs in owners.items()}


def _vote(word: str, languages: set[str]) -> float:
    # "abgebucht", "accettate", "dankjewel": a long word only one language has is enough alone,
    # where a short one ("hola", "merci") is not.
    if len(languages) == 1 and len(word) >= _LONG_WORD:
        return _LONG_WORD_VOTE
    return 1.0 / len(languages)


_VOTES = _build_votes()
_LANGUAGES = tuple(FUNCTION_WORDS)


def _trigrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@cache  # built on the first unsettled message, not at import: cold starts that never triage pay nothing
def _trigram_logs() -> dict[str, tuple[float, ...]]:
    """For each letter triplet, its log frequency in each language's words (smoothed, so a
    triplet one language never showed is unlikely there, not impossible)."""
    counts: dict[str, dict[str, int]] = {language: defaultdict(int) for language in _LANGUAGES}
    for language in _LANGUAGES:
        text = " ".join((FUNCTION_WORDS[language], SUPPORT_WORDS[language], SAMPLE_TEXT[language],
                         MORE_SAMPLE_TEXT[language]))
        for word in _WORD.findall(text.lower()):
            for form in {word.strip("'"), _plain(word.strip("'"))}:
                for trigram in _trigrams(form):
                    counts[language][trigram] += 1
    totals = {language: sum(table.values()) for language, table in counts.items()}
    return {
        trigram: tuple(math.log((counts[lang].get(trigram, 0) + _SMOOTHING) / totals[lang]) for lang in _LANGUAGES)
        for trigram in {t for table in counts.values() for t in table}
    }


def _letter_votes(word: str) -> dict[str, float]:
    """An unknown word's vote from its letter triplets: naive Bayes over the triplets, softened
    by their number, shared out as up to _TRIGRAM_VOTE among the likeliest languages."""
    totals = [0.0] * len(_LANGUAGES)
    seen = 0
    table = _trigram_logs()
    for trigram in _trigrams(word):
        logs = table.get(trigram)
        if logs:
            seen += 1
            for index, value in enumerate(logs):
                totals[index] += value
    if seen < 2:
        return {}
    top = max(totals)
    weights = [math.exp((value - top) / _TEMPERATURE) for value in totals]
    norm = sum(weights)
    return {language: _TRIGRAM_VOTE * weight / norm for language, weight in zip(_LANGUAGES, weights, strict=True)
            if weight / norm > 0.2}


def _ending_votes(word: str) -> dict[str, float]:
    owners = [language for language, endings in _ENDINGS.items() if word.endswith(endings)]
    return {language: _ENDING_VOTE / len(owners) for language in owners}


def _split_elision(token: str) -> tuple[str, ...]:
    """"l'adresse" -> "l'", "adresse"; "dov'è" -> "dov'", "è": the elided article says French
    or Italian, the word after it says the rest. Known whole words ("j'ai", "don't") stay whole."""
    if "'" not in token or token in _VOTES:
        return (token,)
    head, _, tail = token.partition("'")
    return (head + "'", tail)


def _settled(scores: dict[str, float]) -> bool:
    ranked = sorted(scores.values(), reverse=True)
    return bool(ranked) and ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0) >= _SETTLED_MARGIN


def detect_language(text: str) -> str:
    """ISO 639-1 code of the message's language; "en" when unsure or too short."""
    sample = text[:_MAX_CHARS].lower().replace("\u2019", "'")
    scores: dict[str, float] = defaultdict(float)
    matched = 0
    unknown = []
    tokens = _WORD.findall(sample)
    for token in tokens:
        for word in _split_elision(token.strip("'")):
            votes = _VOTES.get(word)
            if votes:
                matched += 1
                for language, weight in votes.items():
                    scores[language] += weight
            elif len(word) > 2:
                unknown.append(word)
    # No known word at all: an order number, "ok", a product name; or three unknown words or
    # more, which their letters may still place ("chega ate sexta-feira").
    if matched < _MIN_FUNCTION_WORDS and len(unknown) < 3:
        return DEFAULT_LANGUAGE
    if not _settled(scores):
        for word in unknown[:_MAX_LETTER_WORDS]:
            for language, weight in _letter_votes(word).items():
                scores[language] += weight
            if len(word) > 4:
                for language, weight in _ending_votes(word).items():
                    scores[language] += weight
    for letters, language in _DISTINCT_LETTERS.items():
        if any(letter in sample for letter in letters):
            scores[language] += 1.0
    if not scores:  # three or more unknown words whose letters say nothing: codes, SKUs
        return DEFAULT_LANGUAGE
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # Three words or more with nothing English in them ("la batería dura poco") need less.
    needed = _MIN_SCORE_NOTHING_ENGLISH if len(tokens) >= 3 and not scores.get("en") else _MIN_SCORE
    # A tie between two languages is no evidence for either.
    if best_score < needed or best_score == runner_up:
        return DEFAULT_LANGUAGE
    return best
