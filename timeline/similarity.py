"""How alike two clauses are: content words, clitics stripped, weighted by rarity in the story.

Why not a fuzzy string library (rapidfuzz and the like): their ratios score shared characters,
and in a story every clause shares the same names (Musk, Trump, Zelensky), so two different
events on one day score as alike as two reports of one event. What separates them are the
words few clauses use ("joined the call" vs "congratulated"), which an IDF weight over the
story's own clauses finds. Arabic clitics (و، ب، ل، ال) are stripped first with the language's
`[clauses] prefixes`, and words are cut to their first `stem_chars` letters (a truncation
stemmer: اوكراني/اوكرانيا, election/elections), which covers what fuzzy matching would
otherwise be needed for.
Names (capitalised Latin words, digits-free tokens in any script) count like other content
words; a Latin name inside Arabic text (Starlink, CNN) is kept as is.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from timeline.lang import load_resources
from timeline.text import normalize_string

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_STEM = 3  # shorter words are function words, not content
# a one-letter clitic comes off only when this much is left (وفرت is a verb, not و+فرت); a
# longer one (ال، بال) only comes before nouns, so a three-letter stem is fine after it
_MIN_STRIPPED = 4


@dataclass(frozen=True, slots=True)
class WordTable:
    """One language's clitics and stopwords, normalised."""

    prefixes: tuple[str, ...]
    stopwords: frozenset[str]
    stem_chars: int  # words are cut to this many letters: a truncation stemmer


@cache
def word_table(lang: str) -> WordTable:
    try:
        section = load_resources(lang).get("clauses", {})
    except LookupError:
        section = {}
    prefixes = sorted({normalize_string(p) for p in section.get("prefixes", [])},
                      key=len, reverse=True)
    stops = frozenset(normalize_string(w) for w in section.get("stopwords", []))
    return WordTable(tuple(prefixes), stops, int(section.get("stem_chars", 0)) or 10 ** 3)


def content_words(text: str, lang: str) -> list[str]:
    """The stems of the content words of `text`: normalised, clitics off, stopwords out."""
    table = word_table(lang)
    words = []
    for token in _TOKEN.findall(normalize_string(text)):
        if token in table.stopwords:
            continue
        stem = _strip(token, table.prefixes)
        if len(stem) >= _MIN_STEM and stem not in table.stopwords:
            words.append(stem[:table.stem_chars])
    return words


def _strip(word: str, prefixes: Sequence[str]) -> str:
    # one clitic cluster at most ("وبال"), and only if a real word is left
    for prefix in prefixes:
        left = len(word) - len(prefix)
        if word.startswith(prefix) and left >= (_MIN_STEM if len(prefix) > 1 else _MIN_STRIPPED):
            return word[len(prefix):]
    return word


class Idf:
    """Inverse document frequencies over a story's clauses (each clause a document)."""

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for words in documents:
            counts.update(set(words))
            total += 1
        self._counts = counts
        self._total = max(total, 1)

    def weight(self, word: str) -> float:
        # smoothed so a word in every clause still weighs a little (never zero or negative)
        return math.log((self._total + 1) / (self._counts.get(word, 0) + 0.5))


def similarity(a: Sequence[str], b: Sequence[str], idf: Idf) -> float:
    """Cosine of the IDF-weighted word sets of two clauses, in [0, 1]."""
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return 0.0
    shared = sum(idf.weight(w) ** 2 for w in set_a & set_b)
    norm_a = math.sqrt(sum(idf.weight(w) ** 2 for w in set_a))
    norm_b = math.sqrt(sum(idf.weight(w) ** 2 for w in set_b))
    return shared / (norm_a * norm_b)
