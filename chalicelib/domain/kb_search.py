"""Ranking knowledge-base articles: BM25F over title, tags and body, per language.

Built once from the published articles (plain `Document`s) and then only read, so one index
serves every request of a Lambda container. Each language has its own index (its own idf: a word
common in Spanish articles says little there, whatever English does). A query is folded and
stemmed as the articles were (`kb_text`); a word no article contains is matched, on short
queries, to the article words one or two edits away (typos) or, failing that, to words it begins
(a half-typed word). Per field the weight of a term is precomputed at build time, so a query only
adds numbers from its terms' postings.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import kb_text

# title counts most, then tags, then the body; b: how much a long field is discounted.
FIELDS = (("title", 3.0, 0.5), ("tags", 2.0, 0.3), ("body", 1.0, 0.75))
K1 = 1.2
SHORT_QUERY_WORDS = 4  # typo tolerance and prefixes apply to queries this short (in content words)
_TYPO_WEIGHT = {1: 0.8, 2: 0.55}
_PREFIX_WEIGHT = 0.5
_MAX_SUGGEST_TERMS = 40
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Document:
    id: str
    language: str
    title: str
    body: str  # plain text
    tags: tuple[str, ...] = ()
    category: str | None = None


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    language: str


@dataclass
class _LanguageIndex:
    language: str
    ids: list[str] = field(default_factory=list)
    categories: list[str | None] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float, bool]]] = field(default_factory=dict)  # term → (doc, weight, in title)
    idf: dict[str, float] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)  # folded word → its stem
    deletions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sorted_words: list[str] = field(default_factory=list)

    def build(self, documents: Sequence[Document]) -> None:
        counts: list[dict[str, Counter[str]]] = []
        lengths: dict[str, list[int]] = {name: [] for name, _, _ in FIELDS}
        stops = kb_text.STOP_WORDS.get(self.language, frozenset())
        stem, language, surface = kb_text.stem, self.language, self.surface
        for doc in documents:
            fields = {"title": doc.title, "tags": " ".join(doc.tags), "body": doc.body}
            per_field: dict[str, Counter[str]] = {}
            for name, _, _ in FIELDS:
                kept = Counter(w for w in kb_text.words(fields[name]) if w not in stops)
                stems: Counter[str] = Counter()
                for word, times in kept.items():
                    term = stem(word, language)
                    stems[term] += times
                    if word not in surface and len(word) >= 3 and not word.isdigit():
                        surface[word] = term
                per_field[name] = stems
                lengths[name].append(stems.total())
            counts.append(per_field)
            self.ids.append(doc.id)
            self.categories.append(doc.category)
        averages = {name: (sum(values) / len(values) if values else 0.0) or 1.0 for name, values in lengths.items()}
        postings: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)
        for index, per_field in enumerate(counts):
            weighted: dict[str, float] = defaultdict(float)
            for name, boost, b in FIELDS:
                norm = 1 - b + b * lengths[name][index] / averages[name]
                for term, tf in per_field[name].items():
                    weighted[term] += boost * tf / norm
            for term, weight in weighted.items():
                postings[term].append((index, weight / (K1 + weight), term in per_field["title"]))
        total = len(documents)
        self.postings = dict(postings)
        self.idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        for word in self.surface:
            for variant in _deletions(word):
                self.deletions[variant].add(word)
        self.sorted_words = sorted(self.surface)

    def expansions(self, word: str, short: bool) -> list[tuple[str, float]]:
        """(term, weight) pairs a query word stands for."""
        term = kb_text.stem(word, self.language)
        if term in self.postings or not short or len(word) < 4 or word.isdigit():
            return [(term, 1.0)]
        found: dict[str, float] = {}
        limit = 1 if len(word) <= 7 else 2
        candidates: set[str] = set()
        for variant in (word, *_deletions(word, 2 if limit == 2 else 1)):
            candidates |= self.deletions.get(variant, set())
        for candidate in candidates:
            distance = _edit_distance(word, candidate, limit)
            if distance <= limit:
                stem = self.surface[candidate]
                found[stem] = max(found.get(stem, 0.0), _TYPO_WEIGHT[max(distance, 1)])
        if not found:
            from bisect import bisect_left

            start = bisect_left(self.sorted_words, word)
            for candidate in self.sorted_words[start:start + 50]:
                if not candidate.startswith(word):
                    break
                found.setdefault(self.surface[candidate], _PREFIX_WEIGHT)
        return sorted(found.items(), key=lambda pair: -pair[1])[:5] or [(term, 1.0)]

    def score(self, query_words: Sequence[str], category: str | None, short: bool,
              category_boost: float = 1.0, limit: int = 10, evidence: int = 1) -> list[Hit]:
        """`evidence`: how many of the words an article must hold (one in its title also does)."""
        totals: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        title_words: dict[int, int] = defaultdict(int)
        expanded = [self.expansions(word, short) for word in query_words]
        # A guessed word (typo or prefix) decides a query on its own, but only helps one whose
        # other words the articles know: "cuesta" is not a typo of "cuenta".
        exact = any(weight == 1.0 and term in self.idf for options in expanded for term, weight in options)
        for options in expanded:
            best: dict[int, tuple[float, bool]] = {}
            for term, weight in options:
                if exact and weight < 1.0:
                    weight *= 0.4
                idf = self.idf.get(term)
                if idf is None:
                    continue
                for doc, tf, in_title in self.postings[term]:
                    value = weight * idf * tf
                    if value > best.get(doc, (0.0, False))[0]:
                        best[doc] = (value, in_title)
            for doc, (value, in_title) in best.items():
                totals[doc] += value
                matched[doc] += 1
                title_words[doc] += in_title
        count = len(query_words) or 1
        hits = []
        for doc, total in totals.items():
            if category_boost == 1.0 and category and self.categories[doc] != category:
                continue
            if matched[doc] < evidence and not title_words[doc]:
                continue
            # More of the question answered beats one word repeated; a title that holds every
            # word of the question is very likely the article asked for.
            total *= (matched[doc] / count) ** 0.5
            if count > 1 and title_words[doc] == count:
                total *= 1.25
            if category_boost != 1.0 and category and self.categories[doc] == category:
                total *= category_boost
            hits.append(Hit(self.ids[doc], round(total, 4), self.language))
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:limit]


class SearchIndex:
    """Every published article, ready to be searched."""

    def __init__(self, documents: Iterable[Document]) -> None:
        by_language: dict[str, list[Document]] = defaultdict(list)
        for doc in documents:
            by_language[kb_text.base_language(doc.language) or FALLBACK_LANGUAGE].append(doc)
        self.languages: dict[str, _LanguageIndex] = {}
        for language, docs in by_language.items():
            index = _LanguageIndex(language)
            index.build(docs)
            self.languages[language] = index
        self.size = sum(len(docs) for docs in by_language.values())

    def search(self, query: str, language: str, category: str | None = None, limit: int = 10) -> list[Hit]:
        """The best articles for `query` in `language`, best first; the English ones when that
        language has none that match."""
        for candidate in _languages_to_try(language):
            index = self.languages.get(candidate)
            if index is None:
                continue
            query_words = _query_words(query, candidate)
            if not query_words:
                return []
            hits = index.score(query_words, category, len(query_words) <= SHORT_QUERY_WORDS, limit=limit)
            if hits:
                return hits
        return []

    def suggest(self, text: str, language: str, category: str | None, limit: int = 3,
                minimum: float = 1.0) -> list[Hit]:
        """Articles that may answer a customer's message: its rarest words matter, the ticket's
        category helps, and weak matches are left out (a wrong suggestion costs trust)."""
        for candidate in _languages_to_try(language):
            index = self.languages.get(candidate)
            if index is None:
                continue
            query_words = _query_words(text, candidate)
            known = sorted({w for w in query_words if kb_text.stem(w, candidate) in index.idf},
                           key=lambda w: -index.idf[kb_text.stem(w, candidate)])[:_MAX_SUGGEST_TERMS]
            if not known:
                continue
            # Two of the message's words, or one in the title, and not far behind the best.
            hits = index.score(known, category, short=False, category_boost=1.5, limit=limit * 3,
                               evidence=2)
            strong = [h for h in hits if h.score >= minimum]
            return [h for h in strong if h.score >= strong[0].score * 0.5][:limit] if strong else []
        return []


def _languages_to_try(language: str) -> list[str]:
    first = kb_text.base_language(language) or FALLBACK_LANGUAGE
    return [first] if first == FALLBACK_LANGUAGE else [first, FALLBACK_LANGUAGE]


def _query_words(query: str, language: str) -> list[str]:
    found = kb_text.words(query[:1000])
    content = [w for w in found if not kb_text.is_stop_word(w, language)]
    return list(dict.fromkeys(content or found))


def _deletions(word: str, depth: int = 1) -> set[str]:
    found: set[str] = set()
    level = {word}
    for _ in range(depth):
        level = {w[:i] + w[i + 1:] for w in level for i in range(len(w)) if len(w) > 3}
        found |= level
    return found


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance, or limit + 1 once past it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
