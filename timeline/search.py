"""Search forms of text: what the full-text index stores and what a query is turned into.

Some languages attach the article and short prepositions to the word (Arabic للانتخابات =
لل + انتخابات) and write one word several ways (الإنتخابات / الانتخابات). A plain token index
would treat each spelling as a different word, so both the indexed text and the query go
through the same two steps: the matching normalisation of `timeline.text` and a light prefix
stripper whose prefixes come from each language's `[search]` resources (an index holds every
language, so the prefixes of all of them apply; they are written in their own scripts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from timeline.lang import available_languages, load_resources
from timeline.text import normalize_string

_TOKEN = re.compile(r"\w+")
_MIN_STEM = 2  # never strip a word down to less than two letters


def _prefix_rules() -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    prefixes: set[str] = set()
    letters: list[str] = []
    for code in available_languages():
        rules = load_resources(code).get("search", {})
        prefixes.update(normalize_string(p) for p in rules.get("article_prefixes", []))
        if rules.get("letter_prefix"):
            letters.append(normalize_string(rules["letter_prefix"]))
    letter = re.compile("|".join(f"(?:{p})" for p in letters)) if letters else None
    return tuple(sorted(prefixes, key=len, reverse=True)), letter


# article + preposition prefixes (longest first), and single letters cut only in context
_ARTICLE_PREFIXES, _LETTER_PREFIX = _prefix_rules()


def search_terms(text: str) -> list[str]:
    """The index terms of `text`, in order (duplicates kept)."""
    return [_stem(token) for token in _TOKEN.findall(normalize_string(text))]


def index_form(text: str) -> str:
    """The text the full-text index stores for `text`: its terms separated by spaces."""
    return " ".join(search_terms(text))


def matches(query_terms: list[str], text: str) -> bool:
    """True when every query term occurs in `text` (the same rule the index applies)."""
    terms = set(search_terms(text))
    return all(term in terms for term in query_terms)


class TermIndex:
    """Which documents hold each search term, so that `q` over a built timeline is a few
    dictionary lookups instead of normalising 100,000 passages per request.

    A document is a sequence of parts (an entry's passage, its article title): its terms are
    the union of the parts' terms, exactly those of the parts joined by a space, and a part
    repeated across documents (one title, many entries) is normalised once.
    """

    def __init__(self, documents: Iterable[Sequence[str]]) -> None:
        postings: dict[str, list[int]] = {}
        part_terms: dict[str, frozenset[str]] = {}
        for i, parts in enumerate(documents):
            terms: set[str] = set()
            for part in parts:
                found = part_terms.get(part)
                if found is None:
                    found = part_terms[part] = frozenset(search_terms(part))
                terms |= found
            for term in terms:
                postings.setdefault(term, []).append(i)
        self._postings = postings

    def matching(self, query: str) -> list[int]:
        """The documents holding every term of `query`, in ascending order; none when the
        query has no searchable word (as `matches` and the article search answer)."""
        terms = set(search_terms(query))
        if not terms:
            return []
        lists = sorted((self._postings.get(term, []) for term in terms), key=len)
        found = lists[0]
        for other in lists[1:]:  # shortest first: each pass tests as few numbers as can be
            if not found:
                break
            keep = set(other)
            found = [i for i in found if i in keep]
        return list(found)


@lru_cache(maxsize=1 << 16)  # news repeats its words: a timeline index stems each once
def _stem(token: str) -> str:
    """Strip prefixes until none applies: the result is a fixed point, so a word reached by
    different routes (اللاعبين -> لاعبين -> اعبين, لاعبين -> اعبين) ends as the same term."""
    while True:
        stripped = _strip_once(token)
        if stripped == token:
            return token
        token = stripped


def _strip_once(token: str) -> str:
    for prefix in _ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _MIN_STEM:
            return token[len(prefix):]
    return _LETTER_PREFIX.sub("", token) if _LETTER_PREFIX else token
