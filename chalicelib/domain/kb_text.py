"""Text as the knowledge base's search sees it: folded, split into words, stop words dropped, stemmed.

Accents are folded *before* stemming, so "garantía" and "garantia" (or "devolución" typed on a
phone without accents) reach the same stem. Stemmers come from Snowball (snowballstemmer, pure
Python: nothing to compile for Lambda); a language without one is matched on folded words.
Plain strings in and out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Languages we acknowledge in (email_templates/) and some more a store may write articles in.
STEMMERS = {
    "en": "english", "es": "spanish", "fr": "french", "de": "german", "it": "italian", "pt": "portuguese",
    "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish", "ca": "catalan",
    "ro": "romanian", "pl": "polish", "cs": "czech", "hu": "hungarian", "tr": "turkish", "ru": "russian",
    "el": "greek", "ga": "irish", "lt": "lithuanian", "id": "indonesian", "ar": "arabic",
}

def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short lists: the words a customer's question is made of that say nothing about its subject.
# BM25's idf already discounts common words; these keep them out of typo matching and suggestions.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set("""a about after again all am an and any are as at be been before being but by can cant
        could did do does doesnt dont for from get got had has have havent having he her here hers him his
        how i if im in into is isnt it its ive just me my myself no not now of on once only or other our
        ours out over please same she should so some still such than thank thanks that the their them
        then there these they this those through to too under until up very was wasnt we were what when
        where which while who why will with would yet you your yours hi hello dear"""),
    "es": _word_set("""a al algo algun alguna algunas alguno algunos ante antes como con contra cual cuando
        de del desde donde dos el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba
        estan estar estas este esto estos estoy fue fueron ha habia han has hay he la las le les lo los
        me mi mis mucho muy nada ni no nos nosotros o os otra otro para pero poco por porque que quien se
        sea ser si sin sobre son su sus tambien te tengo ti tiene tienen todo todos tu tus un una unas
        uno unos usted ustedes vosotros y ya yo hola gracias buenas buenos dias favor"""),
    "fr": _word_set("""a au aux avec ce ces cette dans de des du elle en est et eux il ils je la le les leur
        lui ma mais me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
        tes toi ton tu un une vos votre vous y bonjour merci"""),
    "de": _word_set("""aber als am an auch auf aus bei bin bis bitte da das dass dem den der des die doch
        du ein eine einem einen einer es fur hab habe hallo hat ich ihr im in ist ja kann mein meine mich
        mir mit nach nicht noch nur oder schon sehr sie sind so und uns unser vom von vor war was wie wir
        wo zu zum zur danke"""),
}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th",
                                "’": "", "'": ""})


_LATIN_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Devolución' → 'devolucion', 'Straße' → 'strasse'."""
    if text.isascii():  # most text: nothing to decompose (and 5x quicker)
        return text.lower().replace("'", "")
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL_FOLDS)))
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def base_language(language: str | None) -> str:
    """'es-MX' → 'es'; empty or odd values → ''."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code.isalpha() and 2 <= len(code) <= 3 else ""


def words(text: str) -> list[str]:
    """The folded words of `text`, apostrophes joined ("don't" → "dont")."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=64)
def _stemmer(language: str) -> snowballstemmer.Stemmer | None:
    algorithm = STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of a folded word; the word itself for numbers and languages without a stemmer."""
    stemmer = _stemmer(language)
    if stemmer is None or word.isdigit():
        return word
    return str(stemmer.stemWord(word))


def is_stop_word(word: str, language: str) -> bool:
    return word in STOP_WORDS.get(language, frozenset())


def terms(text: str, language: str, keep_stop_words: bool = False) -> list[str]:
    """Search terms of `text`: folded, stemmed, without stop words (unless nothing else is left)."""
    language = base_language(language)
    found = words(text)
    kept = found if keep_stop_words else [w for w in found if not is_stop_word(w, language)]
    return [stem(w, language) for w in (kept or found)]


def slugify(text: str, limit: int = 80) -> str:
    """A URL-safe name from a title: 'Devoluciones y reembolsos' → 'devoluciones-y-reembolsos'."""
    slug = "-".join(re.findall(r"[a-z0-9]+", fold(text)))[:limit].strip("-")
    return slug or "article"
